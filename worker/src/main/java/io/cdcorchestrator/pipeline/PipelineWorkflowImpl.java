package io.cdcorchestrator.pipeline;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;

import io.cdcorchestrator.dataplane.DataPlaneActivities;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.CdcSearchAttributes;
import io.cdcorchestrator.model.ChangePlan;
import io.cdcorchestrator.model.ChangeRejected;
import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.HealthVerdict;
import io.cdcorchestrator.model.Lag;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineState;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Restarts;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.WatchWindow;
import io.cdcorchestrator.pipeline.aws.AwsProvisioning;
import io.cdcorchestrator.pipeline.aws.ConnectService;
import io.cdcorchestrator.pipeline.change.ApplyChange;
import io.cdcorchestrator.pipeline.change.ConnectorChanges;
import io.cdcorchestrator.pipeline.change.SpecDiff;
import io.cdcorchestrator.pipeline.dataplane.DataPlaneSteps;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Inventory;
import io.cdcorchestrator.pipeline.saga.Parallel;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.cdcorchestrator.pipeline.saga.StepLog;
import io.cdcorchestrator.pipeline.sandbox.SandboxLiveness;
import io.cdcorchestrator.pipeline.sandbox.SandboxProvisioning;
import io.cdcorchestrator.pipeline.watch.RestartBackoff;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The pipeline's whole life, top to bottom: provision (the target's story, then the shared
 * data-plane tail) → READY → watch health on a durable timer (continuing as new to bound history) →
 * on {@code destroy}, tear down in reverse → DESTROYED.
 *
 * <p>Failure while provisioning: compensate, phase FAILED, fail with the cause. Workflow cancel:
 * compensate in a detached scope (a cancelled scope would cancel the compensations too), end
 * CANCELED. {@code destroy} while provisioning: cancel the provisioning scope, compensate, complete
 * DESTROYED.
 *
 * <p>Changes after READY (pause, resume, stop, apply) are Updates: one at a time, the watch holds
 * while one runs, and each leaves the state it set for the watch to keep.
 */
public class PipelineWorkflowImpl implements PipelineWorkflow {
  private static final Logger log = Workflow.getLogger(PipelineWorkflowImpl.class);

  /** The watch restarts a FAILED connector with a growing delay instead of at every check. */
  static final String RESTART_BACKOFF = "watch-restart-backoff";

  /** The watch compares the Kafka Connect service on ECS with what the workflow set. */
  static final String SERVICE_DRIFT = "watch-service-drift";

  /**
   * The watch checks in windows of several checks per data-plane activity ({@link WatchWindow});
   * runs recorded before keep one activity per check.
   */
  static final String WATCH_WINDOW = "watch-window";

  /** A destroy whose cancel met an activity of a dead worker (a heartbeat timeout) is a destroy. */
  static final String DESTROY_AFTER_DEAD_WORKER = "destroy-after-dead-worker";

  private PipelineSpec spec;
  private Phase phase = Phase.PROVISIONING;
  private StepLog steps = new StepLog(null);
  private Inventory inventory = new Inventory(null);
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private DataPlaneAccess access;
  private String error;
  private int runs;
  private long phaseEnteredMillis; // for the phase metrics; carried across continue-as-new

  private ConnectorState connector = ConnectorState.RUNNING;
  private RestartBackoff restarts = new RestartBackoff(null, null);
  private Lag lag = Lag.UNKNOWN;
  private List<String> drift = List.of();
  private ConnectorHealth lastHealth; // the check the watch acted on last (this run): the baseline

  private boolean destroyRequested;
  private boolean checkRequested;
  private CancellationScope provisioning;
  private String change; // the update running now, null when none
  private CancellationScope changeScope; // cancelled by destroy
  private CancellationScope rolling; // the watch's roll for a rotated secret; cancelled by destroy
  private boolean checking; // a health check is out: a change waits for its answer
  private boolean wake; // a change ended: check at once rather than at the end of the interval

  @Override
  public PipelineStatus run(PipelineSpec spec, PipelineState carried) {
    ActivityStubs.useCrashSafeOptions(
        Workflow.getVersion(ActivityStubs.CRASH_SAFE, Workflow.DEFAULT_VERSION, 1) >= 1);
    this.spec = spec;
    restore(carried);
    if (phaseEnteredMillis == 0) { // first run, or carried by a run that predates the field
      phaseEnteredMillis = Workflow.currentTimeMillis();
    }
    Workflow.upsertTypedSearchAttributes(
        CdcSearchAttributes.PIPELINE.valueSet(spec.name()),
        CdcSearchAttributes.TARGET.valueSet(spec.target().id()),
        CdcSearchAttributes.PHASE.valueSet(phase.name()));
    setPhase(phase); // publishes the current details, also after continue-as-new
    PipelineContext ctx = context();

    if (phase == Phase.PROVISIONING && !destroyRequested) {
      try {
        provision(ctx);
        setPhase(Phase.READY);
      } catch (TemporalFailure e) {
        if (!(destroyRequested && (Parallel.isCancel(e) || cancelledOnADeadWorker(e)))) {
          throw compensate(ctx, e);
        }
      }
    }
    if (!destroyRequested) {
      try {
        watch();
      } catch (CanceledFailure e) {
        throw compensate(ctx, e);
      }
    }
    return destroy(ctx);
  }

  /**
   * A destroy while an activity ran on a worker that died: the cancel cannot reach it, so it ends
   * by its heartbeat timeout instead of as cancelled; it is the destroy all the same (torn down,
   * DESTROYED), not a failure to compensate.
   */
  private static boolean cancelledOnADeadWorker(TemporalFailure e) {
    boolean timedOut = false;
    for (Throwable c = e; c != null && !timedOut; c = c.getCause()) {
      timedOut = c instanceof TimeoutFailure;
    }
    return timedOut
        && Workflow.getVersion(DESTROY_AFTER_DEAD_WORKER, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
  }

  private PipelineContext context() {
    return new PipelineContext(spec, inventory, steps);
  }

  private void provision(PipelineContext ctx) {
    provisioning =
        Workflow.newCancellationScope(
            () -> {
              if (spec.target() == Target.SANDBOX) {
                Async.procedure(this::repairWhileProvisioning, ctx);
              }
              access =
                  switch (spec.target()) {
                    case SANDBOX -> new SandboxProvisioning(ctx).provision();
                    case AWS -> new AwsProvisioning(ctx).provision();
                  };
              access = access.withTables(spec.tables());
              outputs.putAll(endpoints(access));
              if (spec.target() == Target.AWS) { // status shows how the data plane is reached
                outputs.put("dataPlaneAccess", access.accessPath());
              }
              CdcProof proof = new DataPlaneSteps(ctx).provision(access);
              outputs.put(
                  "cdcProof",
                  "canary "
                      + proof.canaryId()
                      + " arrived on "
                      + proof.topic()
                      + " in "
                      + proof.latencyMillis()
                      + " ms");
            });
    provisioning.run();
  }

  /**
   * While provisioning, a {@code checkNow} means a worker took over the pipeline's host: what died
   * with the last one (Kafka, Connect) comes back, and the steps waiting on it get on.
   */
  private void repairWhileProvisioning(PipelineContext ctx) {
    try {
      while (true) {
        Workflow.await(() -> checkRequested || phase != Phase.PROVISIONING || destroyRequested);
        if (phase != Phase.PROVISIONING || destroyRequested) {
          return;
        }
        checkRequested = false;
        if (Workflow.getVersion(SandboxLiveness.WHILE_PROVISIONING, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
          return;
        }
        try {
          new SandboxLiveness(ctx).restartWhatDied();
        } catch (ActivityFailure e) {
          log.warn(
              "repairing the sandbox of {} failed: {}", spec.name(), PipelineContext.reason(e));
        }
      }
    } catch (CanceledFailure e) {
      // destroy while provisioning: nothing left to repair
    }
  }

  // ---- the watch

  /**
   * After READY until destroyed: one health check per interval (sooner when a restart falls due,
   * and right after a change), held while a change runs; continues as new every {@code
   * checksPerRun} checks. From {@value #WATCH_WINDOW} on, the timer waits for the first check of a
   * window of checks that runs in one activity ({@link #watchWindow}).
   */
  private void watch() {
    boolean backoff =
        Workflow.getVersion(RESTART_BACKOFF, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    boolean windows =
        Workflow.getVersion(WATCH_WINDOW, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    int checks = 0;
    while (true) {
      Workflow.await(untilNextCheck(), () -> destroyRequested || wake || checkRequested);
      wake = false;
      checkRequested = false; // a worker took over the host: check (and repair) at once
      Workflow.await(() -> change == null || destroyRequested);
      if (destroyRequested) {
        return;
      }
      int done = 1;
      checking = true;
      try {
        if (!followSecretRotation()) {
          if (windows) {
            done = watchWindow(backoff, spec.checksPerRun() - checks);
          } else {
            checkHealth(backoff);
          }
        }
      } finally {
        checking = false;
      }
      PhaseMetrics.report(spec, phase, phaseEnteredMillis); // again after a worker restart
      checks += done;
      if (checks >= spec.checksPerRun() || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(() -> Workflow.isEveryHandlerFinished() || destroyRequested);
        if (destroyRequested) {
          return;
        }
        runs++;
        Workflow.continueAsNew(spec, snapshot());
      }
    }
  }

  /** The watch interval, or less when an automatic restart falls due before it ends. */
  private Duration untilNextCheck() {
    Duration interval = Duration.ofSeconds(spec.watchIntervalSeconds());
    Instant due = restarts.next();
    if (due == null) {
      return interval;
    }
    Duration untilDue = Duration.between(now(), due);
    if (untilDue.compareTo(Duration.ofSeconds(1)) < 0) {
      return Duration.ofSeconds(1);
    }
    return untilDue.compareTo(interval) < 0 ? untilDue : interval;
  }

  /**
   * Up to a window of checks in one activity, the first at once: awaited until it returns (its
   * checks done, or the first that moved), or cancelled as soon as a destroy, a {@code checkNow} or
   * a change needs the pipeline; then acts on the last check as {@link #checkHealth} does. The ECS
   * drift is read once per window, when it returns. Returns how many checks it did (a cancelled
   * window: the intervals it ran, at least 1).
   */
  private int watchWindow(boolean backoff, int checksLeft) {
    int interval = spec.watchIntervalSeconds();
    int max = Math.max(1, Math.min(WatchWindow.checksPerWindow(interval), checksLeft));
    if (restarts.next() != null) { // a restart falls due: one check at a time until it is done
      max = 1;
    }
    WatchWindow window = new WatchWindow(connector, spec.lag(), interval, max, lastHealth);
    DataPlaneActivities checks =
        dataPlane(
            ActivityStubs.window(interval, max),
            "watch connector health (up to " + max + " checks)");
    long started = Workflow.currentTimeMillis();
    List<Promise<WatchWindow.Result>> running = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> running.add(Async.function(checks::watchWindow, access, window)));
    scope.run();
    Promise<WatchWindow.Result> result = running.get(0);
    Workflow.await(
        () -> result.isCompleted() || destroyRequested || checkRequested || change != null);
    if (!result.isCompleted()) {
      // abandoned, not cancelled on the server (ActivityStubs.window says why)
      scope.cancel("the watch makes way for a destroy, a check now or a change");
      long ran = (Workflow.currentTimeMillis() - started) / 1000 / interval;
      return (int) Math.max(1, Math.min(ran, max));
    }
    try {
      WatchWindow.Result r = result.get();
      judge(r.health(), backoff);
      return r.checks();
    } catch (ActivityFailure e) {
      error = "health check failed: " + PipelineContext.reason(e);
      setPhase(Phase.DEGRADED);
      return 1;
    }
  }

  private void checkHealth(boolean backoff) {
    ConnectorHealth health;
    try {
      health = dataPlane(ActivityStubs.CHECK, "check connector health").checkHealth(access);
    } catch (ActivityFailure e) {
      error = "health check failed: " + PipelineContext.reason(e);
      setPhase(Phase.DEGRADED);
      return;
    }
    judge(health, backoff);
  }

  /** Acts on one check: phase, reason, drift and lag, repair (sandbox) or restart. */
  private void judge(ConnectorHealth health, boolean backoff) {
    lastHealth = health;
    HealthVerdict verdict = HealthVerdict.judge(health, connector, spec.lag(), serviceDrift());
    PhaseMetrics.walLimit(spec);
    lag = verdict.lag();
    drift = verdict.drift();
    if (!health.healthy() && spec.target() == Target.SANDBOX) {
      // the phase (DEGRADED) and reason while the repair runs; the same upsert as below, so runs
      // recorded before the repair replay unchanged
      error = verdict.reason();
      setPhase(verdict.phase());
      if (repairSandbox()) {
        return;
      }
    }
    if (!backoff) { // runs recorded before the backoff: a restart at every failed check
      error = verdict.reason();
      setPhase(verdict.phase());
      if (verdict.failed()) {
        restartFailed(health);
      }
      return;
    }
    String reason = verdict.reason();
    boolean restart = false;
    Instant at = now();
    if (verdict.failed()) {
      switch (restarts.failing(at, spec.autoRestart())) {
        case RESTART -> restart = true;
        case WAIT ->
            reason +=
                "; automatic restart "
                    + (restarts.count() + 1)
                    + " due at "
                    + restarts.next()
                    + " (backoff "
                    + RestartBackoff.backoff(restarts.count()).toMinutes()
                    + " min)";
        case GIVE_UP ->
            reason +=
                "; gave up after "
                    + restarts.count()
                    + " automatic restarts (cdc resume "
                    + spec.name()
                    + " restarts it)";
        case DISABLED -> reason += " (automatic restarts are off)";
      }
    } else if (verdict.reason() == null) {
      restarts.healthy(at);
    }
    error = reason;
    setPhase(verdict.phase());
    if (restart) {
      restartFailed(health);
      restarts.restarted(at);
      lastHealth = null; // the next window reports its first check: did the restart hold?
    }
  }

  /**
   * AWS: ECS injects the database secret into Kafka Connect's tasks only when they start, so after
   * a rotation (RDS rotates its managed master secret every 7 days) any task restart would fail
   * authentication. When the secret's current version differs from the one the tasks started with,
   * the service is rolled onto new tasks, DEGRADED with {@value ConnectService#ROTATED} until they
   * are stable and the connector runs; the health check follows. True when the roll failed or a
   * destroy cut it short: the failure is this check's report.
   */
  private boolean followSecretRotation() {
    if (spec.target() != Target.AWS
        || Workflow.getVersion(ConnectService.SECRET_ROTATION, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return false;
    }
    ConnectService connect = new ConnectService(context());
    String version = connect.rotatedSecretVersion();
    if (version == null) {
      return false;
    }
    error = ConnectService.ROTATED;
    setPhase(Phase.DEGRADED);
    rolling =
        Workflow.newCancellationScope(
            () -> connect.roll(version, access, connector == ConnectorState.RUNNING));
    try {
      rolling.run();
      return false;
    } catch (TemporalFailure e) {
      error = ConnectService.ROTATED + " failed: " + PipelineContext.reason(e);
      setPhase(Phase.DEGRADED);
      return true;
    } finally {
      rolling = null;
    }
  }

  /**
   * Liveness, not records: a sandbox component that died (with the worker JVM, or on its own) is
   * started again from its state on disk, the connector awaited RUNNING, health checked again. True
   * when something was brought back (or the repair itself failed): the check is done.
   */
  private boolean repairSandbox() {
    if (Workflow.getVersion(SandboxLiveness.CHANGE_ID, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return false;
    }
    try {
      SandboxLiveness.Outcome outcome =
          new SandboxLiveness(new PipelineContext(spec, inventory, steps))
              .repair(access, connector);
      if (!outcome.restarted()) {
        return false;
      }
      access = outcome.access();
      outputs.putAll(endpoints(access));
      ConnectorHealth after =
          dataPlane(ActivityStubs.CHECK, "check connector health after the repair")
              .checkHealth(access);
      lastHealth = after;
      HealthVerdict verdict = HealthVerdict.judge(after, connector, spec.lag(), List.of());
      lag = verdict.lag();
      drift = verdict.drift();
      error = verdict.reason();
      setPhase(verdict.phase());
    } catch (ActivityFailure e) {
      error = "repairing the sandbox failed: " + PipelineContext.reason(e);
      setPhase(Phase.DEGRADED);
    }
    return true;
  }

  private void restartFailed(ConnectorHealth health) {
    context()
        .run(
            "restartFailed",
            () -> {
              dataPlane(ActivityStubs.CHECK, "restart failed connector tasks")
                  .restartFailed(access);
              return health.failedTasks();
            },
            tasks -> "restarted failed tasks " + tasks);
  }

  /**
   * AWS: the Kafka Connect service's attributes that drifted (a check added after READY existed).
   */
  private List<String> serviceDrift() {
    if (spec.target() != Target.AWS
        || Workflow.getVersion(SERVICE_DRIFT, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return List.of();
    }
    return new ConnectService(context()).drift();
  }

  // ---- changes (Updates)

  @Override
  public void validatePause() {
    refuseUnlessChangeable("pause");
  }

  @Override
  public PipelineStatus pause() {
    return moveConnector("pause", ConnectorState.PAUSED);
  }

  @Override
  public void validateResume() {
    refuseUnlessChangeable("resume");
  }

  @Override
  public PipelineStatus resume() {
    return moveConnector("resume", ConnectorState.RUNNING);
  }

  @Override
  public void validateStop() {
    refuseUnlessChangeable("stop");
  }

  @Override
  public PipelineStatus stop() {
    return moveConnector("stop", ConnectorState.STOPPED);
  }

  private PipelineStatus moveConnector(String name, ConnectorState to) {
    return changing(
        name,
        () -> {
          ConnectorState from = connector;
          boolean needed =
              from != to || phase != to.phase() || drift.contains(HealthVerdict.STATE_DRIFT);
          if (needed) {
            new ConnectorChanges(context(), access).move(from, to);
          }
          connector = to;
          if (to == ConnectorState.RUNNING) { // a restart by hand: automatic ones count from zero
            restarts.reset();
          }
          drift = drift.stream().filter(k -> !k.equals(HealthVerdict.STATE_DRIFT)).toList();
          error = null;
          setPhase(to.phase());
        });
  }

  @Override
  public ChangePlan plan(ChangeRequest request) {
    return SpecDiff.plan(spec, normalised(request.desired()), drift, request.reconcile());
  }

  @Override
  public void validateApply(ChangeRequest request) {
    refuseUnlessChangeable("apply");
    if (request.desired() != null
        && request.desired().existing() != null
        && (spec.existing() == null
            || !request.desired().existing().resources().equals(spec.existing().resources()))) {
      throw new ChangeRejected.Refused(
          "existing: what the pipeline adopts cannot change while it runs (cdc down "
              + spec.name()
              + ", then cdc up with the new spec)");
    }
    PipelineSpec desired = normalised(request.desired());
    String invalid = SpecDiff.invalid(desired);
    if (invalid != null) {
      throw new ChangeRejected.Invalid(invalid);
    }
    ChangePlan plan = SpecDiff.plan(spec, desired, drift, request.reconcile());
    if (!plan.refusals().isEmpty()) {
      List<String> lines = new ArrayList<>();
      plan.refusals().forEach(d -> lines.add(d.key() + ": " + d.effect()));
      throw new ChangeRejected.Refused(String.join("; ", lines));
    }
    boolean needsRunning =
        plan.changes().stream()
            .anyMatch(d -> d.key().equals("tables") || d.key().startsWith("connect."));
    if (needsRunning && connector != ConnectorState.RUNNING) {
      throw new ChangeRejected.Refused(
          "the connector is "
              + connector
              + ": tables and Kafka Connect changes need it running (cdc resume "
              + spec.name()
              + " first)");
    }
  }

  @Override
  public PipelineStatus apply(ChangeRequest request) {
    return changing(
        "apply",
        () -> {
          PipelineSpec desired = normalised(request.desired());
          if (desired != null) {
            ApplyChange.Outcome done = new ApplyChange(context(), access).apply(spec, desired);
            spec = done.spec();
            access = done.access();
          }
          if (request.reconcile()) {
            reconcile();
          }
        });
  }

  /** Looks again, puts back what drifted, and looks once more so status shows the result. */
  private void reconcile() {
    checkHealth(true);
    if (!drift.isEmpty()) {
      new ApplyChange(context(), access).reconcile(drift, connector);
      checkHealth(true);
    }
  }

  /** The requested spec with what a spec file does not set taken from the running one. */
  private PipelineSpec normalised(PipelineSpec desired) {
    if (desired == null) {
      return null;
    }
    return new PipelineSpec(
        spec.name(),
        desired.target(),
        desired.watchIntervalSeconds(),
        spec.checksPerRun(),
        desired.aws(),
        desired.tables(),
        desired.lag(),
        desired.autoRestart(),
        spec.existing());
  }

  /** Refused (before it enters history) unless the pipeline can take a change now. */
  private void refuseUnlessChangeable(String what) {
    String why = null;
    if (destroyRequested || !phase.changeable()) {
      why =
          "pipeline "
              + spec.name()
              + " is "
              + (destroyRequested ? Phase.TEARING_DOWN : phase)
              + (phase == Phase.PROVISIONING ? ": changes wait until it is READY" : "");
    } else if (change != null) {
      why = "another change (" + change + ") is running; try again when it has ended";
    }
    if (why != null) {
      throw new ChangeRejected.Refused(what + " refused: " + why);
    }
  }

  /**
   * Runs one change as the only one; a failure fails the update (not the workflow) with a message
   * that says what happened, and the pipeline goes on as the change left it.
   */
  private PipelineStatus changing(String name, Runnable body) {
    try { // two updates accepted together: the second is refused here
      refuseUnlessChangeable(name);
    } catch (ChangeRejected e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ChangeRequest.REFUSED);
    }
    change = name;
    try {
      Workflow.await(() -> !checking); // a check's answer must not land on top of the change
      changeScope = Workflow.newCancellationScope(body);
      changeScope.run();
      return status();
    } catch (TemporalFailure e) {
      throw e instanceof ApplicationFailure af
          ? af
          : ApplicationFailure.newNonRetryableFailure(
              name + " failed: " + PipelineContext.reason(e), ChangeRequest.FAILED);
    } finally {
      change = null;
      changeScope = null;
      wake = true;
      lastHealth = null; // the next window reports its first check: the change's effect, at once
    }
  }

  // ---- teardown

  private PipelineStatus destroy(PipelineContext ctx) {
    Workflow.await(() -> change == null); // a change ends before teardown begins
    setPhase(Phase.TEARING_DOWN);
    List<String> left = new Teardown(ctx, access).run();
    outputs.clear();
    if (!left.isEmpty()) {
      error = "teardown incomplete: " + String.join("; ", left);
      setPhase(Phase.FAILED);
      throw ApplicationFailure.newNonRetryableFailure(error, "TeardownIncomplete");
    }
    setPhase(Phase.DESTROYED);
    return status();
  }

  /**
   * Undo what exists, in a detached scope so that a workflow cancel does not cancel the
   * compensations themselves; then hand back the failure to end the workflow with.
   */
  private TemporalFailure compensate(PipelineContext ctx, TemporalFailure cause) {
    boolean cancelled = Parallel.isCancel(cause);
    if (!cancelled) {
      error = failedStep() + ": " + PipelineContext.reason(cause);
    }
    log.info("compensating pipeline {} after {}", spec.name(), cancelled ? "cancel" : error);
    setPhase(Phase.TEARING_DOWN);
    List<String> left = new ArrayList<>();
    Workflow.newDetachedCancellationScope(
            () -> {
              Workflow.await(() -> change == null);
              left.addAll(new Teardown(ctx, access).run());
            })
        .run();
    outputs.clear();
    if (!left.isEmpty()) {
      error =
          (error == null ? "" : error + "; ") + "teardown incomplete: " + String.join("; ", left);
    }
    setPhase(cancelled && left.isEmpty() ? Phase.DESTROYED : Phase.FAILED);
    return cause;
  }

  private String failedStep() {
    List<StepRecord> all = steps.steps();
    for (int i = all.size() - 1; i >= 0; i--) {
      if ("FAILED".equals(all.get(i).state())) {
        return all.get(i).name();
      }
    }
    return "provisioning";
  }

  @Override
  public void destroy() {
    destroyRequested = true;
    if (provisioning != null && phase == Phase.PROVISIONING) {
      provisioning.cancel("destroy requested");
    }
    if (changeScope != null) { // the change undoes what it did, then teardown begins
      changeScope.cancel("destroy requested");
    }
    if (rolling != null) {
      rolling.cancel("destroy requested");
    }
  }

  // ---- status and state

  @Override
  public void checkNow() {
    checkRequested = true;
  }

  @Override
  public PipelineStatus status() {
    return new PipelineStatus(
        spec == null ? null : spec.name(),
        spec == null ? null : spec.target(),
        phase,
        Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getRunId(),
        steps.steps(),
        inventory.records().stream()
            .map(r -> new PipelineStatus.ResourceStatus(r.type(), r.id(), r.state()))
            .toList(),
        Collections.unmodifiableMap(new LinkedHashMap<>(outputs)),
        error,
        access != null ? access.tables() : spec == null ? null : spec.tables(),
        restarts.view(),
        lag,
        drift);
  }

  private void setPhase(Phase next) {
    if (phase != next) {
      log.info(
          "pipeline {} ({}): phase {} -> {}{}",
          spec.name(),
          spec.target().id(),
          phase,
          next,
          error == null ? "" : ": " + error);
      long now = Workflow.currentTimeMillis();
      PhaseMetrics.left(spec, phase, next, phaseEnteredMillis, now);
      phaseEnteredMillis = now;
      phase = next;
      Workflow.upsertTypedSearchAttributes(CdcSearchAttributes.PHASE.valueSet(next.name()));
    }
    PhaseMetrics.report(spec, phase, phaseEnteredMillis);
    steps.heading("Phase **" + phase + "**" + (error == null ? "" : ": " + error) + day2());
    steps.publish();
  }

  /** For the Web UI's current details, once there is a pipeline to change: what status shows. */
  private String day2() {
    if (access == null || !phase.changeable()) {
      return "";
    }
    Restarts r = restarts.view();
    return "\n\ntables: "
        + String.join(", ", access.tables())
        + " · restarts: "
        + r.count()
        + (r.last() == null ? "" : " (last " + r.last() + ")")
        + " · lag: "
        + (lag.retainedWalBytes() == null ? "?" : lag.retainedWalBytes() + " B WAL")
        + ", "
        + (lag.lastEventAgeSeconds() == null ? "?" : lag.lastEventAgeSeconds() + " s")
        + " · drift: "
        + (drift.isEmpty() ? "none" : String.join(", ", drift));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static Map<String, String> endpoints(DataPlaneAccess a) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("jdbcUrl", a.jdbcUrl());
    if (a.kafkaBootstrap() != null) {
      out.put("kafkaBootstrap", a.kafkaBootstrap());
    }
    out.put("connectUrl", a.connectUrl());
    out.put("connectorName", a.connectorName());
    out.put("changeTopic", a.changeTopic());
    return out;
  }

  private PipelineState snapshot() {
    return new PipelineState(
        phase,
        steps.steps(),
        inventory.records(),
        new LinkedHashMap<>(outputs),
        access,
        error,
        runs,
        connector,
        restarts.view(),
        restarts.healthySince(),
        lag,
        drift,
        phaseEnteredMillis);
  }

  private void restore(PipelineState carried) {
    if (carried == null) {
      return;
    }
    phase = carried.phase();
    steps = new StepLog(carried.steps());
    inventory = new Inventory(carried.inventory());
    outputs.putAll(carried.outputs());
    access = carried.access();
    error = carried.error();
    runs = carried.runs();
    connector = carried.connector() == null ? ConnectorState.RUNNING : carried.connector();
    restarts = new RestartBackoff(carried.restarts(), carried.healthySince());
    lag = carried.lag() == null ? Lag.UNKNOWN : carried.lag();
    drift = carried.drift() == null ? List.of() : carried.drift();
    phaseEnteredMillis = carried.phaseEnteredMillis();
  }
}
