package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.common.aws.AwsErrors;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One read-only AWS call of a check, asked again on a transient answer (throttling, 5xx): a
 * preflight makes some forty calls, and one throttled describe must not cost the whole run a retry.
 * What still fails goes to the activity's retry policy (or {@code cdc preflight}'s exit code 1).
 */
final class Ask {
  static final int ATTEMPTS = 6;

  private Ask() {}

  static <T> T aws(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (SdkException e) {
        if (attempt >= ATTEMPTS || AwsErrors.classify(e) != AwsErrors.Kind.RETRYABLE) {
          throw e;
        }
        try {
          Thread.sleep(100L << Math.min(attempt, 5)); // 0.2 s, 0.4 s … 3.2 s
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
