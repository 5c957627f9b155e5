package io.cdcorchestrator.observability;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;

/**
 * The worker's metrics in one Prometheus registry: the Temporal SDK's own (schedule-to-start
 * latency, task slots, polls, failures — through the SDK's {@link MicrometerClientStatsReporter}),
 * the pipelines' ({@link PipelineMetrics}) and the JVM's. {@link #temporalScope()} goes into the
 * Temporal connection's options; the SDK reports through it every second.
 */
public final class WorkerMetrics implements AutoCloseable {
  private static final com.uber.m3.util.Duration REPORT_EVERY =
      com.uber.m3.util.Duration.ofSeconds(1);

  private final PrometheusMeterRegistry registry;
  private final PipelineMetrics pipelines;
  private final Scope scope;
  private final JvmGcMetrics gc;

  public WorkerMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    pipelines = new PipelineMetrics(registry, System::currentTimeMillis);
    scope =
        new RootScopeBuilder()
            .reporter(
                new PipelineStatsReporter(new MicrometerClientStatsReporter(registry), pipelines))
            .reportEvery(REPORT_EVERY);
  }

  public Scope temporalScope() {
    return scope;
  }

  public PipelineMetrics pipelines() {
    return pipelines;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of everything. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    try {
      scope.close(); // reports what is pending
    } catch (ScopeCloseException e) {
      // closing is best effort: the registry below goes anyway
    }
    gc.close();
    registry.close();
  }
}
