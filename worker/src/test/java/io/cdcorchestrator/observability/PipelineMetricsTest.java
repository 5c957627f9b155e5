package io.cdcorchestrator.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.observability.PipelineLabels.Labels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pipeline series as a scraper sees them, on a clock the test moves. */
class PipelineMetricsTest {
  private static final Labels ORDERS = new Labels("orders", "sandbox");
  private static final Map<String, String> L = Map.of("pipeline", "orders", "target", "sandbox");

  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineMetrics metrics = new PipelineMetrics(registry, now::get);

  private PrometheusText scrape() {
    return PrometheusText.parse(registry.scrape());
  }

  private double value(PrometheusText t, String name, Map<String, String> extra) {
    Map<String, String> labels = new java.util.HashMap<>(L);
    labels.putAll(extra);
    return t.value(name, labels).orElseThrow(() -> new AssertionError(name + labels + " absent"));
  }

  @Test
  void phase_isOneHot_andItsSecondsCountAtScrapeTime() {
    metrics.phase(ORDERS, "PROVISIONING", now.get());
    now.addAndGet(40_000);
    metrics.phase(ORDERS, "READY", now.get());
    now.addAndGet(12_500);

    PrometheusText t = scrape();
    for (Phase p : Phase.values()) {
      assertEquals(
          p == Phase.READY ? 1.0 : 0.0, value(t, "cdc_pipeline_phase", Map.of("phase", p.name())));
    }
    assertEquals(12.5, value(t, "cdc_pipeline_phase_seconds", Map.of()), 1e-9);
    assertEquals("gauge", t.type("cdc_pipeline_phase"));
    now.addAndGet(7_500);
    assertEquals(20.0, value(scrape(), "cdc_pipeline_phase_seconds", Map.of()), 1e-9);
  }

  @Test
  void aLateReportOfAnEarlierPhase_doesNotWin() {
    metrics.phase(ORDERS, "DEGRADED", 2_000);
    metrics.phase(ORDERS, "READY", 1_000); // reported after, entered before
    assertEquals(1.0, value(scrape(), "cdc_pipeline_phase", Map.of("phase", "DEGRADED")));
  }

  @Test
  void onlyPipelineAndTarget_plusOneBoundedLabel_areUsed() {
    metrics.phase(ORDERS, "READY", now.get());
    metrics.walLimit(ORDERS, 1 << 30);
    metrics.checked(
        ORDERS,
        new ConnectorHealth(
            "RUNNING",
            List.of(),
            4096,
            null,
            null,
            null,
            Map.of("RUNNING", 1),
            now.get() - 3_000,
            now.get() - 1_000));
    metrics.proved(ORDERS, new CdcProof("orders.public.inventory", "c1", "c", 345, "kafka"));
    metrics.restarted(ORDERS);
    metrics.awsCall(ORDERS, "EC2", "ok");
    Set<String> allowed = Set.of("pipeline", "target", "phase", "state", "service", "outcome");
    for (PrometheusText.Sample s : scrape().samples()) {
      if (s.name().startsWith("cdc_")) {
        assertTrue(allowed.containsAll(s.labels().keySet()), s.toString());
        assertEquals("orders", s.labels().get("pipeline"), s.toString());
      }
    }
    Set<String> names =
        scrape().samples().stream()
            .map(PrometheusText.Sample::name)
            .filter(n -> n.startsWith("cdc_"))
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "cdc_pipeline_phase",
            "cdc_pipeline_phase_seconds",
            "cdc_connector_state",
            "cdc_connector_tasks",
            "cdc_slot_retained_wal_bytes",
            "cdc_slot_retained_wal_limit_bytes",
            "cdc_last_event_age_seconds",
            "cdc_heartbeat_age_seconds",
            "cdc_proof_latency_seconds",
            "cdc_connector_restarts_total",
            "cdc_aws_calls_total"),
        names,
        "the documented names (README, dashboard, alerts)");
  }

  @Test
  void healthCheck_connectorAndTaskStates_slot_andEventAges() {
    metrics.walLimit(ORDERS, 1L << 30); // the workflow reports the spec's limit
    metrics.checked(
        ORDERS,
        new ConnectorHealth(
            "RUNNING",
            List.of(0),
            5L << 30,
            "task 0 FAILED",
            null,
            null,
            Map.of("FAILED", 1, "RUNNING", 2),
            now.get() - 90_000,
            now.get() - 4_000));
    now.addAndGet(10_000);
    PrometheusText t = scrape();
    assertEquals(1.0, value(t, "cdc_connector_state", Map.of("state", "RUNNING")));
    assertEquals(0.0, value(t, "cdc_connector_state", Map.of("state", "FAILED")));
    assertEquals(1.0, value(t, "cdc_connector_tasks", Map.of("state", "FAILED")));
    assertEquals(2.0, value(t, "cdc_connector_tasks", Map.of("state", "RUNNING")));
    assertEquals(5.0 * (1L << 30), value(t, "cdc_slot_retained_wal_bytes", Map.of()));
    assertEquals(1.0 * (1L << 30), value(t, "cdc_slot_retained_wal_limit_bytes", Map.of()));
    assertEquals(100.0, value(t, "cdc_last_event_age_seconds", Map.of()), 1e-9);
    assertEquals(14.0, value(t, "cdc_heartbeat_age_seconds", Map.of()), 1e-9);

    // a newer event brings the age back near zero; a check that cannot see Kafka keeps the last one
    metrics.checked(
        ORDERS,
        new ConnectorHealth(
            "RUNNING", List.of(), 0, null, null, null, Map.of("RUNNING", 1), now.get(), now.get()));
    metrics.checked(
        ORDERS,
        new ConnectorHealth(
            "RUNNING", List.of(), 0, null, null, null, Map.of("RUNNING", 1), null, null));
    now.addAndGet(500);
    assertEquals(0.5, value(scrape(), "cdc_last_event_age_seconds", Map.of()), 1e-9);
  }

  @Test
  void aHealthCheckFromAnOlderWorker_countsItsFailedTasks() {
    metrics.checked(ORDERS, new ConnectorHealth("RUNNING", List.of(0, 1), 10, "2 tasks FAILED"));
    assertEquals(2.0, value(scrape(), "cdc_connector_tasks", Map.of("state", "FAILED")));
  }

  @Test
  void destroyed_dropsWhatDescribedTheDataPlane_keepsPhaseAndDurations() {
    metrics.phase(ORDERS, "READY", now.get());
    metrics.provisioned(ORDERS, 48.9);
    metrics.checked(
        ORDERS,
        new ConnectorHealth(
            "RUNNING",
            List.of(),
            10,
            null,
            null,
            null,
            Map.of("RUNNING", 1),
            now.get(),
            now.get()));
    metrics.proved(ORDERS, new CdcProof("t", "c", "c", 200, "kafka"));
    now.addAndGet(1_000);
    metrics.phase(ORDERS, "TEARING_DOWN", now.get());
    metrics.tornDown(ORDERS, 9.5);
    metrics.phase(ORDERS, "DESTROYED", now.get() + 1);

    PrometheusText t = scrape();
    assertEquals(1.0, value(t, "cdc_pipeline_phase", Map.of("phase", "DESTROYED")));
    assertEquals(48.9, value(t, "cdc_pipeline_provisioning_seconds", Map.of()));
    assertEquals(9.5, value(t, "cdc_pipeline_teardown_seconds", Map.of()));
    for (String gone :
        List.of(
            "cdc_connector_state",
            "cdc_connector_tasks",
            "cdc_slot_retained_wal_bytes",
            "cdc_last_event_age_seconds",
            "cdc_proof_latency_seconds")) {
      assertFalse(t.has(gone), gone + " still exported for a destroyed pipeline");
    }
  }

  @Test
  void anUnknownPhaseName_isNotLetIntoALabel() {
    metrics.phase(ORDERS, "something the build does not know", now.get());
    assertFalse(scrape().has("cdc_pipeline_phase"));
  }
}
