package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.local.LocalTemporal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server without the CdcPipeline/CdcTarget/CdcPhase search attributes: up says how to register
 * them.
 */
class UnregisteredAttributesTest {
  @TempDir Path logs;

  @Test
  void upExplainsHowToRegisterTheSearchAttributes() {
    try (LocalTemporal bare =
        LocalTemporal.start(LocalTemporal.Flavour.EMBEDDED, FreePort.find(), List.of(), logs)) {
      Cli.Result r = new Cli().address(bare.address()).run("up", "demo", "--target", "sandbox");
      assertEquals(1, r.code(), r::toString);
      assertTrue(
          r.err()
              .startsWith(
                  "the search attributes CdcPipeline, CdcTarget, CdcPhase are not registered on "
                      + bare.address()),
          r::toString);
      assertTrue(
          r.err()
              .contains(
                  "temporal operator search-attribute create --namespace default --name CdcPhase --type Keyword"),
          r::toString);
      assertEquals(1, r.err().strip().lines().count(), r::toString);
    }
  }
}
