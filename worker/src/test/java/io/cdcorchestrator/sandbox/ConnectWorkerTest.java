package io.cdcorchestrator.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Kafka Connect worker that fails to start is stopped again, whole: no thread of it (herder, REST
 * server, Kafka clients) and no port stays behind. Leftover clients of failed starts kept
 * reconnecting to a dead Kafka and wrote the same line ~4,000 times a second.
 */
@ExtendWith(SharedSandbox.class)
class ConnectWorkerTest {
  private static final Path SECRETS =
      SharedSandbox.ROOT.resolve(SharedSandbox.PIPELINE).resolve("secrets");

  @Test
  void aWorkerThatNeverGetsHealthyIsStoppedAndLeavesNoThread() throws Exception {
    String bootstrap = SharedSandbox.stack().kafka().attr("bootstrap");
    // Connect refuses a config topic that is not compacted: its herder stops, /health never says
    // 200
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("cdc-sandbox-broken-configs", 1, (short) 1)
                      .configs(Map.of("cleanup.policy", "delete"))))
          .all()
          .get();
    }
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    int port = Ports.free();

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                ConnectWorker.start(
                    "broken", bootstrap, SECRETS, port, Duration.ofSeconds(10), () -> {}));

    assertTrue(e.getMessage().contains("did not become healthy"), e.getMessage());
    assertEquals(Set.of(), newThreads(before), "threads left by the failed start");
    assertFalse(Ports.listening(port), "its REST port is closed again");
  }

  @Test
  void aWorkerWhosePortIsTakenFailsAtOnceAndLeavesNoThread() throws Exception {
    String bootstrap = SharedSandbox.stack().kafka().attr("bootstrap");
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  ConnectWorker.start(
                      "taken",
                      bootstrap,
                      SECRETS,
                      taken.getLocalPort(),
                      Duration.ofSeconds(10),
                      () -> {}));
      assertTrue(e.getMessage().contains("did not start on port"), e.getMessage());
    }
    assertEquals(Set.of(), newThreads(before), "threads left by the failed start");
  }

  /** Names of threads started since {@code before} that are still alive after a grace period. */
  private static Set<String> newThreads(Set<Thread> before) throws InterruptedException {
    Set<String> left = Set.of();
    for (int i = 0; i < 50; i++) { // threads end asynchronously after stop(): give them 10 s
      left = new TreeSet<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.isAlive() && !before.contains(t)) {
          left.add(t.getName());
        }
      }
      if (left.isEmpty()) {
        return left;
      }
      Thread.sleep(200);
    }
    return left;
  }
}
