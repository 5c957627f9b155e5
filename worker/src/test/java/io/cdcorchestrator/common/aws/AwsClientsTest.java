package io.cdcorchestrator.common.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.RetryStrategy;

class AwsClientsTest {

  /** The fleet's clients slow down together when AWS throttles (docs/BENCHMARKS.md, "Fleet"). */
  @Test
  void everyClientRetriesAdaptively() {
    try (AwsClients aws = AwsClients.create("us-east-1")) {
      RetryStrategy ec2 =
          aws.ec2().serviceClientConfiguration().overrideConfiguration().retryStrategy().get();
      RetryStrategy ecs =
          aws.ecs().serviceClientConfiguration().overrideConfiguration().retryStrategy().get();
      assertTrue(
          ec2 instanceof software.amazon.awssdk.retries.AdaptiveRetryStrategy
              && ecs instanceof software.amazon.awssdk.retries.AdaptiveRetryStrategy,
          ec2 + " / " + ecs);
    }
  }

  /** The user's AWS_MAX_ATTEMPTS / aws.maxAttempts still counts (the moto tests set it to 1). */
  @Test
  void theUsersMaxAttemptsStillCounts() {
    String before = System.getProperty("aws.maxAttempts");
    System.setProperty("aws.maxAttempts", "1");
    try (AwsClients aws = AwsClients.create("us-east-1")) {
      RetryStrategy ec2 =
          aws.ec2().serviceClientConfiguration().overrideConfiguration().retryStrategy().get();
      assertEquals(1, ec2.maxAttempts(), ec2.toString());
    } finally {
      if (before == null) {
        System.clearProperty("aws.maxAttempts");
      } else {
        System.setProperty("aws.maxAttempts", before);
      }
    }
  }
}
