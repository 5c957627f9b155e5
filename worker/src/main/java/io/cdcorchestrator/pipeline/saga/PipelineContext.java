package io.cdcorchestrator.pipeline.saga;

import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a provisioning story works with: the spec, the saga inventory and the step log. Each call
 * here is one step: recorded as RUNNING, then COMPLETED or FAILED.
 */
public final class PipelineContext {
  private final PipelineSpec spec;
  private final Inventory inventory;
  private final StepLog steps;

  public PipelineContext(PipelineSpec spec, Inventory inventory, StepLog steps) {
    this.spec = spec;
    this.inventory = inventory;
    this.steps = steps;
  }

  public String name() {
    return spec.name();
  }

  public PipelineSpec spec() {
    return spec;
  }

  public Inventory inventory() {
    return inventory;
  }

  public StepLog steps() {
    return steps;
  }

  /**
   * The task queue of the host that runs this sandbox pipeline's processes (its work directory's
   * record says), or null: the workflow's own queue, as for runs from before the host queue.
   */
  public String sandboxQueue() {
    if (!ActivityStubs.crashSafe()) {
      return null;
    }
    ResourceRecord dir = inventory.find(ResourceTypes.SANDBOX_WORKDIR);
    return dir == null ? null : dir.attributes().get(ResourceTypes.TASK_QUEUE);
  }

  /**
   * A create step: the resource enters the inventory before the call (so a partial or cancelled
   * create is still compensated), and is replaced by what the call returns.
   */
  public ResourceRecord create(
      String step, String type, String expectedId, Supplier<ResourceRecord> call) {
    // an AWS intent names its pipeline: a delete of a create never confirmed finds it by tag and
    // name
    inventory.intend(
        type, expectedId, AwsType.isAws(type) ? Map.of(ResourceRecord.PIPELINE, name()) : null);
    ResourceRecord created = run(step, call, r -> r.state());
    if (!created.type().equals(type)) {
      throw ApplicationFailure.newNonRetryableFailure(
          step + " returned a " + created.type() + ", expected a " + type, "WrongResourceType");
    }
    inventory.created(expectedId, created);
    return created;
  }

  /**
   * An AWS create step: the request names the resource type and owns the ID its intent is recorded
   * under, e.g. {@code ctx.create("createVpc", vpc, network(CREATE, "create VPC")::createVpc)}.
   */
  public <Q extends AwsRequest> ResourceRecord create(
      String step, Q request, Function<Q, ResourceRecord> create) {
    return create(step, request.type(), request.intendedId(), () -> create.apply(request));
  }

  /**
   * An adopt step: the user's own resource, read and checked by {@code call}, enters the inventory
   * as adopted (it names its ownership), so teardown, compensation and sweep leave it alone.
   */
  public ResourceRecord adopt(String step, String type, Supplier<ResourceRecord> call) {
    ResourceRecord adopted = run(step, call, r -> "adopted " + r.id());
    if (!adopted.type().equals(type) || !adopted.adopted()) {
      throw ApplicationFailure.newNonRetryableFailure(
          step + " returned a " + adopted.type() + " it did not adopt", "WrongResourceType");
    }
    inventory.created(adopted.id(), adopted);
    return adopted;
  }

  /** A readiness wait. */
  public Readiness await(String step, Supplier<Readiness> call) {
    steps.started(step);
    try {
      Readiness ready = call.get();
      steps.completed(step, ready.attempts(), null, ready.detail());
      return ready;
    } catch (TemporalFailure e) {
      ended(step, e);
      throw e;
    }
  }

  /** Any other step; {@code detail} says in a few words what came back. */
  public <T> T run(String step, Supplier<T> call, Function<T, String> detail) {
    steps.started(step);
    try {
      T result = call.get();
      String id = result instanceof ResourceRecord r ? r.id() : null;
      steps.completed(step, 1, id, detail.apply(result));
      return result;
    } catch (TemporalFailure e) {
      ended(step, e);
      throw e;
    }
  }

  private void ended(String step, TemporalFailure e) {
    if (Parallel.isCancel(e)) {
      steps.cancelled(step);
    } else {
      steps.failed(step, reason(e));
    }
  }

  /** The innermost message of a failure, for status and the step log. */
  public static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && (t instanceof ActivityFailure || t.getCause() instanceof TemporalFailure)) {
      t = t.getCause();
    }
    if (t instanceof CanceledFailure) {
      return "cancelled";
    }
    if (t instanceof ApplicationFailure af) {
      return af.getOriginalMessage();
    }
    if (t instanceof TemporalFailure tf) {
      return tf.getOriginalMessage();
    }
    return String.valueOf(t.getMessage());
  }
}
