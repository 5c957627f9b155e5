package io.cdcorchestrator.observability;

import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.observability.PipelineLabels.Labels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Every pipeline's gauges and counters, labelled {@code pipeline} and {@code target} (plus a
 * bounded {@code phase} / {@code state} / {@code service} / {@code outcome} where the metric is
 * one-hot or split). Fed by the workflow's phase reports and by what the activities learn; never by
 * asking Temporal. Times are kept as instants, so the ages and the seconds in the current phase are
 * exact at scrape time, not as old as the last report.
 */
public final class PipelineMetrics {
  /** Kafka Connect's connector states, and the health check's own two. */
  static final List<String> CONNECTOR_STATES =
      List.of(
          "RUNNING",
          "PAUSED",
          "STOPPED",
          "FAILED",
          "UNASSIGNED",
          "RESTARTING",
          "MISSING",
          "UNREACHABLE");

  /** Kafka Connect's task states. */
  static final List<String> TASK_STATES =
      List.of("RUNNING", "PAUSED", "FAILED", "UNASSIGNED", "RESTARTING");

  /** How an AWS call ended: first try, after retries, throttled to the end, or another error. */
  public static final List<String> AWS_OUTCOMES = List.of("ok", "retried", "throttled", "failed");

  private static final Map<String, String> HELP =
      Map.ofEntries(
          Map.entry("cdc.pipeline.phase", "1 for the pipeline's current phase, 0 for the others"),
          Map.entry("cdc.pipeline.phase.seconds", "seconds since the pipeline entered its phase"),
          Map.entry("cdc.pipeline.provisioning.seconds", "seconds from the run's start to READY"),
          Map.entry("cdc.pipeline.teardown.seconds", "seconds the last teardown took"),
          Map.entry("cdc.connector.state", "1 for the connector's state at the last health check"),
          Map.entry("cdc.connector.tasks", "connector tasks per state at the last health check"),
          Map.entry("cdc.slot.retained.wal.bytes", "WAL the replication slot holds back"),
          Map.entry(
              "cdc.slot.retained.wal.limit.bytes",
              "retained WAL above which the health check reports the pipeline DEGRADED"),
          Map.entry(
              "cdc.last.event.age.seconds", "seconds since the newest event on the change topic"),
          Map.entry(
              "cdc.heartbeat.age.seconds",
              "seconds since the newest event of Debezium's heartbeat table"),
          Map.entry(
              "cdc.proof.latency.seconds", "the CDC proof's canary: row written to event seen"));

  private final MeterRegistry registry;
  private final LongSupplier clock;
  private final ConcurrentMap<Labels, Series> series = new ConcurrentHashMap<>();

  /**
   * @param clock epoch milliseconds; the worker's wall clock
   */
  public PipelineMetrics(MeterRegistry registry, LongSupplier clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** The workflow entered {@code phase} at {@code enteredMillis}; older reports are ignored. */
  public void phase(Labels labels, String phase, long enteredMillis) {
    Phase p;
    try {
      p = Phase.valueOf(phase);
    } catch (IllegalArgumentException e) {
      return; // a phase this build does not know: not a label value we let in
    }
    Series s = series(labels);
    synchronized (s) {
      if (enteredMillis < s.phaseEnteredMillis) {
        return;
      }
      s.phase = p;
      s.phaseEnteredMillis = enteredMillis;
      for (Phase each : Phase.values()) {
        s.gauge("cdc.pipeline.phase", Tags.of("phase", each.name()), x -> x.phase == each ? 1 : 0);
      }
      s.gauge("cdc.pipeline.phase.seconds", Tags.empty(), x -> seconds(x.phaseEnteredMillis));
      if (p == Phase.DESTROYED) {
        s.dropDataPlane(); // what the data-plane gauges described no longer exists
      }
    }
  }

  public void provisioned(Labels labels, double seconds) {
    Series s = series(labels);
    s.provisioningSeconds = seconds;
    s.gauge("cdc.pipeline.provisioning.seconds", Tags.empty(), x -> x.provisioningSeconds);
  }

  public void tornDown(Labels labels, double seconds) {
    Series s = series(labels);
    s.teardownSeconds = seconds;
    s.gauge("cdc.pipeline.teardown.seconds", Tags.empty(), x -> x.teardownSeconds);
  }

  /** The WAL the spec lets the slot hold back before the pipeline is DEGRADED (0: no limit). */
  public void walLimit(Labels labels, double bytes) {
    Series s = series(labels);
    synchronized (s) {
      s.walLimitBytes = (long) bytes;
      if (bytes > 0) {
        s.dataPlaneGauge("cdc.slot.retained.wal.limit.bytes", Tags.empty(), x -> x.walLimitBytes);
      }
    }
  }

  /** One health check's findings. */
  public void checked(Labels labels, ConnectorHealth h) {
    Series s = series(labels);
    synchronized (s) {
      s.connectorState = h.connectorState();
      s.taskStates =
          h.taskStates() == null || h.taskStates().isEmpty()
              ? Map.of("FAILED", h.failedTasks() == null ? 0 : h.failedTasks().size())
              : Map.copyOf(h.taskStates());
      for (String state : CONNECTOR_STATES) {
        s.dataPlaneGauge(
            "cdc.connector.state",
            Tags.of("state", state),
            x -> state.equals(x.connectorState) ? 1 : 0);
      }
      for (String state : TASK_STATES) {
        s.dataPlaneGauge(
            "cdc.connector.tasks",
            Tags.of("state", state),
            x -> x.taskStates.getOrDefault(state, 0));
      }
      s.walBytes = h.retainedWalBytes();
      if (h.retainedWalBytes() >= 0) { // -1: no slot, nothing to measure
        s.dataPlaneGauge("cdc.slot.retained.wal.bytes", Tags.empty(), x -> x.walBytes);
      }
      if (h.lastEventMillis() != null) {
        s.lastEventMillis = Math.max(s.lastEventMillis, h.lastEventMillis());
        s.dataPlaneGauge(
            "cdc.last.event.age.seconds", Tags.empty(), x -> seconds(x.lastEventMillis));
      }
      if (h.heartbeatMillis() != null) {
        s.heartbeatMillis = Math.max(s.heartbeatMillis, h.heartbeatMillis());
        s.dataPlaneGauge(
            "cdc.heartbeat.age.seconds", Tags.empty(), x -> seconds(x.heartbeatMillis));
      }
    }
  }

  /** The CDC proof's latency: canary row written to its event seen. */
  public void proved(Labels labels, CdcProof proof) {
    Series s = series(labels);
    synchronized (s) {
      s.proofSeconds = proof.latencyMillis() / 1000.0;
      s.dataPlaneGauge("cdc.proof.latency.seconds", Tags.empty(), x -> x.proofSeconds);
    }
  }

  /** The failed connector instances were restarted. */
  public void restarted(Labels labels) {
    Counter.builder("cdc.connector.restarts")
        .description("restarts of failed connector tasks by the watch")
        .tags(tags(labels))
        .register(registry)
        .increment();
  }

  /**
   * One AWS SDK call, by service (the SDK client's service name: Ec2, Rds, Kafka, Ecs, …) and
   * outcome ({@link #AWS_OUTCOMES}).
   */
  public void awsCall(Labels labels, String service, String outcome) {
    Counter.builder("cdc.aws.calls")
        .description("AWS SDK calls by service and outcome")
        .tags(tags(labels).and("service", service, "outcome", outcome))
        .register(registry)
        .increment();
  }

  private double seconds(long sinceMillis) {
    return sinceMillis <= 0 ? Double.NaN : (clock.getAsLong() - sinceMillis) / 1000.0;
  }

  private Series series(Labels labels) {
    return series.computeIfAbsent(labels, Series::new);
  }

  private static Tags tags(Labels labels) {
    return Tags.of("pipeline", labels.pipeline(), "target", labels.target());
  }

  /** One pipeline's current values and the gauges registered on them. */
  private final class Series {
    private final Labels labels;
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();
    private final List<String> dataPlane = new ArrayList<>();

    volatile Phase phase;
    volatile long phaseEnteredMillis;
    volatile double provisioningSeconds = Double.NaN;
    volatile double teardownSeconds = Double.NaN;
    volatile String connectorState;
    volatile Map<String, Integer> taskStates = Map.of();
    volatile double walBytes = Double.NaN;
    volatile double walLimitBytes = Double.NaN;
    volatile long lastEventMillis;
    volatile long heartbeatMillis;
    volatile double proofSeconds = Double.NaN;

    Series(Labels labels) {
      this.labels = labels;
    }

    void gauge(String name, Tags extra, ToDoubleFunction<Series> value) {
      meters.computeIfAbsent(
          name + extra,
          k ->
              Gauge.builder(name, this, value)
                  .description(HELP.get(name))
                  .tags(tags(labels).and(extra))
                  .strongReference(true)
                  .register(registry));
    }

    void dataPlaneGauge(String name, Tags extra, ToDoubleFunction<Series> value) {
      if (!meters.containsKey(name + extra)) {
        dataPlane.add(name + extra);
      }
      gauge(name, extra, value);
    }

    void dropDataPlane() {
      for (String key : dataPlane) {
        Meter m = meters.remove(key);
        if (m != null) {
          registry.remove(m);
        }
      }
      dataPlane.clear();
      lastEventMillis = 0;
      heartbeatMillis = 0;
    }
  }
}
