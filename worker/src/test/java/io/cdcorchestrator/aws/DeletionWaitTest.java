package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.aws.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a deletion wait that starts right after the delete may read the state from before it
 * (an MSK cluster whose create failed reads FAILED, then DELETING); that read must not report the
 * resource as left behind.
 */
class DeletionWaitTest {
  /** As MskCluster's deletion: gone, FAILED ends it, five minutes at least. */
  private static final Wait MSK_DELETED =
      Wait.GONE.failingOn("FAILED").notBefore(Duration.ofMinutes(5));

  @Test
  void aFailedStateReadRightAfterTheDelete_isNotTheEnd() {
    assertFalse(AwsActivitySupport.failedForGood("FAILED", MSK_DELETED, Duration.ofSeconds(10)));
    assertFalse(AwsActivitySupport.failedForGood("FAILED", MSK_DELETED, Duration.ofMinutes(4)));
  }

  @Test
  void aFailedStateThatLasts_endsTheWait() {
    assertTrue(AwsActivitySupport.failedForGood("FAILED", MSK_DELETED, Duration.ofMinutes(5)));
    assertFalse(
        AwsActivitySupport.failedForGood("DELETING", MSK_DELETED, Duration.ofMinutes(30)),
        "DELETING is progress");
  }
}
