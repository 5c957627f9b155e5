package io.cdcorchestrator.observability;

import static io.cdcorchestrator.model.WorkflowMetricNames.PHASE;
import static io.cdcorchestrator.model.WorkflowMetricNames.PIPELINE;
import static io.cdcorchestrator.model.WorkflowMetricNames.TARGET;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import io.cdcorchestrator.model.WorkflowMetricNames;
import io.cdcorchestrator.observability.PipelineLabels.Labels;
import java.util.Map;

/**
 * The Temporal SDK's metrics reporter, with the pipeline workflow's own reports taken out on the
 * way: those go to {@link PipelineMetrics}, which keeps only the labels {@code pipeline} and {@code
 * target} (not the SDK's namespace, task queue and workflow type) and turns the phase's start into
 * one-hot phase gauges and the seconds in the current phase. Everything else (the SDK's worker and
 * client metrics) passes through unchanged.
 */
final class PipelineStatsReporter implements StatsReporter {
  private final StatsReporter sdk;
  private final PipelineMetrics pipelines;

  PipelineStatsReporter(StatsReporter sdk, PipelineMetrics pipelines) {
    this.sdk = sdk;
    this.pipelines = pipelines;
  }

  @Override
  public void reportGauge(String name, Map<String, String> tags, double value) {
    switch (name) {
      case WorkflowMetricNames.PHASE_ENTERED ->
          pipelines.phase(labels(tags), tags.getOrDefault(PHASE, ""), (long) (value * 1000));
      case WorkflowMetricNames.PROVISIONING_SECONDS -> pipelines.provisioned(labels(tags), value);
      case WorkflowMetricNames.TEARDOWN_SECONDS -> pipelines.tornDown(labels(tags), value);
      case WorkflowMetricNames.WAL_LIMIT_BYTES -> pipelines.walLimit(labels(tags), value);
      default -> sdk.reportGauge(name, tags, value);
    }
  }

  private static Labels labels(Map<String, String> tags) {
    return new Labels(tags.getOrDefault(PIPELINE, ""), tags.getOrDefault(TARGET, ""));
  }

  @Override
  public void reportCounter(String name, Map<String, String> tags, long value) {
    sdk.reportCounter(name, tags, value);
  }

  @Override
  public void reportTimer(String name, Map<String, String> tags, Duration interval) {
    sdk.reportTimer(name, tags, interval);
  }

  @Override
  @SuppressWarnings("deprecation")
  public void reportHistogramValueSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      double bucketLowerBound,
      double bucketUpperBound,
      long samples) {
    sdk.reportHistogramValueSamples(
        name, tags, buckets, bucketLowerBound, bucketUpperBound, samples);
  }

  @Override
  @SuppressWarnings("deprecation")
  public void reportHistogramDurationSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      Duration bucketLowerBound,
      Duration bucketUpperBound,
      long samples) {
    sdk.reportHistogramDurationSamples(
        name, tags, buckets, bucketLowerBound, bucketUpperBound, samples);
  }

  @Override
  public Capabilities capabilities() {
    return sdk.capabilities();
  }

  @Override
  public void flush() {
    sdk.flush();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
