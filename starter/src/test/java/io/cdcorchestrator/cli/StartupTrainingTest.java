package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * The training run of the launcher's class-data-sharing archive runs status, list and plan against
 * its stand-in frontend, and each must succeed: a call the frontend does not answer would otherwise
 * leave every later run without the archive, silently slower.
 */
class StartupTrainingTest {
  @Test
  void everyTrainedCommandSucceeds() {
    assertDoesNotThrow(StartupTraining::train);
  }
}
