package io.cdcorchestrator.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pipelines of their own (not the shared stack): deleting, closing, and a postmaster left behind.
 */
class SandboxLifecycleTest {
  private static final Path ROOT = SharedSandbox.ROOT;

  @Test
  void deletesAreIdempotentAndCloseEveryPortAndTheWorkDirectory() throws IOException {
    withSandbox(
        sandbox -> {
          String p = "lifecycle";
          Path dir = Path.of(sandbox.createWorkDirectory(p).attr("path"));
          int pgPort = Integer.parseInt(sandbox.createPostgres(p).attr("port"));
          String bootstrap = sandbox.createKafka(p).attr("bootstrap");
          int connectPort = URI.create(sandbox.createConnect(p, bootstrap).attr("url")).getPort();
          List<Integer> kafkaPorts = listenerPorts(dir.resolve("kafka/server.properties"));
          assertEquals(2, kafkaPorts.size(), "broker and controller");
          assertTrue(
              kafkaPorts.contains(
                  Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1))));
          long postmaster = postmasterPid(dir);
          for (int port : all(pgPort, connectPort, kafkaPorts)) {
            assertTrue(Ports.listening(port), "port " + port + " listens while running");
          }

          sandbox.deleteConnect(p);
          sandbox.deleteConnect(p);
          assertFalse(Ports.listening(connectPort));
          sandbox.deleteKafka(p);
          sandbox.deleteKafka(p);
          kafkaPorts.forEach(port -> assertFalse(Ports.listening(port), "Kafka port " + port));
          sandbox.deletePostgres(p);
          sandbox.deletePostgres(p);
          assertFalse(Ports.listening(pgPort));
          assertProcessGone(postmaster);

          ActivityFailure f = assertThrows(ActivityFailure.class, () -> sandbox.awaitPostgres(p));
          assertEquals(NotReady.TERMINAL_TYPE, ActivityCalls.applicationFailure(f).getType());

          sandbox.deleteWorkDirectory(p);
          sandbox.deleteWorkDirectory(p);
          assertFalse(Files.exists(dir));
        });
  }

  @Test
  void deleteWorkDirectoryStopsWhatStillRunsAndCloseStopsEveryStack() throws IOException {
    SandboxActivitiesImpl impl = new SandboxActivitiesImpl(ROOT);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    List<Integer> ports = new ArrayList<>();
    try {
      env.registerActivitiesImplementations(impl);
      SandboxActivities sandbox = env.newActivityStub(SandboxActivities.class, ActivityCalls.ONCE);
      int torn = Integer.parseInt(sandbox.createPostgres("torn-down").attr("port"));
      sandbox.deleteWorkDirectory("torn-down"); // without deleting PostgreSQL first
      assertFalse(Ports.listening(torn));
      assertFalse(Files.exists(ROOT.resolve("torn-down")));

      ports.add(Integer.parseInt(sandbox.createPostgres("owned").attr("port")));
      String bootstrap = sandbox.createKafka("owned").attr("bootstrap");
      ports.addAll(listenerPorts(ROOT.resolve("owned/kafka/server.properties")));
      ports.forEach(port -> assertTrue(Ports.listening(port)));
    } finally {
      impl.close(); // what Workers.close() calls when the worker stops
      env.close();
    }
    ports.forEach(port -> assertFalse(Ports.listening(port), "port " + port + " after close()"));
    Dirs.deleteRecursively(ROOT.resolve("owned"));
  }

  /**
   * A worker JVM that died left its postmaster running: the next worker's create takes it over as
   * it is (same process, same port, the data in it), and its delete stops it.
   */
  @Test
  void createAdoptsAPostmasterThatAnEarlierWorkerLeftRunning() throws Exception {
    SandboxActivitiesImpl dead = new SandboxActivitiesImpl(ROOT);
    TestActivityEnvironment deadEnv = TestActivityEnvironment.newInstance();
    try {
      deadEnv.registerActivitiesImplementations(dead);
      ResourceRecord old =
          deadEnv
              .newActivityStub(SandboxActivities.class, ActivityCalls.ONCE)
              .createPostgres("stale");
      Path dir = Path.of(old.attr("workDir"));
      long oldPid = postmasterPid(dir);
      String url = "jdbc:postgresql://127.0.0.1:" + old.attr("port") + "/inventory";
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("create table kept (v text)");
        s.execute("insert into kept values ('written before the worker died')");
      }
      // "dead" is never asked again: as far as the next worker knows, its JVM is gone

      withSandbox(
          next -> {
            ResourceRecord adopted = next.createPostgres("stale");
            assertEquals(oldPid, postmasterPid(dir), "the same server, not a new one");
            assertEquals(old.attr("port"), adopted.attr("port"));
            assertTrue(next.awaitPostgres("stale").detail().contains("wal_level=logical"));
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select v from kept")) {
              assertTrue(rs.next(), "the data survived");
            } catch (SQLException e) {
              throw new AssertionError(e);
            }
            assertEquals(
                old.attr("replicationPassword"),
                adopted.attr("replicationPassword"),
                "same secret reference");
            next.deleteWorkDirectory("stale");
            assertProcessGone(oldPid);
            assertFalse(Ports.listening(Integer.parseInt(adopted.attr("port"))));
          });
    } finally {
      dead.close(); // finds no server any more: nothing to stop
      deadEnv.close();
    }
  }

  private static void withSandbox(Consumer<SandboxActivities> test) {
    SandboxActivitiesImpl impl = new SandboxActivitiesImpl(ROOT);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(impl);
      test.accept(env.newActivityStub(SandboxActivities.class, ActivityCalls.ONCE));
    } finally {
      impl.close();
      env.close();
    }
  }

  /** An exited postmaster is an orphan: allow its new parent a moment to reap it. */
  private static void assertProcessGone(long pid) {
    for (int i = 0;
        i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        i++) {
      ActivityCalls.sleep(Duration.ofMillis(100));
    }
    assertFalse(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "process " + pid + " is gone");
  }

  private static long postmasterPid(Path workDir) {
    try {
      return Long.parseLong(
          Files.readAllLines(workDir.resolve("pgdata/postmaster.pid"), StandardCharsets.UTF_8)
              .get(0)
              .trim());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Integer> listenerPorts(Path serverProperties) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(serverProperties)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<Integer> ports = new ArrayList<>();
    Matcher m = Pattern.compile(":(\\d+)").matcher(p.getProperty("listeners"));
    while (m.find()) {
      ports.add(Integer.parseInt(m.group(1)));
    }
    return ports;
  }

  private static List<Integer> all(int pg, int connect, List<Integer> kafka) {
    List<Integer> ports = new ArrayList<>(kafka);
    ports.add(pg);
    ports.add(connect);
    return ports;
  }
}
