package io.cdcorchestrator.pipeline.sandbox;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.sandbox;

import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.SandboxRepair;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/**
 * Workflow code, called by the watch when a health check of a sandbox pipeline fails: liveness, not
 * records. The host's worker checks each component and starts what died from its state on disk
 * (Kafka from its log directory, Connect from its topics, PostgreSQL from its data directory); the
 * inventory then says what runs now. When something came back, the connector is awaited RUNNING
 * again (re-registered first if the database moved to another port, since its config names the
 * port), so it resumes from its stored offset.
 */
public final class SandboxLiveness {
  /** Change id of the repair step in the watch. */
  public static final String CHANGE_ID = "watch-repairs-sandbox";

  /** Change id of the repair while provisioning, when a worker took over the host. */
  public static final String WHILE_PROVISIONING = "repair-sandbox-while-provisioning";

  private static final ActivityOptions AWAIT = ActivityStubs.await(Duration.ofMinutes(3));

  private final PipelineContext ctx;

  public SandboxLiveness(PipelineContext ctx) {
    this.ctx = ctx;
  }

  /** What the repair did, and how the data plane reaches the pipeline now. */
  public record Outcome(SandboxRepair repair, DataPlaneAccess access) {
    public boolean restarted() {
      return !repair.restarted().isEmpty();
    }
  }

  /**
   * The host's worker brings back what died: enough while provisioning, whose steps find the
   * components again and record them themselves.
   */
  public SandboxRepair restartWhatDied() {
    return ctx.run(
        "repairSandbox",
        () ->
            sandbox(
                    ActivityStubs.REPAIR,
                    "check the sandbox, restart what died",
                    ctx.sandboxQueue())
                .repair(ctx.name()),
        r -> r.restarted().isEmpty() ? "all alive" : String.join("; ", r.restarted()));
  }

  /**
   * @param connector the state the pipeline keeps its connector in (RUNNING unless paused or
   *     stopped): what the connector is awaited in once Connect is back
   */
  public Outcome repair(DataPlaneAccess access, ConnectorState connector) {
    String name = ctx.name();
    SandboxRepair repair = restartWhatDied();
    if (repair.restarted().isEmpty()
        || repair.postgres() == null
        || repair.kafka() == null
        || repair.connect() == null) {
      return new Outcome(repair, access);
    }
    replace(ResourceTypes.SANDBOX_POSTGRES, repair.postgres());
    replace(ResourceTypes.SANDBOX_KAFKA, repair.kafka());
    replace(ResourceTypes.SANDBOX_CONNECT, repair.connect());
    DataPlaneAccess now =
        SandboxProvisioning.access(name, repair.postgres(), repair.kafka(), repair.connect())
            .withTables(access.tables());
    if (now.dbPort() != access.dbPort()) {
      ctx.run(
          "registerConnector",
          () ->
              dataPlane(ActivityStubs.DATAPLANE, "register connector with the database's new port")
                  .registerConnector(now),
          r -> "database now on port " + now.dbPort());
    }
    if (connector == ConnectorState.RUNNING) {
      ctx.await(
          "awaitConnectorRunning",
          () ->
              dataPlane(AWAIT, "await connector " + now.connectorName() + " RUNNING again")
                  .awaitConnectorRunning(now));
    } else { // paused or stopped by the user: Connect keeps that state in its config topic
      ctx.await(
          "awaitConnectorState",
          () ->
              dataPlane(
                      AWAIT, "await connector " + now.connectorName() + " " + connector + " again")
                  .awaitConnectorState(now, connector));
    }
    return new Outcome(repair, now);
  }

  /**
   * The inventory's record of {@code type} now says what runs (maybe on a new port), in its place:
   * the order is the teardown's.
   */
  private void replace(String type, ResourceRecord now) {
    ResourceRecord old = ctx.inventory().find(type);
    if (old != null) {
      ctx.inventory().created(old.id(), now);
    }
  }
}
