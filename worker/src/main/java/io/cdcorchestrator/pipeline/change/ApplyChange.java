package io.cdcorchestrator.pipeline.change;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;

import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.HealthVerdict;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.pipeline.aws.ConnectService;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * {@code cdc apply}, workflow code: one durable change whose steps run in order, each registering
 * its undo before the next; a step that fails undoes the earlier ones, newest first, and the change
 * fails naming the step, the reason and what was undone.
 *
 * <p>Tables: checked (a key) before anything changes, then published, added to the connector's
 * {@code table.include.list}, the tasks awaited with the new list, and a new table's rows
 * snapshotted incrementally (Debezium's {@code execute-snapshot} signal, completion read from its
 * notifications). AWS: Kafka Connect rolled out with a new revision or count ({@link
 * ConnectService}, which rolls back itself). The watch interval, lag limits and restart policy are
 * workflow state alone.
 */
public final class ApplyChange {
  private static final ActivityOptions STEP = ActivityStubs.DATAPLANE;
  private static final ActivityOptions AWAIT = ActivityStubs.await(Duration.ofMinutes(5));

  /** A large table's incremental snapshot takes a while: chunks of 1024 rows while streaming. */
  private static final ActivityOptions AWAIT_SNAPSHOT = ActivityStubs.await(Duration.ofHours(6));

  /** What the pipeline runs with after the change. */
  public record Outcome(PipelineSpec spec, DataPlaneAccess access) {}

  private final PipelineContext ctx;
  private final DataPlaneAccess access;
  private final Deque<Undo> undo = new ArrayDeque<>();

  private record Undo(String what, Runnable action) {}

  public ApplyChange(PipelineContext ctx, DataPlaneAccess access) {
    this.ctx = ctx;
    this.access = access;
  }

  /** Applies {@code desired} (normalised: the running name and checks per run) to the pipeline. */
  public Outcome apply(PipelineSpec running, PipelineSpec desired) {
    DataPlaneAccess next = access;
    try {
      if (!running.tables().equals(desired.tables())) {
        next = tables(running.tables(), desired.tables());
      }
      if (running.target() == Target.AWS
          && running.aws() != null
          && !Objects.equals(running.aws().connect(), desired.aws().connect())) {
        AwsSpec.Connect from = running.aws().connect();
        AwsSpec.Connect to = desired.aws().connect();
        new ConnectService(ctx).deploy(running.aws(), from, to, next);
      }
    } catch (TemporalFailure e) {
      throw failed(e);
    }
    return new Outcome(desired, next);
  }

  private DataPlaneAccess tables(List<String> from, List<String> to) {
    DataPlaneAccess next = access.withTables(to);
    List<String> added = new ArrayList<>(to);
    added.removeAll(from);
    ctx.run(
        "checkTables",
        () -> dataPlane(STEP, "check tables " + to + " for a key").checkTables(next),
        detail -> detail);
    ctx.run(
        "publishTables",
        () -> {
          dataPlane(STEP, "publish " + to).publishTables(next);
          return to;
        },
        t -> "publication " + access.publicationName() + " holds " + t);
    undo.push(
        new Undo(
            "publication back to " + from,
            () -> dataPlane(ActivityStubs.DELETE, "publish " + from).publishTables(access)));
    ctx.run(
        "updateConnector",
        () ->
            dataPlane(STEP, "update connector " + access.connectorName() + " tables")
                .registerConnector(next),
        r -> "table.include.list " + to);
    undo.push(
        new Undo(
            "connector tables back to " + from,
            () -> {
              dataPlane(ActivityStubs.DELETE, "update connector tables back")
                  .registerConnector(access);
              dataPlane(AWAIT, "await connector RUNNING").awaitConnectorRunning(access);
            }));
    ctx.await(
        "awaitConnectorRunning",
        () ->
            dataPlane(AWAIT, "await connector " + access.connectorName() + " with " + to)
                .awaitConnectorRunning(next));
    if (!added.isEmpty()) {
      String signal =
          ctx.run(
              "requestSnapshot",
              () ->
                  dataPlane(STEP, "signal incremental snapshot of " + added)
                      .requestSnapshot(next, added),
              id -> "execute-snapshot " + id + " for " + added);
      ctx.await(
          "awaitSnapshot",
          () ->
              dataPlane(AWAIT_SNAPSHOT, "await incremental snapshot of " + added)
                  .awaitSnapshot(next, signal, added));
    }
    return next;
  }

  /**
   * Puts back what drifted: the connector's config (registered again), its state, and on AWS the
   * service's revision and count.
   */
  public void reconcile(List<String> drift, ConnectorState desired) {
    try {
      if (drift.stream().anyMatch(k -> k.startsWith("connector.") && !isState(k))) {
        ctx.run(
            "reconcileConnector",
            () ->
                dataPlane(STEP, "register connector " + access.connectorName() + " again")
                    .registerConnector(access),
            r -> "config put back");
        if (desired == ConnectorState.RUNNING) {
          ctx.await(
              "awaitConnectorRunning",
              () ->
                  dataPlane(AWAIT, "await connector " + access.connectorName() + " RUNNING")
                      .awaitConnectorRunning(access));
        }
      }
      if (drift.contains(HealthVerdict.STATE_DRIFT)) {
        new ConnectorChanges(ctx, access).move(desired, desired);
      }
      if (drift.stream().anyMatch(k -> k.startsWith("service."))) {
        new ConnectService(ctx).reconcile();
      }
    } catch (TemporalFailure e) {
      throw failed(e);
    }
  }

  private static boolean isState(String key) {
    return key.equals(HealthVerdict.STATE_DRIFT);
  }

  /** Undoes what the change did, newest first, and says so in the failure it returns. */
  private ApplicationFailure failed(TemporalFailure cause) {
    String reason = PipelineContext.reason(cause);
    if (cause instanceof ApplicationFailure af
        && ConnectService.ROLLED_BACK.equals(af.getType())
        && undo.isEmpty()) {
      return af;
    }
    boolean refused = refusedBeforeAnyChange(cause);
    List<String> undone = new ArrayList<>();
    Workflow.newDetachedCancellationScope(
            () -> {
              while (!undo.isEmpty()) {
                Undo u = undo.pop();
                try {
                  u.action().run();
                  undone.add(u.what());
                } catch (TemporalFailure e) {
                  undone.add(u.what() + " FAILED: " + PipelineContext.reason(e));
                }
              }
            })
        .run();
    String message =
        (refused ? "refused: " : "apply failed: ")
            + reason
            + (undone.isEmpty()
                ? "; nothing was changed"
                : "; undone: " + String.join(", ", undone));
    return ApplicationFailure.newNonRetryableFailure(
        message, refused ? ChangeRequest.REFUSED : ChangeRequest.FAILED);
  }

  /** A table the database cannot capture: reported by the first step, before anything changed. */
  private boolean refusedBeforeAnyChange(TemporalFailure cause) {
    return undo.isEmpty()
        && cause instanceof ActivityFailure a
        && a.getCause() instanceof ApplicationFailure af
        && "TableRefused".equals(af.getType());
  }
}
