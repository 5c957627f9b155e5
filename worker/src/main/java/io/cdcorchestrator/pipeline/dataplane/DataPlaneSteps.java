package io.cdcorchestrator.pipeline.dataplane;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;

import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The shared tail, workflow code: the database is reachable, holds the captured table, the
 * replication user and the publication; Connect answers; the connector is registered and RUNNING;
 * and a row change is seen arriving as an event. Runs on the {@code cdc-dataplane} task queue.
 */
public final class DataPlaneSteps {
  private static final ActivityOptions AWAIT = ActivityStubs.await(Duration.ofMinutes(5));
  private static final ActivityOptions STEP = ActivityStubs.DATAPLANE;

  private final PipelineContext ctx;

  public DataPlaneSteps(PipelineContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The checks of an adopted database, before anything is created: a BLOCKER fails the step (and so
   * {@code up}) with every blocker's line and remedy; nothing is there to undo.
   */
  public List<Finding> preflight(DataPlaneAccess access) {
    return preflight(access, NOTHING_CREATED, Set.of());
  }

  /**
   * @param afterwards what the refusal says of what the run created (on AWS through the bastion:
   *     that it is being removed)
   * @param fixedByTheRun checks whose blockers the run itself fixes later ({@code --allow-reboot}:
   *     {@link #WAL_LEVEL}); they do not refuse it
   */
  public List<Finding> preflight(
      DataPlaneAccess access, String afterwards, Set<String> fixedByTheRun) {
    return ctx.run(
        "preflightDatabase",
        () -> {
          List<Finding> findings =
              dataPlane(STEP, "preflight database " + access.database()).preflightDatabase(access);
          List<String> blockers =
              findings.stream()
                  .filter(f -> f.blocks() && !fixedByTheRun.contains(f.check()))
                  .map(Finding::line)
                  .toList();
          if (!blockers.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure(
                "preflight refused database "
                    + access.database()
                    + ", "
                    + afterwards
                    + ": "
                    + String.join("; ", blockers),
                PREFLIGHT_REFUSED);
          }
          return findings;
        },
        findings -> findings.size() + " checks passed");
  }

  /** What a refusal before anything was created says. */
  public static final String NOTHING_CREATED = "nothing was created";

  /** DatabasePreflight's check of {@code wal_level}. */
  public static final String WAL_LEVEL = "database.wal_level";

  /** The failure type of a preflight with blockers. */
  public static final String PREFLIGHT_REFUSED = "PreflightRefused";

  public CdcProof provision(DataPlaneAccess access) {
    ctx.await(
        "awaitDatabase",
        () -> dataPlane(AWAIT, "await database " + access.database()).awaitDatabase(access));
    ctx.create(
        "initDatabase",
        ResourceTypes.DB_CDC_OBJECTS,
        access.publicationName(),
        () ->
            dataPlane(STEP, "init table, replication user, publication " + access.publicationName())
                .initDatabase(access));
    ctx.await(
        "awaitConnectApi",
        () -> dataPlane(AWAIT, "await Kafka Connect REST API").awaitConnect(access));
    ctx.create(
        "registerConnector",
        ResourceTypes.CONNECTOR,
        access.connectorName(),
        () ->
            dataPlane(STEP, "register connector " + access.connectorName())
                .registerConnector(access));
    ctx.await(
        "awaitConnectorRunning",
        () ->
            dataPlane(AWAIT, "await connector " + access.connectorName() + " RUNNING")
                .awaitConnectorRunning(access));
    return ctx.run(
        "proveCdc",
        () -> dataPlane(STEP, "prove CDC: canary row to " + access.changeTopic()).proveCdc(access),
        proof -> "canary arrived via " + proof.via() + " in " + proof.latencyMillis() + " ms");
  }
}
