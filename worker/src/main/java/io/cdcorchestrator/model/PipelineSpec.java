package io.cdcorchestrator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.cdcorchestrator.model.aws.AwsSpec;

/**
 * What the user asked for. Carries no secret: credentials are created by the target and referred to
 * by {@link SecretRef}.
 *
 * @param watchIntervalSeconds how often the READY pipeline checks connector health (durable timer)
 * @param checksPerRun health checks before the watch continues as new, bounding the history
 * @param aws the AWS stack (defaults filled in); null for every other target, and absent from the
 *     inputs of runs recorded before AWS existed, which therefore still replay
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineSpec(
    String name, Target target, int watchIntervalSeconds, int checksPerRun, AwsSpec aws) {

  public static final int DEFAULT_WATCH_INTERVAL_SECONDS = 60;
  public static final int DEFAULT_CHECKS_PER_RUN = 100;

  public static PipelineSpec of(String name, Target target) {
    return new PipelineSpec(
        name, target, DEFAULT_WATCH_INTERVAL_SECONDS, DEFAULT_CHECKS_PER_RUN, null);
  }

  /**
   * An AWS pipeline; {@code aws} gets its defaults here so the workflow never has to fill them in.
   */
  public static PipelineSpec aws(String name, AwsSpec aws) {
    return new PipelineSpec(
        name,
        Target.AWS,
        DEFAULT_WATCH_INTERVAL_SECONDS,
        DEFAULT_CHECKS_PER_RUN,
        aws.withDefaults());
  }

  public PipelineSpec withWatch(int intervalSeconds, int checks) {
    return new PipelineSpec(name, target, intervalSeconds, checks, aws);
  }
}
