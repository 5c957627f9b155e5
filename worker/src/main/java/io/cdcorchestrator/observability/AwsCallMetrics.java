package io.cdcorchestrator.observability;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS SDK call by service and outcome, for the pipeline whose activity made it: {@code
 * ok} on the first attempt, {@code retried} when it succeeded after the SDK retried it, {@code
 * throttled} when it ended on a throttling error, {@code failed} on any other error. Attempts are
 * counted per transmission, so the SDK's own retries are seen.
 */
public final class AwsCallMetrics implements ExecutionInterceptor {
  private static final ExecutionAttribute<Integer> ATTEMPTS =
      new ExecutionAttribute<>("cdc.aws.attempts");

  private final PipelineMetrics metrics;

  public AwsCallMetrics(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Integer attempts = attributes.getAttribute(ATTEMPTS);
    attributes.putAttribute(ATTEMPTS, attempts == null ? 1 : attempts + 1);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    Integer attempts = attributes.getAttribute(ATTEMPTS);
    record(attributes, attempts != null && attempts > 1 ? "retried" : "ok");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    boolean throttled =
        context.exception() instanceof AwsServiceException e && e.isThrottlingException();
    record(attributes, throttled ? "throttled" : "failed");
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    metrics.awsCall(PipelineLabels.current(), service == null ? "unknown" : service, outcome);
  }
}
