package io.cdcorchestrator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A closed connection leaves no network thread behind: a JVM exiting while one waits in epoll would
 * wait 300 ms for it (every cdc status did).
 */
class TemporalConnectionTest {
  @Test
  void close_stopsTheConnectionsNetworkThread() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Set<Thread> before = networkThreads();
    TemporalConnection connection =
        TemporalConnection.connect(Map.of("TEMPORAL_ADDRESS", "127.0.0.1:" + port));
    StatusRuntimeException refused =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                connection
                    .service()
                    .blockingStub()
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
    Set<Thread> own = networkThreads();
    own.removeAll(before); // other tests' connections are not this one's business
    assertFalse(own.isEmpty(), "the call ran on the connection's own network thread");

    connection.close();

    // the loop's termination future completes just before its thread returns: give it that moment
    // (without close() shutting the loop down, the thread would run as long as the JVM)
    for (Thread t : own) {
      t.join(2_000);
    }
    assertTrue(own.stream().noneMatch(Thread::isAlive), "close() stopped it: " + own);
  }

  private static Set<Thread> networkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("cdc-temporal-grpc"))
        .collect(Collectors.toCollection(HashSet::new));
  }
}
