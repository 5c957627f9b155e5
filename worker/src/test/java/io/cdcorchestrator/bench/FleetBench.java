package io.cdcorchestrator.bench;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.CdcSearchAttributes;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineState;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.pipeline.PipelineWorkflow;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet figures (issue 14, item 4): one worker (the Temporal test server, time skipping) runs
 * many pipelines at once. A benchmark, not a test: run by {@code bench/fleet.sh}.
 *
 * <ol>
 *   <li><b>Provisioning</b>: N AWS pipelines (default 200) started together against {@link
 *       ActivityDoubles}, each with its own {@link AwsWorldDouble} and draw (seeds 1..N, as {@link
 *       AwsFigures}): per run makespan (start → the READY upsert) ÷ the floor of {@link
 *       StoryModels#provisioningFloor}; AWS calls per second of simulated time across the fleet,
 *       per service; process CPU and heap per pipeline.
 *   <li><b>Watch</b>: M READY pipelines (default 1,000) watched for H simulated hours (default 1)
 *       at the default interval, each started from the READY state a provisioned pipeline carried
 *       over at continue-as-new (the data-plane doubles answer at once): CPU per health check, heap
 *       per cached workflow, and Temporal Cloud actions per pipeline-day counted from the histories
 *       ({@link #actions}).
 * </ol>
 *
 * <p>CPU and heap are the whole JVM's, which also runs the in-memory test server holding every
 * history: upper bounds for a worker that talks to a separate server.
 *
 * <p>Usage: {@code FleetBench [provisionings=200] [watched=1000] [watch hours=1] [workflow cache=0:
 * the SDK's default]}
 */
public final class FleetBench {
  private static final String OPERATOR_CIDR = "203.0.113.0/24";
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private FleetBench() {}

  public static void main(String[] args) throws Exception {
    int provisionings = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int watched = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    double hours = args.length > 2 ? Double.parseDouble(args[2]) : 1;
    int cache = args.length > 3 ? Integer.parseInt(args[3]) : 0;

    WorkerFactoryOptions.Builder factory = WorkerFactoryOptions.newBuilder();
    if (cache > 0) {
      factory.setWorkflowCacheSize(cache).setMaxWorkflowThreadCount(2 * cache);
    }
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(true)
                .setWorkflowServiceStubsOptions(
                    WorkflowServiceStubsOptions.newBuilder()
                        .setGrpcClientInterceptors(List.of(heartbeatCounter()))
                        .build())
                .setWorkerFactoryOptions(factory.build())
                .build());
    String ledger = TestServerLockLedger.installUnlessOff(env);
    WorkerFactoryOptions used =
        WorkerFactoryOptions.newBuilder(factory.build()).validateAndBuildWithDefaults();
    System.out.printf(
        Locale.ROOT,
        "worker: workflow cache %d, workflow threads %d; heap max %d MiB; %d cores; test server's"
            + " time-lock ledger: %s%n",
        used.getWorkflowCacheSize(),
        used.getMaxWorkflowThreadCount(),
        MEMORY.getHeapMemoryUsage().getMax() >> 20,
        Runtime.getRuntime().availableProcessors(),
        ledger);
    ActivityDoubles doubles = new ActivityDoubles();
    doubles.serve(env);
    try {
      int warmUp = Integer.parseInt(System.getenv().getOrDefault("BENCH_FLEET_WARMUP", "20"));
      if (warmUp > 0) {
        // a worker in service has its code compiled: warm the JVM up on other draws first, so
        // the fleet's first burst is not served by the interpreter
        long start = System.nanoTime();
        provisioning(env, doubles, "warm", 1000, warmUp);
        System.out.printf(
            Locale.ROOT,
            "warm-up: %d pipelines (seeds 1001-%d) provisioned to READY first, %.0f s wall%n",
            warmUp,
            1000 + warmUp,
            (System.nanoTime() - start) / 1e9);
      }
      List<PipelineState> ready = provisioning(env, doubles, "fleet", 0, provisionings);
      watch(env, doubles, ready, watched, hours);
    } finally {
      env.close();
    }
  }

  // ---- 1. N provisionings at once

  /**
   * Starts {@code n} pipelines at once, draws {@code firstSeed + 1..n}, and waits for each to be
   * READY; prints the figures unless it is the warm-up ({@code firstSeed > 0}).
   */
  private static List<PipelineState> provisioning(
      TestWorkflowEnvironment env, ActivityDoubles doubles, String prefix, int firstSeed, int n)
      throws Exception {
    Map<String, AwsWorldDouble> worlds = new ConcurrentHashMap<>();
    Map<Long, Map<String, AtomicInteger>> perSecond = new ConcurrentHashMap<>();
    doubles.useFleet(
        worlds,
        () -> {},
        m ->
            perSecond
                .computeIfAbsent(env.currentTimeMillis() / 1000, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(
                    m.getDeclaringClass().getSimpleName() + "." + m.getName(),
                    k -> new AtomicInteger())
                .incrementAndGet());
    long heap0 = heapAfterGc();
    AtomicLong peakHeap = new AtomicLong();
    Thread sampler = sampler(peakHeap);
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    List<WorkflowExecution> runs = new ArrayList<>();
    List<Double> floors = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String name = prefix + i;
      AwsDraw draw = AwsDraw.of(firstSeed + i);
      worlds.put(PipelineNames.workflowId(name), new AwsWorldDouble(draw, env::currentTimeMillis));
      // one check an hour after READY, then continue-as-new: that run's input is the READY state
      PipelineSpec spec =
          PipelineSpec.aws(name, new AwsSpec(null, OPERATOR_CIDR, null, null, null, null, null))
              .withWatch(3600, 1);
      floors.add(
          StoryModels.provisioningFloor(StoryModels.plan(name, spec.aws()), draw).toMillis()
              / 1000.0);
      runs.add(WorkflowClient.start(stub(env, name)::run, spec, null));
    }
    List<PipelineState> ready = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> makespans = new ArrayList<>();
    List<Double> queued = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WorkflowExecution run = runs.get(i);
      List<HistoryEvent> first =
          awaitContinued(env, run).getEvents(); // blocks (time skips) until READY + 1 check
      double makespan = (readyMillis(first) - millis(first.get(0))) / 1000.0;
      makespans.add(makespan);
      ratios.add(makespan / floors.get(i));
      queued.add(queuedMillis(first) / 1000.0);
      ready.add(carried(env, first.get(first.size() - 1)));
    }
    long cpu = cpuNanos() - cpu0;
    double wall = (System.nanoTime() - wall0) / 1e9;
    sampler.interrupt();
    for (WorkflowExecution run : runs) {
      env.getWorkflowClient().newUntypedWorkflowStub(run.getWorkflowId()).terminate("bench done");
    }
    if (firstSeed > 0) {
      return ready;
    }
    System.out.printf(
        Locale.ROOT,
        "%n1. %d AWS pipelines provisioned at once on one worker: all READY, %.0f s wall%n",
        n,
        wall);
    System.out.printf(
        Locale.ROOT,
        "   makespan / floor: median %.4f, worst %.4f (makespan median %.1f min, worst %.1f)%n",
        median(ratios),
        Collections.max(ratios),
        median(makespans) / 60,
        Collections.max(makespans) / 60);
    // the excess over the floor against the time the run's tasks waited for the worker's cores
    List<Integer> worst = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      worst.add(i);
    }
    worst.sort((a, b) -> Double.compare(ratios.get(b), ratios.get(a)));
    for (int i : worst.subList(0, Math.min(5, n))) {
      System.out.printf(
          Locale.ROOT,
          "   fleet%d: makespan / floor %.4f, %.0f s over the floor; its tasks waited for the"
              + " worker %.0f s in all (workflow tasks and first activity attempts, scheduled to"
              + " started)%n",
          i + 1,
          ratios.get(i),
          makespans.get(i) - floors.get(i),
          queued.get(i));
    }
    System.out.printf(
        Locale.ROOT,
        "   waits for the worker per run: median %.0f s, worst %.0f s%n",
        median(queued),
        Collections.max(queued));
    Map<String, Integer> peakByService = new TreeMap<>();
    Map<String, Integer> peakByMethod = new TreeMap<>();
    int peakAll = 0;
    long peakSecond = 0;
    long calls = 0;
    for (var e : perSecond.entrySet()) {
      int all = 0;
      Map<String, Integer> services = new TreeMap<>();
      for (var s : e.getValue().entrySet()) {
        peakByMethod.merge(s.getKey(), s.getValue().get(), Math::max);
        services.merge(
            s.getKey().substring(0, s.getKey().indexOf('.')), s.getValue().get(), Integer::sum);
        all += s.getValue().get();
      }
      services.forEach((k, v) -> peakByService.merge(k, v, Math::max));
      calls += all;
      if (all > peakAll) {
        peakAll = all;
        peakSecond = e.getKey();
      }
    }
    long firstSecond = Collections.min(perSecond.keySet());
    System.out.printf(
        Locale.ROOT,
        "   AWS calls (activity calls reaching the AWS double): %d; peak %d in one simulated second"
            + " (t+%d s); per service, peak per second: %s%n",
        calls,
        peakAll,
        peakSecond - firstSecond,
        peakByService);
    System.out.println("   per activity method (about one AWS API each), peak per second:");
    peakByMethod.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(12)
        .forEach(e -> System.out.printf(Locale.ROOT, "     %-58s %d%n", e.getKey(), e.getValue()));
    System.out.printf(
        Locale.ROOT,
        "   busiest 10 s windows (calls / 10 s): %s%n",
        busiestWindows(perSecond, 10, 5));
    System.out.printf(
        Locale.ROOT,
        "   process CPU %.1f s: %.0f ms per pipeline; heap %d MiB after GC before, peak used %d"
            + " MiB: %.2f MiB per pipeline (peak - before)%n",
        cpu / 1e9,
        cpu / 1e6 / n,
        heap0 >> 20,
        peakHeap.get() >> 20,
        (peakHeap.get() - heap0) / (double) (1 << 20) / n);
    return ready;
  }

  // ---- 2. M READY pipelines watched

  private static void watch(
      TestWorkflowEnvironment env,
      ActivityDoubles doubles,
      List<PipelineState> templates,
      int m,
      double hours)
      throws Exception {
    Map<String, AwsWorldDouble> worlds = new ConcurrentHashMap<>();
    AtomicInteger awsCalls = new AtomicInteger();
    doubles.useFleet(worlds, () -> {}, c -> awsCalls.incrementAndGet());
    long heap0 = heapAfterGc();
    List<WorkflowExecution> runs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      String name = "watch" + (i + 1);
      // the account of the pipeline whose READY state this one carries (describeService reads it)
      worlds.put(
          PipelineNames.workflowId(name),
          new AwsWorldDouble(AwsDraw.of(i % templates.size() + 1), env::currentTimeMillis));
      PipelineSpec spec =
          PipelineSpec.aws(name, new AwsSpec(null, OPERATOR_CIDR, null, null, null, null, null));
      runs.add(
          WorkflowClient.start(stub(env, name)::run, spec, templates.get(i % templates.size())));
    }
    env.sleep(Duration.ofSeconds(30)); // every run has started and waits for its first check
    long heapCached = heapAfterGc();
    long window0 = env.currentTimeMillis();
    int checks0 = doubles.healthChecks.get();
    int windows0 = doubles.windows.get();
    int beats0 = doubles.heartbeats.get();
    long served0 = HEARTBEATS_SERVED.get();
    int aws0 = awsCalls.get();
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    env.sleep(Duration.ofMillis((long) (hours * 3_600_000)));
    long windowEnd = env.currentTimeMillis(); // the runs go on (in real time) while counted
    long cpu = cpuNanos() - cpu0;
    double wall = (System.nanoTime() - wall0) / 1e9;
    int checks = doubles.healthChecks.get() - checks0;
    int windows = doubles.windows.get() - windows0;
    int beats = doubles.heartbeats.get() - beats0;
    long served = HEARTBEATS_SERVED.get() - served0;
    int aws = awsCalls.get() - aws0;

    Map<String, Long> byKind = new TreeMap<>();
    long total = 0;
    int notReady = 0;
    int runsSeen = 0;
    for (WorkflowExecution run : runs) {
      // every run of the pipeline since the first (the watch continues as new every 100 checks),
      // events from the measured period on
      for (List<HistoryEvent> events : chain(env, run)) {
        runsSeen++;
        Map<String, Long> counted =
            actions(events.stream().filter(e -> millis(e) < windowEnd).toList(), window0);
        counted.forEach((k, v) -> byKind.merge(k, v, Long::sum));
        total +=
            counted.entrySet().stream()
                .filter(k -> !k.getKey().startsWith(BY_TYPE))
                .mapToLong(Map.Entry::getValue)
                .sum();
      }
    }
    total += beats; // heartbeats that reach the server are actions too
    byKind.put("heartbeats reaching the server", (long) beats);
    // windows answer at once, so simulated time runs faster than the checks it holds: the day is
    // scaled by checks (the same commands per window as a real one), 1,440 at the default interval
    double checksPerDay = 86_400.0 / PipelineSpec.DEFAULT_WATCH_INTERVAL_SECONDS;
    double scale = checksPerDay / Math.max(1, checks); // per pipeline-day, over all m
    double perDay = total * scale;
    // the sandbox has no ECS service or RDS secret: the same watch without those two reads
    long awsOnly =
        byKind.getOrDefault(BY_TYPE + "AwsContainerDescribeService", 0L)
            + byKind.getOrDefault(BY_TYPE + "AwsDatabaseSecretVersion", 0L);
    System.out.printf(
        Locale.ROOT,
        "%n2. %d READY pipelines watched for %.2f simulated h at the default %d s interval (a"
            + " window answers at once and takes one interval of simulated time): %d windows, %d"
            + " health checks (%.1f per window), %d runs, %d AWS calls, %.0f s wall%n",
        m,
        hours,
        PipelineSpec.DEFAULT_WATCH_INTERVAL_SECONDS,
        windows,
        checks,
        checks / (double) Math.max(1, windows),
        runsSeen,
        aws,
        wall);
    System.out.printf(
        Locale.ROOT,
        "   process CPU %.1f s: %.3f ms per health check, %.2f ms per window; heap %d MiB after GC"
            + " before the runs, %d MiB with all cached: %.1f KiB per cached workflow%n",
        cpu / 1e9,
        cpu / 1e6 / Math.max(1, checks),
        cpu / 1e6 / Math.max(1, windows),
        heap0 >> 20,
        heapCached >> 20,
        (heapCached - heap0) / 1024.0 / m);
    System.out.printf(
        Locale.ROOT,
        "   heartbeats: %d by the SDK's rule over the windows' real spans (%.2f per window), %d"
            + " RecordActivityTaskHeartbeat calls counted at the client%n",
        beats,
        beats / (double) Math.max(1, windows),
        served);
    System.out.printf(
        Locale.ROOT,
        "   Temporal Cloud actions per pipeline-day (%.0f checks), AWS: %.0f; sandbox (without the"
            + " ECS and secret reads): %.0f; goal <= 1500; by kind, per pipeline-day: %s%n",
        checksPerDay,
        perDay,
        (total - awsOnly) * scale,
        perDayByKind(byKind, scale));
    for (WorkflowExecution run : runs) {
      try {
        if (env.getWorkflowClient()
                .newWorkflowStub(PipelineWorkflow.class, run.getWorkflowId())
                .status()
                .phase()
            != Phase.READY) {
          notReady++;
        }
      } catch (io.temporal.client.WorkflowServiceException e) {
        notReady++; // no answer in the client's 10 s (an evicted run replays first): not counted
      }
    }
    System.out.printf(Locale.ROOT, "   %d of %d not READY at the end%n", notReady, m);
    for (WorkflowExecution run : runs) {
      env.getWorkflowClient().newUntypedWorkflowStub(run.getWorkflowId()).terminate("bench done");
    }
  }

  /** The histories of {@code first} and of the runs it continued as, in order. */
  private static List<List<HistoryEvent>> chain(
      TestWorkflowEnvironment env, WorkflowExecution first) {
    List<List<HistoryEvent>> out = new ArrayList<>();
    String runId = first.getRunId();
    while (runId != null && !runId.isEmpty()) {
      List<HistoryEvent> events =
          env.getWorkflowClient().fetchHistory(first.getWorkflowId(), runId).getEvents();
      out.add(events);
      HistoryEvent last = events.get(events.size() - 1);
      runId =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return out;
  }

  /**
   * Temporal Cloud's billable actions in history events (docs.temporal.io/cloud/actions): workflow
   * started (also by continue-as-new), activity started or retried (the attempt of the started
   * event), timer started, search-attribute upsert, signal, update accepted, side effect; local
   * activities once per workflow task. Version markers are not actions. Not in a history, so not
   * counted here: queries (each {@code cdc status}), heartbeats that reach the server (counted
   * apart), rejected updates.
   */
  static Map<String, Long> actions(List<HistoryEvent> events) {
    return actions(events, Long.MIN_VALUE);
  }

  /**
   * The actions of events at or after {@code fromMillis}, activities also by type ({@code activity
   * <type>}, the same attempts once more).
   */
  static Map<String, Long> actions(List<HistoryEvent> all, long fromMillis) {
    Map<Long, String> types = new java.util.HashMap<>();
    all.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .forEach(
            e ->
                types.put(
                    e.getEventId(),
                    e.getActivityTaskScheduledEventAttributes().getActivityType().getName()));
    List<HistoryEvent> events = all.stream().filter(e -> millis(e) >= fromMillis).toList();
    Map<String, Long> out = new TreeMap<>();
    events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .forEach(
            e ->
                out.merge(
                    BY_TYPE
                        + types.get(
                            e.getActivityTaskStartedEventAttributes().getScheduledEventId()),
                    (long) Math.max(1, e.getActivityTaskStartedEventAttributes().getAttempt()),
                    Long::sum));
    Map<String, Long> byType = new TreeMap<>(out);
    out.clear();
    java.util.Set<Long> localActivityTasks = new java.util.HashSet<>();
    for (HistoryEvent e : events) {
      String kind =
          switch (e.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> "workflow started";
            case EVENT_TYPE_TIMER_STARTED -> "timer started";
            case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> "search attributes upserted";
            case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> "signal";
            case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> "update";
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> "child workflow";
            case EVENT_TYPE_MARKER_RECORDED -> {
              String marker = e.getMarkerRecordedEventAttributes().getMarkerName();
              if (marker.equals("LocalActivity")) {
                yield localActivityTasks.add(
                        e.getMarkerRecordedEventAttributes().getWorkflowTaskCompletedEventId())
                    ? "local activities (per workflow task)"
                    : null;
              }
              yield marker.contains("SideEffect") ? "side effect" : null;
            }
            default -> null;
          };
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        out.merge(
            "activity started or retried",
            (long) Math.max(1, e.getActivityTaskStartedEventAttributes().getAttempt()),
            Long::sum);
      } else if (kind != null) {
        out.merge(kind, kind.equals("child workflow") ? 2L : 1L, Long::sum);
      }
    }
    out.putAll(byType);
    return out;
  }

  /** The key prefix of the activities by type: a breakdown, not more actions. */
  static final String BY_TYPE = "by type: ";

  /** How many RecordActivityTaskHeartbeat calls the bench's clients sent to the test server. */
  static final AtomicLong HEARTBEATS_SERVED = new AtomicLong();

  private static Map<String, String> perDayByKind(Map<String, Long> byKind, double scale) {
    Map<String, String> out = new TreeMap<>();
    byKind.forEach((k, v) -> out.put(k, String.format(Locale.ROOT, "%.0f", v * scale)));
    return out;
  }

  // ---- helpers

  /** Counts the heartbeats that reach the test server, as the server would bill them. */
  private static ClientInterceptor heartbeatCounter() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (method.getFullMethodName().endsWith("/RecordActivityTaskHeartbeat")) {
          HEARTBEATS_SERVED.incrementAndGet();
        }
        return next.newCall(method, options);
      }
    };
  }

  private static PipelineWorkflow stub(TestWorkflowEnvironment env, String name) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            PipelineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(PipelineNames.workflowId(name))
                .setTaskQueue(TaskQueues.CONTROL)
                .build());
  }

  /** The first run's history once it continued as new (or ended), waiting on skipped time. */
  private static io.temporal.common.WorkflowExecutionHistory awaitContinued(
      TestWorkflowEnvironment env, WorkflowExecution run) {
    while (true) {
      var history = env.getWorkflowClient().fetchHistory(run.getWorkflowId(), run.getRunId());
      List<HistoryEvent> events = history.getEvents();
      EventType last = events.get(events.size() - 1).getEventType();
      if (last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
        return history;
      }
      if (last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED
          || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED
          || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED) {
        throw new IllegalStateException(run.getWorkflowId() + " ended: " + last);
      }
      env.sleep(Duration.ofSeconds(30));
    }
  }

  private static PipelineState carried(TestWorkflowEnvironment env, HistoryEvent continued) {
    var input = continued.getWorkflowExecutionContinuedAsNewEventAttributes().getInput();
    return env.getWorkflowClient()
        .getOptions()
        .getDataConverter()
        .fromPayloads(1, Optional.of(input), PipelineState.class, PipelineState.class);
  }

  private static long readyMillis(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
          && e.getUpsertWorkflowSearchAttributesEventAttributes()
              .getSearchAttributes()
              .getIndexedFieldsMap()
              .getOrDefault(CdcSearchAttributes.PHASE.getName(), Payload.getDefaultInstance())
              .getData()
              .toStringUtf8()
              .contains(Phase.READY.name())) {
        return millis(e);
      }
    }
    throw new IllegalStateException("no READY upsert");
  }

  /**
   * Simulated time the run's tasks spent queued for the worker: each workflow task and each
   * activity's first attempt, from scheduled to started (later attempts wait their retry backoff,
   * which is the product's polling, not queueing).
   */
  private static long queuedMillis(List<HistoryEvent> events) {
    Map<Long, Long> scheduled = new java.util.HashMap<>();
    long queued = 0;
    for (HistoryEvent e : events) {
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
            scheduled.put(e.getEventId(), millis(e));
        case EVENT_TYPE_WORKFLOW_TASK_STARTED ->
            queued +=
                millis(e)
                    - scheduled.get(
                        e.getWorkflowTaskStartedEventAttributes().getScheduledEventId());
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          if (e.getActivityTaskStartedEventAttributes().getAttempt() == 1) {
            queued +=
                millis(e)
                    - scheduled.get(
                        e.getActivityTaskStartedEventAttributes().getScheduledEventId());
          }
        }
        default -> {}
      }
    }
    return queued;
  }

  private static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  private static String busiestWindows(
      Map<Long, Map<String, AtomicInteger>> perSecond, int width, int top) {
    Map<Long, Integer> windows = new TreeMap<>();
    perSecond.forEach(
        (s, byService) ->
            windows.merge(
                s / width,
                byService.values().stream().mapToInt(AtomicInteger::get).sum(),
                Integer::sum));
    return windows.values().stream()
        .sorted(Collections.reverseOrder())
        .limit(top)
        .map(String::valueOf)
        .toList()
        .toString();
  }

  private static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    return v.size() % 2 == 1
        ? v.get(v.size() / 2)
        : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  private static Thread sampler(AtomicLong peak) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
