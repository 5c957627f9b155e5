package io.cdcorchestrator.pipeline;

import io.cdcorchestrator.aws.SweepActivities;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.SweepResult;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.pipeline.aws.AwsTeardown;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Inventory;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.cdcorchestrator.pipeline.saga.StepLog;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Discover, then the shared AWS teardown over what was found, as if it were the run's own
 * inventory.
 */
public class SweepWorkflowImpl implements SweepWorkflow {
  private final StepLog steps = new StepLog(null);

  @Override
  public SweepResult sweep(String pipeline) {
    SweepActivities sweep =
        Workflow.newActivityStub(
            SweepActivities.class,
            ActivityOptions.newBuilder(ActivityStubs.CREATE)
                .setSummary("find everything tagged cdc:pipeline=" + pipeline)
                .build());
    PipelineSpec spec = PipelineSpec.of(pipeline, Target.AWS); // the teardown needs only the name
    List<ResourceRecord> found =
        new PipelineContext(spec, new Inventory(null), steps)
            .run("discover", () -> sweep.discover(pipeline), f -> f.size() + " resources");
    Inventory inventory = new Inventory(found);
    List<String> left = new AwsTeardown(new PipelineContext(spec, inventory, steps)).run();
    List<String> deleted =
        found.stream()
            .filter(r -> !inventory.records().contains(r))
            .map(r -> r.type() + " " + r.id())
            .toList();
    return new SweepResult(pipeline, deleted, left);
  }

  @Override
  public List<StepRecord> steps() {
    return steps.steps();
  }
}
