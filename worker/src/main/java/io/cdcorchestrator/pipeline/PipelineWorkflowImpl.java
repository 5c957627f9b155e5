package io.cdcorchestrator.pipeline;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;

import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.CdcSearchAttributes;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineState;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.pipeline.aws.AwsProvisioning;
import io.cdcorchestrator.pipeline.dataplane.DataPlaneSteps;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Inventory;
import io.cdcorchestrator.pipeline.saga.Parallel;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.cdcorchestrator.pipeline.saga.StepLog;
import io.cdcorchestrator.pipeline.sandbox.SandboxLiveness;
import io.cdcorchestrator.pipeline.sandbox.SandboxProvisioning;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
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
 */
public class PipelineWorkflowImpl implements PipelineWorkflow {
  private static final Logger log = Workflow.getLogger(PipelineWorkflowImpl.class);

  private PipelineSpec spec;
  private Phase phase = Phase.PROVISIONING;
  private StepLog steps = new StepLog(null);
  private Inventory inventory = new Inventory(null);
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private DataPlaneAccess access;
  private String error;
  private int runs;

  private boolean destroyRequested;
  private boolean checkRequested;
  private CancellationScope provisioning;

  @Override
  public PipelineStatus run(PipelineSpec spec, PipelineState carried) {
    ActivityStubs.useCrashSafeOptions(
        Workflow.getVersion(ActivityStubs.CRASH_SAFE, Workflow.DEFAULT_VERSION, 1) >= 1);
    this.spec = spec;
    restore(carried);
    Workflow.upsertTypedSearchAttributes(
        CdcSearchAttributes.PIPELINE.valueSet(spec.name()),
        CdcSearchAttributes.TARGET.valueSet(spec.target().id()),
        CdcSearchAttributes.PHASE.valueSet(phase.name()));
    setPhase(phase); // publishes the current details, also after continue-as-new
    PipelineContext ctx = new PipelineContext(spec, inventory, steps);

    if (phase == Phase.PROVISIONING && !destroyRequested) {
      try {
        provision(ctx);
        setPhase(Phase.READY);
      } catch (TemporalFailure e) {
        if (!(destroyRequested && Parallel.isCancel(e))) {
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

  /** READY until destroyed: one health check per interval; a FAILED task is restarted. */
  private void watch() {
    int checks = 0;
    while (true) {
      Workflow.await(
          Duration.ofSeconds(spec.watchIntervalSeconds()),
          () -> destroyRequested || checkRequested);
      if (destroyRequested) {
        return;
      }
      checkRequested = false;
      checkHealth();
      checks++;
      if (checks >= spec.checksPerRun() || Workflow.getInfo().isContinueAsNewSuggested()) {
        runs++;
        Workflow.continueAsNew(spec, snapshot());
      }
    }
  }

  private void checkHealth() {
    try {
      ConnectorHealth health =
          dataPlane(ActivityStubs.CHECK, "check connector health").checkHealth(access);
      if (health.healthy()) {
        if (phase == Phase.DEGRADED) {
          error = null;
          setPhase(Phase.READY);
        }
        return;
      }
      error = health.reason();
      setPhase(Phase.DEGRADED);
      if (spec.target() == Target.SANDBOX && repairSandbox()) {
        return;
      }
      if ("FAILED".equals(health.connectorState()) || !health.failedTasks().isEmpty()) {
        new PipelineContext(spec, inventory, steps)
            .run(
                "restartFailed",
                () -> {
                  dataPlane(ActivityStubs.CHECK, "restart failed connector tasks")
                      .restartFailed(access);
                  return health.failedTasks();
                },
                tasks -> "restarted failed tasks " + tasks);
      }
    } catch (ActivityFailure e) {
      error = "health check failed: " + PipelineContext.reason(e);
      setPhase(Phase.DEGRADED);
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
          new SandboxLiveness(new PipelineContext(spec, inventory, steps)).repair(access);
      if (!outcome.restarted()) {
        return false;
      }
      access = outcome.access();
      outputs.putAll(endpoints(access));
      ConnectorHealth after =
          dataPlane(ActivityStubs.CHECK, "check connector health after the repair")
              .checkHealth(access);
      error = after.healthy() ? null : after.reason();
      setPhase(after.healthy() ? Phase.READY : Phase.DEGRADED);
    } catch (ActivityFailure e) {
      error = "repairing the sandbox failed: " + PipelineContext.reason(e);
      setPhase(Phase.DEGRADED);
    }
    return true;
  }

  private PipelineStatus destroy(PipelineContext ctx) {
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
    Workflow.newDetachedCancellationScope(() -> left.addAll(new Teardown(ctx, access).run())).run();
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
  }

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
        error);
  }

  private void setPhase(Phase next) {
    if (phase != next) {
      log.info("pipeline {}: {} -> {}", spec.name(), phase, next);
      phase = next;
      Workflow.upsertTypedSearchAttributes(CdcSearchAttributes.PHASE.valueSet(next.name()));
    }
    steps.heading("Phase **" + phase + "**" + (error == null ? "" : ": " + error));
    steps.publish();
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
        runs);
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
  }
}
