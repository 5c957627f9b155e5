package io.cdcorchestrator.observability;

import com.uber.m3.tally.Scope;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * What a worker process measures and traces, handed to the Temporal connection (metrics scope,
 * client interceptors), to the workers (worker interceptors) and to the AWS clients (SDK
 * interceptors). Off by default: no metrics registry, no tracer; the pipeline labels in the logs'
 * MDC stay on.
 */
public final class Observability implements AutoCloseable {
  private final WorkerMetrics metrics;
  private final Tracing tracing;

  private Observability(WorkerMetrics metrics, Tracing tracing) {
    this.metrics = metrics;
    this.tracing = tracing;
  }

  public static Observability off() {
    return new Observability(null, Tracing.off());
  }

  /**
   * @param metrics null: no metrics
   */
  public static Observability of(WorkerMetrics metrics, Tracing tracing) {
    return new Observability(metrics, tracing);
  }

  /** The Temporal SDK's metrics scope, or null to leave the SDK's default (no metrics). */
  public Scope temporalScope() {
    return metrics == null ? null : metrics.temporalScope();
  }

  public List<WorkflowClientInterceptor> clientInterceptors() {
    return tracing.clientInterceptors();
  }

  public WorkerInterceptor[] workerInterceptors() {
    List<WorkerInterceptor> all = new ArrayList<>();
    all.add(new PipelineLabels());
    if (metrics != null) {
      all.add(new ActivityMetrics(metrics.pipelines()));
    }
    all.addAll(tracing.workerInterceptors());
    return all.toArray(WorkerInterceptor[]::new);
  }

  public List<ExecutionInterceptor> awsInterceptors() {
    List<ExecutionInterceptor> all = new ArrayList<>();
    if (metrics != null) {
      all.add(new AwsCallMetrics(metrics.pipelines()));
    }
    all.addAll(tracing.awsInterceptors());
    return all;
  }

  public WorkerMetrics metrics() {
    return metrics;
  }

  public Tracing tracing() {
    return tracing;
  }

  @Override
  public void close() {
    tracing.close();
    if (metrics != null) {
      metrics.close();
    }
  }
}
