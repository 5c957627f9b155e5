package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code cdc worker}'s metrics options fail before anything connects, in one line. */
class WorkerMetricsOptionsTest {
  private final Cli cli = new Cli().address("127.0.0.1:" + FreePort.find()); // nothing listens

  @Test
  void anUnusablePort_isBadInput() {
    for (String port : new String[] {"0", "70000"}) {
      Cli.Result r = cli.run("worker", "--metrics-port", port);
      assertEquals(2, r.code(), r::toString);
      assertEquals(
          "--metrics-port: " + port + " is not a usable port (1-65535)",
          r.err().strip(),
          r::toString);
    }
  }

  @Test
  void aPortInUse_failsBeforeConnecting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result r = cli.run("worker", "--metrics-port", Integer.toString(taken.getLocalPort()));
      assertEquals(1, r.code(), r::toString);
      assertTrue(
          r.err().startsWith("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()),
          r::toString);
      assertTrue(!r.err().contains("Temporal"), "nothing tried to connect: " + r);
    }
  }

  @Test
  void grpcForTraces_isBadInput() {
    Cli.Result r =
        new Cli()
            .address("127.0.0.1:" + FreePort.find())
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
            .run("worker");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("HTTP/protobuf only"), r::toString);
  }

  @Test
  void help_namesTheMetricsOptions() {
    Cli.Result r = cli.run("worker", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--metrics-port") && r.out().contains("--metrics-bind"), r.out());
  }
}
