package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.elb.TargetGroup;
import io.cdcorchestrator.aws.kafka.MskCluster;
import io.cdcorchestrator.common.aws.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link AwsActivitySupport#nextPoll}: the delays a readiness wait's checks ask for, and what they
 * add up to over a short and a long wait.
 */
class PollScheduleTest {
  private static final Wait PLAIN = Wait.GONE;

  /** When check number {@code n} runs, counted along the schedule from the first check at 0. */
  private static long at(int n, Wait wait) {
    long t = 0;
    for (int a = 1; a < n; a++) {
      t += AwsActivitySupport.nextPoll(a, wait).toMillis();
    }
    return t;
  }

  /** How many checks a wait makes when the resource is ready after {@code ready}. */
  private static int checks(Duration ready, Wait wait) {
    int n = 1;
    while (at(n, wait) < ready.toMillis()) {
      n++;
    }
    return n;
  }

  @Test
  void firstAfterTheMinimum_thenTheEarlyInterval_forFiveMinutes_thenTwentySeconds() {
    Wait msk = MskCluster.READY;
    assertEquals(Duration.ofMinutes(15), AwsActivitySupport.nextPoll(1, msk));
    assertEquals(Duration.ofSeconds(10), AwsActivitySupport.nextPoll(2, msk));
    assertEquals(Duration.ofSeconds(10), AwsActivitySupport.nextPoll(31, msk));
    assertEquals(Duration.ofMinutes(20).toMillis(), at(32, msk), "five minutes of early polls");
    assertEquals(Duration.ofSeconds(20), AwsActivitySupport.nextPoll(32, msk));
    // a wait without a minimum re-polls after the early interval
    assertEquals(Duration.ofSeconds(10), AwsActivitySupport.nextPoll(1, PLAIN));
  }

  @Test
  void aLongWait_pollsAtAShareOfItsLength_lagAboutOnePercent_fewerChecks() {
    Wait msk = MskCluster.READY;
    int n = checks(Duration.ofMinutes(60), msk);
    Duration interval = AwsActivitySupport.nextPoll(n - 1, msk);
    assertTrue(
        interval.compareTo(Duration.ofSeconds(38)) >= 0
            && interval.compareTo(Duration.ofSeconds(41)) <= 0,
        "at 60 min a check every ~40 s: " + interval);
    // 15 min minimum, 30 early checks, 20 s to 30 min, then a ninetieth of the time waited
    assertTrue(n >= 115 && n <= 130, "checks for a 60-minute MSK cluster: " + n);
    int atThirty = checks(Duration.ofMinutes(30), msk);
    assertTrue(atThirty >= 60 && atThirty <= 64, "30 minutes: as with 20 s polls: " + atThirty);
  }

  @Test
  void theTargetHealthWait_pollsEveryFiveSeconds() {
    assertEquals(Duration.ofSeconds(30), AwsActivitySupport.nextPoll(1, TargetGroup.READY));
    assertEquals(Duration.ofSeconds(5), AwsActivitySupport.nextPoll(2, TargetGroup.READY));
    assertEquals(
        20, checks(Duration.ofMinutes(2), TargetGroup.READY), "30 s, then 18 checks 5 s apart");
  }
}
