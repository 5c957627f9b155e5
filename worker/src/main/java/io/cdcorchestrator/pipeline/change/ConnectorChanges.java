package io.cdcorchestrator.pipeline.change;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;

import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Locale;

/**
 * Pause, resume and stop, workflow code: Kafka Connect's call, then the wait until the connector
 * (and its tasks) are there. Its compensation is the move back: a connector that does not reach the
 * new state is put back where it was, and the change fails saying so.
 */
public final class ConnectorChanges {
  private static final ActivityOptions CALL = ActivityStubs.DATAPLANE;
  private static final ActivityOptions AWAIT = ActivityStubs.await(Duration.ofMinutes(2));

  private final PipelineContext ctx;
  private final DataPlaneAccess access;

  public ConnectorChanges(PipelineContext ctx, DataPlaneAccess access) {
    this.ctx = ctx;
    this.access = access;
  }

  /** Moves the connector to {@code to}; on failure back to {@code from}, then fails. */
  public void move(ConnectorState from, ConnectorState to) {
    try {
      call(to);
    } catch (TemporalFailure e) {
      String reason = PipelineContext.reason(e);
      String undo = "left " + from;
      if (from != to) {
        try {
          Workflow.newDetachedCancellationScope(() -> call(from)).run();
          undo = "put back to " + from;
        } catch (TemporalFailure again) {
          undo = "could not put it back to " + from + ": " + PipelineContext.reason(again);
        }
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "connector "
              + access.connectorName()
              + " did not become "
              + to
              + " ("
              + reason
              + "); "
              + undo,
          ChangeRequest.FAILED);
    }
  }

  private void call(ConnectorState state) {
    String verb =
        switch (state) {
          case RUNNING -> "resume";
          case PAUSED -> "pause";
          case STOPPED -> "stop";
        };
    ctx.run(
        verb + "Connector",
        () -> {
          var connector = dataPlane(CALL, verb + " connector " + access.connectorName());
          switch (state) {
            case RUNNING -> connector.resumeConnector(access);
            case PAUSED -> connector.pauseConnector(access);
            case STOPPED -> connector.stopConnector(access);
          }
          return state;
        },
        s -> verb + " sent to Kafka Connect");
    String title = state.name().charAt(0) + state.name().substring(1).toLowerCase(Locale.ROOT);
    ctx.await(
        "awaitConnector" + title,
        () ->
            dataPlane(AWAIT, "await connector " + access.connectorName() + " " + state)
                .awaitConnectorState(access, state));
  }
}
