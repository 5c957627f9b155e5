package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cdcorchestrator.aws.AwsActivitySupport.Observed;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A readiness (or deletion) check whose wait the workflow cancelled ends cancelled instead of
 * asking for its next poll: a Parallel branch waits for its cancelled activities to complete before
 * compensation starts, so a check running when the cancel came must not leave the wait to its next
 * poll or its deadline (MSK: two hours). The activity hears of the cancel through a heartbeat only.
 */
class CancelledPollTest {
  @ActivityInterface
  public interface Poll {
    @ActivityMethod
    Readiness awaitCluster();

    @ActivityMethod
    Readiness awaitClusterDeleted();
  }

  /** A cluster still CREATING, then still DELETING: each check asks for another poll. */
  static final class SlowCluster implements Poll {
    private static final ResourceRecord CLUSTER =
        new ResourceRecord("aws:kafka:cluster", "c-1", "CREATING", Map.of());

    @Override
    public Readiness awaitCluster() {
      return AwsActivitySupport.await(
          "MSK cluster c-1",
          () -> Observed.of("CREATING"),
          Wait.until("ACTIVE").failingOn("FAILED"));
    }

    @Override
    public Readiness awaitClusterDeleted() {
      return AwsActivitySupport.awaitDeleted(
          "MSK cluster c-1", CLUSTER, null, r -> "DELETING", Wait.GONE);
    }
  }

  private TestActivityEnvironment env;
  private Poll poll;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new SlowCluster());
    poll =
        env.newActivityStub(
            Poll.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void notReady_asksForTheNextPoll() {
    ActivityFailure f = assertThrows(ActivityFailure.class, poll::awaitCluster);
    assertEquals(NotReady.TYPE, assertInstanceOf(ApplicationFailure.class, f.getCause()).getType());
  }

  @Test
  void cancelled_endsCancelled_insteadOfAskingForTheNextPoll() {
    env.requestCancelActivity();
    assertThrows(CanceledFailure.class, poll::awaitCluster);
  }

  @Test
  void aCancelledDeletionWait_endsCancelledToo() {
    env.requestCancelActivity();
    assertThrows(CanceledFailure.class, poll::awaitClusterDeleted);
  }
}
