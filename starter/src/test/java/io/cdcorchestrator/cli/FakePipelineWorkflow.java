package io.cdcorchestrator.cli;

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
 * status, destroy) without the sandbox: two short steps, READY, then a teardown step on {@code
 * destroy}. A pipeline whose name starts with {@code fail} fails in its second step, after
 * compensating.
 */
public class FakePipelineWorkflow implements PipelineWorkflow {
  static final Duration STEP = Duration.ofMillis(300);

  private PipelineSpec spec;
  private Phase phase = Phase.PROVISIONING;
  private final List<StepRecord> steps = new ArrayList<>();
  private Map<String, String> outputs = Map.of();
  private String error;
  private boolean destroyRequested;

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
        error);
  }
}
