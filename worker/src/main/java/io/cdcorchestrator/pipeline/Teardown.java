package io.cdcorchestrator.pipeline;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.sandbox;

import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.pipeline.aws.AwsCompensation;
import io.cdcorchestrator.pipeline.aws.AwsTeardown;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * One teardown for every use: compensation after a failure or cancel, and {@code destroy}. Walks
 * the inventory newest first (AWS resources in their dependency order, {@link AwsTeardown}); each
 * resource type has exactly one compensation, and every one treats "already gone" as done, so
 * running teardown twice is harmless. A compensation that still fails after its retries is reported
 * and the walk goes on: one stuck resource must not strand the rest. What the pipeline adopted (the
 * spec's {@code existing}) is never deleted: it only leaves the inventory.
 */
public final class Teardown {
  private static final ActivityOptions DELETE = ActivityStubs.DELETE;

  private final PipelineContext ctx;
  private final DataPlaneAccess access;

  public Teardown(PipelineContext ctx, DataPlaneAccess access) {
    this.ctx = ctx;
    this.access = access;
  }

  /**
   * @return what could not be deleted, empty when everything is gone
   */
  public List<String> run() {
    List<String> left = new ArrayList<>();
    // the data plane (connector, database objects) first, newest first; then AWS in dependency
    // order
    for (ResourceRecord r :
        ctx.inventory().newestFirst().stream().filter(r -> !AwsCompensation.handles(r)).toList()) {
      if (r.adopted()) { // the user's own: kept as it was; the pipeline lets go of it
        ctx.inventory().removed(r);
        continue;
      }
      String step = stepName(r);
      try {
        ctx.run(
            step,
            () -> {
              compensate(r);
              return r.id();
            },
            id -> "deleted " + id);
        ctx.inventory().removed(r);
      } catch (TemporalFailure e) {
        left.add(r.type() + " " + r.id() + ": " + PipelineContext.reason(e));
      }
    }
    if (AwsTeardown.applies(ctx.inventory())) {
      left.addAll(new AwsTeardown(ctx).run());
    }
    return left;
  }

  private void compensate(ResourceRecord r) {
    if (AwsCompensation.handles(r)) {
      AwsCompensation.delete(r);
      return;
    }
    String name = ctx.name();
    String host = ctx.sandboxQueue(); // the sandbox's processes live on the host that runs them
    switch (r.type()) {
      case ResourceTypes.CONNECTOR ->
          dataPlane(DELETE, "delete connector " + r.id()).deleteConnector(access);
      case ResourceTypes.DB_CDC_OBJECTS ->
          dataPlane(DELETE, "drop slot, publication, replication user").dropDatabaseObjects(access);
      case ResourceTypes.SANDBOX_CONNECT ->
          sandbox(DELETE, "stop Kafka Connect worker", host).deleteConnect(name);
      case ResourceTypes.SANDBOX_KAFKA ->
          sandbox(DELETE, "stop Kafka broker", host).deleteKafka(name);
      case ResourceTypes.SANDBOX_POSTGRES ->
          sandbox(DELETE, "stop PostgreSQL", host).deletePostgres(name);
      case ResourceTypes.SANDBOX_WORKDIR ->
          sandbox(DELETE, "remove work directory", host).deleteWorkDirectory(name);
      default -> throw new IllegalStateException("no compensation for resource type " + r.type());
    }
  }

  static String stepName(ResourceRecord r) {
    if (AwsCompensation.handles(r)) {
      return AwsCompensation.stepName(r);
    }
    return switch (r.type()) {
      case ResourceTypes.CONNECTOR -> "deleteConnector";
      case ResourceTypes.DB_CDC_OBJECTS -> "dropDatabaseObjects";
      case ResourceTypes.SANDBOX_CONNECT -> "deleteConnect";
      case ResourceTypes.SANDBOX_KAFKA -> "deleteKafka";
      case ResourceTypes.SANDBOX_POSTGRES -> "deletePostgres";
      case ResourceTypes.SANDBOX_WORKDIR -> "deleteWorkDirectory";
      default -> "delete " + r.type();
    };
  }
}
