package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.local.PortProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc demo} as CI and the benchmark run it: no terminal, so it provisions the sandbox
 * pipeline on its own local Temporal, proves CDC, prints the endpoints and the hint, tears down and
 * exits 0.
 */
class DemoTest {
  @TempDir Path home;

  @Test
  void demoOffATerminal_reachesReady_printsEndpoints_tearsDown_andLeavesNothing() {
    int port = FreePort.withUiPort();
    System.setProperty("cdc.home", home.toString());
    try {
      Cli.Result demo = new Cli().run("demo", "--port", String.valueOf(port));

      assertEquals(0, demo.code(), demo::toString);
      String out = demo.out();
      assertTrue(out.matches("(?s).*READY in [0-9.]+ s.*"), demo::toString);
      assertTrue(
          out.contains("jdbc:postgresql://127.0.0.1:")
              && out.contains("demo.public.inventory")
              && out.contains("inventory-connector"),
          "endpoints: " + out);
      assertTrue(
          out.contains("psql -h 127.0.0.1") && out.contains("./cdc events demo"), "hint: " + out);
      assertTrue(out.contains("phase DESTROYED"), out);
      assertFalse(Files.exists(home.resolve("sandbox").resolve("demo")), "work directory removed");
      assertFalse(PortProbe.accepts(port), "the local Temporal server was stopped");
    } finally {
      System.clearProperty("cdc.home");
    }
  }
}
