package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Temporal unreachable: exit 1, one clear line with the address tried, a stack trace only with --verbose. */
class UnreachableTest {
  private final String address = "127.0.0.1:" + FreePort.find();
  private final Cli cli = new Cli().address(address);

  @Test
  void everyServerCommandSaysWhereItTried() {
    String[][] commands = {
      {"status", "demo"}, {"up", "demo", "--target", "sandbox"}, {"down", "demo"}, {"list"},
      {"history", "demo"}, {"events", "demo"}, {"worker"}
    };
    for (String[] args : commands) {
      Cli.Result r = cli.run(args);
      assertEquals(1, r.code(), r::toString);
      assertEquals("cannot reach Temporal at " + address + " (is a server running? try ./cdc dev-server)", r.err().strip(), r::toString);
      assertFalse(r.err().contains("Exception"), r::toString);
    }
  }

  @Test
  void verboseAddsTheStackTrace() {
    Cli.Result r = cli.run("--verbose", "status", "demo");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().startsWith("cannot reach Temporal at " + address), r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
  }

  @Test
  void verboseWorksAfterTheSubcommandToo() {
    Cli.Result r = cli.run("status", "demo", "--verbose");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
  }
}
