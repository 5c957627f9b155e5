package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code cdc sweep}'s input rules, checked before connecting (TEMPORAL_ADDRESS is a closed port, so
 * a command that connected first would exit 1). The sweep itself runs on moto in the worker's
 * {@code AwsTeardownMotoTest}.
 */
class SweepCommandTest {
  private final Cli cli = new Cli().address("127.0.0.1:" + FreePort.find());

  @Test
  void sandboxIsRefused_exit2_namingTheTarget() {
    Cli.Result r = cli.run("sweep", "demo", "--target", "sandbox");
    assertEquals(2, r.code(), r::toString);
    assertTrue(
        r.err().startsWith("target:") || r.err().contains("target: sweep supports only aws"),
        r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
  }

  @Test
  void badNameAndMissingTarget_exit2() {
    Cli.Result badName = cli.run("sweep", "Nope!", "--target", "aws");
    assertEquals(2, badName.code(), badName::toString);
    assertTrue(badName.err().toLowerCase().contains("name"), badName::toString);
    Cli.Result noTarget = cli.run("sweep", "demo");
    assertEquals(2, noTarget.code(), noTarget::toString);
    assertTrue(noTarget.err().contains("--target"), noTarget::toString);
  }

  @Test
  void validInputGetsAsFarAsConnecting() {
    Cli.Result r = cli.run("sweep", "demo", "--target", "aws");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("cannot reach Temporal"), r::toString);
  }
}
