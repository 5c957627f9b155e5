package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.CapturedTables;
import io.cdcorchestrator.model.ChangePlan;
import io.cdcorchestrator.model.ChangeRejected;
import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineState;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.pipeline.PipelineWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the real pipeline workflow, so the CLI is tested against its contract (run,
 * status, destroy, the change updates and the plan query) without the sandbox: two short steps,
 * READY, then a teardown step on {@code destroy}. A pipeline whose name starts with {@code fail}
 * fails in its second step, after compensating; one whose name starts with {@code slow} stays
 * PROVISIONING until destroyed. Changes: pause/resume/stop set the phase; apply changes the tables
 * (a table named {@code public.nokey} is refused as the real one refuses a table without a key).
 */
public class FakePipelineWorkflow implements PipelineWorkflow {
  static final Duration STEP = Duration.ofMillis(300);

  private PipelineSpec spec;
  private Phase phase = Phase.PROVISIONING;
  private final List<StepRecord> steps = new ArrayList<>();
  private Map<String, String> outputs = Map.of();
  private String error;
  private boolean destroyRequested;
  private List<String> tables = PipelineSpec.DEFAULT_TABLES;

  @Override
  public PipelineStatus run(PipelineSpec spec, PipelineState carried) {
    this.spec = spec;
    step("createThing");
    if (spec.name().startsWith("fail")) {
      steps.add(new StepRecord("awaitThing", "FAILED", 3, now(), now(), null, "thing broke"));
      step("deleteThing");
      phase = Phase.FAILED;
      error = "thing broke";
      throw ApplicationFailure.newNonRetryableFailure("thing broke", "ThingBroke");
    }
    if (spec.name().startsWith("slow")) {
      Workflow.await(() -> destroyRequested);
    }
    step("awaitThing");
    outputs =
        Map.of(
            "jdbcUrl",
            "jdbc:postgresql://127.0.0.1:5999/inventory",
            "changeTopic",
            spec.name() + ".public.inventory");
    phase = Phase.READY;
    Workflow.await(() -> destroyRequested);
    phase = Phase.TEARING_DOWN;
    step("deleteThing");
    phase = Phase.DESTROYED;
    return status();
  }

  private void step(String name) {
    String started = now();
    steps.add(new StepRecord(name, "RUNNING", 1, started, null, null, null));
    Workflow.sleep(STEP);
    steps.set(
        steps.size() - 1,
        steps.get(steps.size() - 1).ended("COMPLETED", 1, now(), "id-" + name, null));
  }

  private static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }

  @Override
  public void destroy() {
    destroyRequested = true;
  }

  @Override
  public void checkNow() {}

  @Override
  public PipelineStatus status() {
    return new PipelineStatus(
        spec.name(),
        spec.target(),
        phase,
        Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getRunId(),
        List.copyOf(steps),
        List.of(),
        outputs,
        error,
        tables,
        null,
        null,
        null);
  }

  @Override
  public ChangePlan plan(ChangeRequest request) {
    PipelineSpec desired = request.desired();
    if (desired == null || desired.tables().equals(tables)) {
      return new ChangePlan(null, null, null);
    }
    ChangePlan.Difference tablesChange =
        new ChangePlan.Difference(
            "tables", tables.toString(), desired.tables().toString(), "capture them");
    return desired.target() == spec.target()
        ? new ChangePlan(List.of(tablesChange), null, null)
        : new ChangePlan(
            null,
            List.of(
                new ChangePlan.Difference("target", "x", "y", "a pipeline stays on its target")),
            null);
  }

  private void changeable() {
    if (phase != Phase.READY && phase != Phase.PAUSED && phase != Phase.STOPPED) {
      throw new ChangeRejected.Refused("pipeline " + spec.name() + " is " + phase);
    }
  }

  @Override
  public void validatePause() {
    changeable();
  }

  @Override
  public PipelineStatus pause() {
    step("pauseConnector");
    phase = Phase.PAUSED;
    return status();
  }

  @Override
  public void validateResume() {
    changeable();
  }

  @Override
  public PipelineStatus resume() {
    step("resumeConnector");
    phase = Phase.READY;
    return status();
  }

  @Override
  public void validateStop() {
    changeable();
  }

  @Override
  public PipelineStatus stop() {
    step("stopConnector");
    phase = Phase.STOPPED;
    return status();
  }

  @Override
  public void validateApply(ChangeRequest request) {
    changeable();
    String invalid =
        request.desired() == null ? null : CapturedTables.validate(request.desired().tables());
    if (invalid != null) {
      throw new ChangeRejected.Invalid(invalid);
    }
  }

  @Override
  public PipelineStatus apply(ChangeRequest request) {
    step("checkTables");
    if (request.desired().tables().contains("public.nokey")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "refused: public.nokey has no primary key; nothing was changed", ChangeRequest.REFUSED);
    }
    step("publishTables");
    tables = request.desired().tables();
    return status();
  }
}
