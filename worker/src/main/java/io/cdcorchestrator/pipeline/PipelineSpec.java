package io.cdcorchestrator.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the user asked for. Carries no secret: credentials are created by the target and referred to
 * by {@link SecretRef}.
 *
 * @param watchIntervalSeconds how often the READY pipeline checks connector health (durable timer)
 * @param checksPerRun health checks before the watch continues as new, bounding the history
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineSpec(String name, Target target, int watchIntervalSeconds, int checksPerRun) {

  public static final int DEFAULT_WATCH_INTERVAL_SECONDS = 60;
  public static final int DEFAULT_CHECKS_PER_RUN = 100;

  public static PipelineSpec of(String name, Target target) {
    return new PipelineSpec(name, target, DEFAULT_WATCH_INTERVAL_SECONDS, DEFAULT_CHECKS_PER_RUN);
  }

  public PipelineSpec withWatch(int intervalSeconds, int checks) {
    return new PipelineSpec(name, target, intervalSeconds, checks);
  }
}
