package io.cdcorchestrator.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.SecretRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared stack, as the sandbox activities started it. */
@ExtendWith(SharedSandbox.class)
class SandboxActivitiesTest {
  private final SharedSandbox.Stack stack = SharedSandbox.stack();
  private final SandboxActivities sandbox = stack.activities();

  @Test
  void createsAgainReturnTheRunningInstances() {
    assertEquals(stack.postgres(), sandbox.createPostgres(SharedSandbox.PIPELINE));
    assertEquals(stack.kafka(), sandbox.createKafka(SharedSandbox.PIPELINE));
    assertEquals(
        stack.connect(),
        sandbox.createConnect(SharedSandbox.PIPELINE, stack.kafka().attr("bootstrap")));
    assertEquals(stack.workDir(), sandbox.createWorkDirectory(SharedSandbox.PIPELINE));
  }

  @Test
  void awaitsAnswerReadyOnTheirFirstAttempt() {
    Readiness pg = sandbox.awaitPostgres(SharedSandbox.PIPELINE);
    // the attempt the activity context reports: 1 on a server, 0 in TestActivityEnvironment
    assertTrue(pg.attempts() <= 1, "answered on the first attempt: " + pg.attempts());
    assertTrue(pg.detail().contains("wal_level=logical"), pg.detail());
    assertTrue(
        sandbox
            .awaitKafka(SharedSandbox.PIPELINE)
            .detail()
            .contains(stack.kafka().attr("bootstrap")));
    assertTrue(
        sandbox
            .awaitConnect(SharedSandbox.PIPELINE)
            .detail()
            .contains(stack.connect().attr("url")));
  }

  @Test
  void postgresIsLogicalAndOnLoopbackOnly() throws SQLException {
    ResourceRecord pg = stack.postgres();
    assertEquals("127.0.0.1", pg.attr("host"));
    assertEquals("postgres", pg.attr("adminUser"));
    assertEquals("none", pg.attr("adminPassword"));
    String url = "jdbc:postgresql://127.0.0.1:" + pg.attr("port") + "/" + pg.attr("database");
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select current_setting('wal_level'), current_setting('listen_addresses'), "
                    + "current_setting('unix_socket_directories'), current_setting('synchronous_commit'), "
                    + "current_setting('password_encryption'), current_setting('max_replication_slots')::int, "
                    + "current_setting('server_version_num')::int")) {
      rs.next();
      assertEquals("logical", rs.getString(1));
      assertEquals("127.0.0.1", rs.getString(2));
      assertEquals("", rs.getString(3), "no Unix socket");
      assertEquals(
          "on", rs.getString(4), "synchronous_commit=off would add ~200 ms per change event");
      assertEquals("scram-sha-256", rs.getString(5));
      assertTrue(rs.getInt(6) >= 4);
      assertTrue(rs.getInt(7) >= 170000, "PostgreSQL 17");
    }
    int port = Integer.parseInt(pg.attr("port"));
    assertNotReachableFromOtherInterfaces(port);
  }

  @Test
  void otherUsersMustProveTheirPassword() throws SQLException {
    String url = "jdbc:postgresql://127.0.0.1:" + stack.postgres().attr("port") + "/inventory";
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("drop role if exists sandbox_probe");
      s.execute("create role sandbox_probe login password 'right-one'");
    }
    SQLException wrong =
        assertThrows(
            SQLException.class, () -> DriverManager.getConnection(url, "sandbox_probe", "wrong"));
    assertEquals("28P01", wrong.getSQLState());
    DriverManager.getConnection(url, "sandbox_probe", "right-one").close();
  }

  @Test
  void kafkaAndConnectListenOnLoopbackOnly() {
    String bootstrap = stack.kafka().attr("bootstrap");
    assertTrue(bootstrap.startsWith("127.0.0.1:"), bootstrap);
    URI connect = URI.create(stack.connect().attr("url"));
    assertEquals("127.0.0.1", connect.getHost());
    assertNotReachableFromOtherInterfaces(
        Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1)));
    assertNotReachableFromOtherInterfaces(connect.getPort());
  }

  @Test
  void replicationSecretIsOwnerOnlyAndReferencedNotInlined() throws IOException {
    SecretRef ref = new SecretRef(stack.postgres().attr("replicationPassword"));
    assertTrue(ref.uri().startsWith("file:") && ref.uri().endsWith(":password"), ref.uri());
    Path file = Path.of(ref.uri().substring("file:".length(), ref.uri().lastIndexOf(':')));
    assertEquals(Path.of(stack.workDir().attr("path"), "secrets", "replication.properties"), file);
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    assertEquals(
        PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(file.getParent()));
    Properties p = new Properties();
    try (var in = Files.newInputStream(file)) {
      p.load(in);
    }
    String password = p.getProperty("password");
    assertTrue(password.length() >= 32, "a long random password");
    for (ResourceRecord r :
        List.of(stack.workDir(), stack.postgres(), stack.kafka(), stack.connect())) {
      assertFalse(r.toString().contains(password), "no record carries the password: " + r.type());
    }
  }

  @Test
  void invalidPipelineNameIsRejectedWithoutTouchingTheDisk() {
    ActivityFailure f =
        assertThrows(ActivityFailure.class, () -> sandbox.deleteWorkDirectory("../sandbox-test"));
    ApplicationFailure af = ActivityCalls.applicationFailure(f);
    assertTrue(af.isNonRetryable());
    assertTrue(Files.isDirectory(SharedSandbox.ROOT.resolve(SharedSandbox.PIPELINE)));
  }

  @Test
  void awaitOfSomethingNeverCreatedIsTerminal() {
    ActivityFailure f =
        assertThrows(ActivityFailure.class, () -> sandbox.awaitKafka("never-created"));
    ApplicationFailure af = ActivityCalls.applicationFailure(f);
    assertEquals(NotReady.TERMINAL_TYPE, af.getType());
    assertTrue(af.isNonRetryable());
  }

  /** Connecting to the port through any non-loopback address of this host must be refused. */
  static void assertNotReachableFromOtherInterfaces(int port) {
    Optional<InetAddress> external = externalAddress();
    if (external.isEmpty()) {
      return; // a host with loopback only: nothing else could reach it
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(external.get(), port), 500);
      throw new AssertionError("port " + port + " answers on " + external.get());
    } catch (IOException expected) {
      // refused: bound to 127.0.0.1 only
    }
  }

  private static Optional<InetAddress> externalAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && nic.isUp()) {
            return Optional.of(a);
          }
        }
      }
    } catch (SocketException e) {
      throw new IllegalStateException(e);
    }
    return Optional.empty();
  }
}
