package io.cdcorchestrator.bench;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.CdcSearchAttributes;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.pipeline.PipelineWorkflow;
import io.cdcorchestrator.pipeline.PipelineWorkflowImpl;
import io.cdcorchestrator.plan.AwsPlan;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The AWS figures (issue 3, "Figures"): the real {@link PipelineWorkflowImpl} AWS story under time
 * skipping, against {@link ActivityDoubles} whose resources take durations drawn per run ({@link
 * AwsDraw}); provisioning to READY, then destroy to DESTROYED; per draw the makespans against their
 * critical paths, readiness lag, describe calls, history events, and the seed's way on the same
 * durations ({@link StoryModels}). A benchmark, not a test: run by {@code bench/aws-figures.sh}.
 *
 * <p>Usage: {@code AwsFigures [draws=100] [first seed=1] [per-draw csv file]}
 */
public final class AwsFigures {
  private static final String OPERATOR_CIDR = "203.0.113.0/24";

  /** One draw's figures. Durations in seconds. */
  record Row(
      long seed,
      String outcome,
      double provisioning,
      double provisioningCp,
      double provisioningFloor,
      double teardown,
      double teardownCp,
      double teardownFloor,
      double worstLag,
      int describes,
      int dataPlaneAwaits,
      int events,
      int teardownDescribes,
      int deleteCalls,
      int refusedDeletes,
      double seedPost,
      double seedConnectReady,
      String unmodelled,
      List<Long> lagsMillis,
      Map<String, Long> worstLagByWait,
      List<Long> teardownLagsMillis,
      Map<String, Long> worstTeardownLagByWait) {
    double provisioningRatio() {
      return provisioning / provisioningCp;
    }

    double teardownRatio() {
      return teardown / teardownCp;
    }

    double seedRatio() {
      return seedPost / provisioning;
    }

    boolean seedPostEarly() {
      return seedPost < seedConnectReady;
    }
  }

  private AwsFigures() {}

  public static void main(String[] args) throws IOException {
    int draws = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    long firstSeed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    Path csv = args.length > 2 ? Path.of(args[2]) : Files.createTempFile("aws-figures-", ".csv");

    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(true).build());
    System.out.println(
        "test server's time-lock ledger: " + TestServerLockLedger.installUnlessOff(env));
    ActivityDoubles doubles = new ActivityDoubles();
    doubles.serve(env);

    List<Row> rows = new ArrayList<>();
    long wall = System.nanoTime();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println(
          "seed,outcome,provisioning_s,provisioning_cp_s,provisioning_ratio,provisioning_floor_s,"
              + "teardown_s,teardown_cp_s,teardown_ratio,teardown_floor_s,worst_lag_s,describes,dataplane_awaits,history_events,teardown_describes,delete_calls,"
              + "refused_deletes,seed_post_s,seed_connect_ready_s,seed_ratio,seed_post_early,unmodelled");
      for (int i = 0; i < draws; i++) {
        Row row = run(env, doubles, AwsDraw.of(firstSeed + i), "fig" + (firstSeed + i));
        rows.add(row);
        out.printf(
            Locale.ROOT,
            "%d,%s,%.1f,%.1f,%.4f,%.1f,%.1f,%.1f,%.4f,%.1f,%.1f,%d,%d,%d,%d,%d,%d,%.1f,%.1f,%.4f,%b,\"%s\"%n",
            row.seed(),
            row.outcome(),
            row.provisioning(),
            row.provisioningCp(),
            row.provisioningRatio(),
            row.provisioningFloor(),
            row.teardown(),
            row.teardownCp(),
            row.teardownRatio(),
            row.teardownFloor(),
            row.worstLag(),
            row.describes(),
            row.dataPlaneAwaits(),
            row.events(),
            row.teardownDescribes(),
            row.deleteCalls(),
            row.refusedDeletes(),
            row.seedPost(),
            row.seedConnectReady(),
            row.seedRatio(),
            row.seedPostEarly(),
            row.unmodelled());
        out.flush();
      }
    } finally {
      env.close();
    }
    report(rows, csv, (System.nanoTime() - wall) / 1e9);
  }

  static Row run(TestWorkflowEnvironment env, ActivityDoubles doubles, AwsDraw draw, String name) {
    AwsWorldDouble world = new AwsWorldDouble(draw, env::currentTimeMillis);
    PipelineWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(PipelineNames.workflowId(name))
                    .setTaskQueue(TaskQueues.CONTROL)
                    .build());
    // destroy one (skipped) second after the CDC proof: the workflow is READY by then and nothing
    // else runs, so the run's history holds exactly one provisioning and one teardown
    doubles.use(
        world,
        () ->
            env.registerDelayedCallback(
                Duration.ofSeconds(1),
                () -> {
                  world.teardownStarted();
                  wf.destroy();
                }));
    int dataPlaneAwaitsBefore = doubles.dataPlaneAwaits.get();
    PipelineSpec spec =
        PipelineSpec.aws(name, new AwsSpec(null, OPERATOR_CIDR, null, null, null, null, null));
    AwsPlan plan =
        StoryModels.plan(name, spec.aws()); // the same graph `cdc plan` prints for this spec
    WorkflowClient.start(wf::run, spec, null);
    String outcome;
    try {
      PipelineStatus done =
          WorkflowStub.fromTyped(wf).getResult(10, TimeUnit.MINUTES, PipelineStatus.class);
      outcome = done.phase() == Phase.DESTROYED ? "DESTROYED" : done.phase().name();
    } catch (WorkflowException | java.util.concurrent.TimeoutException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause(); // the workflow's own failure, not the client's wrapper
      }
      outcome = "failed: " + root.getMessage().replace(',', ';').replace('"', '\'');
    }
    WorkflowExecutionHistory history =
        env.getWorkflowClient().fetchHistory(PipelineNames.workflowId(name));
    List<HistoryEvent> events = history.getEvents();
    long start = millis(events.get(0));
    long ready = -1;
    long destroy = -1;
    long end = millis(events.get(events.size() - 1));
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
          && ready < 0
          && e.getUpsertWorkflowSearchAttributesEventAttributes()
              .getSearchAttributes()
              .getIndexedFieldsMap()
              .getOrDefault(
                  CdcSearchAttributes.PHASE.getName(),
                  io.temporal.api.common.v1.Payload.getDefaultInstance())
              .getData()
              .toStringUtf8()
              .contains(Phase.READY.name())) {
        ready = millis(e);
      }
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED && destroy < 0) {
        destroy = millis(e);
      }
    }
    List<String> left = world.leftAt(end);
    List<String> unknownWaits = StoryModels.unknownWaits(plan);
    if (!unknownWaits.isEmpty()) {
      world.unmodelled.add("plan waits with no drawn duration (counted instant): " + unknownWaits);
    }
    if (!left.isEmpty() && outcome.equals("DESTROYED")) {
      outcome = "left " + left.size() + " resources";
    }
    StoryModels.Seed seed = StoryModels.seed(draw);
    double worstLag = world.lagsMillis.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0;
    return new Row(
        draw.seed(),
        outcome,
        seconds(ready - start),
        seconds(StoryModels.provisioningCriticalPath(plan, draw)),
        seconds(StoryModels.provisioningFloor(plan, draw)),
        seconds(end - destroy),
        seconds(StoryModels.teardownCriticalPath(draw, spec.aws().viaBastion())),
        seconds(world.teardownFloor()),
        worstLag,
        world.provisioningDescribes,
        doubles.dataPlaneAwaits.get() - dataPlaneAwaitsBefore,
        events.size(),
        world.teardownDescribes,
        world.deleteCalls,
        world.refusedDeletes,
        seconds(seed.post()),
        seconds(seed.connectReady()),
        String.join("; ", world.unmodelled),
        List.copyOf(world.lagsMillis),
        Map.copyOf(world.lagByWait),
        List.copyOf(world.teardownLagsMillis),
        Map.copyOf(world.teardownLagByWait));
  }

  private static void report(List<Row> rows, Path csv, double wallSeconds) {
    List<Row> ok = rows.stream().filter(r -> r.outcome().equals("DESTROYED")).toList();
    System.out.printf(
        Locale.ROOT,
        "%d draws (%d reached READY and then DESTROYED with nothing left), %.0f s wall%n",
        rows.size(),
        ok.size(),
        wallSeconds);
    rows.stream()
        .filter(r -> !r.outcome().equals("DESTROYED"))
        .forEach(r -> System.out.println("  seed " + r.seed() + ": " + r.outcome()));
    if (ok.isEmpty()) {
      return;
    }
    System.out.printf("%-46s %10s %10s %10s%n", "figure", "goal", "median", "worst");
    line("provisioning makespan / critical path", "<= 1.02", ok, Row::provisioningRatio, "%.4f");
    line("teardown makespan / critical path", "<= 1.05", ok, Row::teardownRatio, "%.4f");
    line("readiness lag, worst wait of the run (s)", "<= 15", ok, Row::worstLag, "%.1f");
    line("describe calls per provisioning (AWS)", "<= 250", ok, r -> r.describes(), "%.0f");
    line("history events per run", "< 1000", ok, r -> r.events(), "%.0f");
    line("provisioning makespan (min)", "", ok, r -> r.provisioning() / 60, "%.1f");
    line("provisioning critical path (min)", "", ok, r -> r.provisioningCp() / 60, "%.1f");
    line("teardown makespan (min)", "", ok, r -> r.teardown() / 60, "%.1f");
    line("teardown critical path (min)", "", ok, r -> r.teardownCp() / 60, "%.1f");
    line(
        "provisioning floor, plan dependencies only (min)",
        "",
        ok,
        r -> r.provisioningFloor() / 60,
        "%.1f");
    line(
        "teardown floor, AWS blocking rules only (min)",
        "",
        ok,
        r -> r.teardownFloor() / 60,
        "%.1f");
    line("teardown makespan / floor", "", ok, r -> r.teardown() / r.teardownFloor(), "%.4f");
    line("teardown describe calls", "", ok, r -> r.teardownDescribes(), "%.0f");
    line("teardown delete calls", "", ok, r -> r.deleteCalls(), "%.0f");
    line("  of which refused (a dependent still exists)", "", ok, r -> r.refusedDeletes(), "%.0f");
    line("seed: POST time / our READY", "", ok, Row::seedRatio, "%.4f");
    long early = ok.stream().filter(Row::seedPostEarly).count();
    System.out.printf(
        Locale.ROOT,
        "seed: POST reached Connect before it was ready in %d of %d draws (%.0f %%)%n",
        early,
        ok.size(),
        100.0 * early / ok.size());
    List<Long> lags = new ArrayList<>(ok.stream().flatMap(r -> r.lagsMillis().stream()).toList());
    Collections.sort(lags);
    System.out.printf(
        Locale.ROOT,
        "readiness lag over all %d waits: median %.1f s, worst %.1f s; worst per wait:",
        lags.size(),
        lags.get(lags.size() / 2) / 1000.0,
        lags.get(lags.size() - 1) / 1000.0);
    Map<String, Long> byWait = new TreeMap<>();
    ok.forEach(r -> r.worstLagByWait().forEach((k, v) -> byWait.merge(k, v, Math::max)));
    byWait.forEach((k, v) -> System.out.printf(Locale.ROOT, " %s %.1f s", k, v / 1000.0));
    System.out.println();
    List<Long> teardownLags =
        new ArrayList<>(ok.stream().flatMap(r -> r.teardownLagsMillis().stream()).toList());
    Collections.sort(teardownLags);
    if (!teardownLags.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "teardown waits: %d, lag after gone/drained median %.1f s, worst %.1f s%n",
          teardownLags.size(),
          teardownLags.get(teardownLags.size() / 2) / 1000.0,
          teardownLags.get(teardownLags.size() - 1) / 1000.0);
      Map<String, Long> byTeardownWait = new TreeMap<>();
      ok.forEach(
          r -> r.worstTeardownLagByWait().forEach((k, v) -> byTeardownWait.merge(k, v, Math::max)));
      System.out.print("teardown lag, worst per wait:");
      byTeardownWait.forEach(
          (k, v) -> System.out.printf(Locale.ROOT, " %s %.1f s;", k, v / 1000.0));
      System.out.println();
    }
    System.out.printf(
        Locale.ROOT,
        "data-plane awaits per run (doubles, instant): %d%n",
        ok.get(0).dataPlaneAwaits());
    rows.stream()
        .map(Row::unmodelled)
        .filter(u -> !u.isEmpty())
        .distinct()
        .forEach(u -> System.out.println("answered without a model: " + u));
    System.out.println("per draw: " + csv);
  }

  private static void line(
      String what, String goal, List<Row> rows, ToDoubleFunction<Row> f, String format) {
    List<Double> v = new ArrayList<>(rows.stream().map(f::applyAsDouble).toList());
    Collections.sort(v);
    double median =
        v.size() % 2 == 1
            ? v.get(v.size() / 2)
            : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
    System.out.printf(
        Locale.ROOT,
        "%-46s %10s %10s %10s%n",
        what,
        goal,
        String.format(Locale.ROOT, format, median),
        String.format(Locale.ROOT, format, v.get(v.size() - 1)));
  }

  private static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  private static double seconds(long millis) {
    return millis / 1000.0;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
