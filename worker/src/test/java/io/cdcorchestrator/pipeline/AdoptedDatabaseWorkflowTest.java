package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.preflight.Finding;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox story on an adopted database, with Mockito activities: a preflight blocker ends the
 * run before anything is created; a clear one adopts the database (never starts or stops one), and
 * teardown drops only the pipeline's own objects.
 */
class AdoptedDatabaseWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      PipelineTestWorkflow.extensionWithoutSiblingCancel();

  static final PipelineSpec SPEC =
      PipelineSpec.of("mine", Target.SANDBOX)
          .withTables(List.of("public.orders"))
          .withExisting(
              new Existing(
                  new Existing.Database(
                      "jdbc:postgresql://db.example:5432/shop", null, "postgres", null),
                  null,
                  null));

  private PipelineWorkflow start(
      TestWorkflowEnvironment env, Worker worker, ScriptedActivities acts) {
    worker.registerActivitiesImplementations(acts.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    return PipelineTestWorkflow.start(env, worker, SPEC);
  }

  @Test
  void aBlocker_failsTheRunWithTheRemedy_beforeAnythingIsCreated(
      TestWorkflowEnvironment env, Worker worker) {
    ScriptedActivities acts =
        new ScriptedActivities()
            .answer(
                "preflightDatabase",
                inv ->
                    List.of(
                        Finding.ok("database.reachable", "reached"),
                        Finding.blocker(
                            "database.wal_level",
                            "wal_level is replica",
                            "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL")));
    PipelineWorkflow wf = start(env, worker, acts);
    assertThrows(
        WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class));
    assertEquals(List.of("preflightDatabase"), acts.calls(), "nothing created, nothing to undo");
    PipelineStatus failed = wf.status();
    assertEquals(Phase.FAILED, failed.phase());
    assertTrue(
        failed
            .error()
            .contains(
                "BLOCKER database.wal_level: wal_level is replica — remedy: ALTER SYSTEM SET"
                    + " wal_level = logical; then restart PostgreSQL"),
        failed.error());
    assertTrue(failed.resources().isEmpty(), failed.resources()::toString);
  }

  @Test
  void clear_adoptsTheDatabase_andTeardownDropsOnlyThePipelinesObjects(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities acts = new ScriptedActivities();
    PipelineWorkflow wf = start(env, worker, acts);
    PipelineStatus ready =
        PipelineTestWorkflow.awaitStatus(wf, "READY", s -> s.phase() == Phase.READY);
    assertEquals("jdbc:postgresql://db.example:5432/shop", ready.outputs().get("jdbcUrl"));
    assertEquals("mine.public.orders", ready.outputs().get("changeTopic"));
    PipelineStatus.ResourceStatus db =
        ready.resources().stream()
            .filter(r -> r.type().equals(ResourceTypes.SANDBOX_POSTGRES))
            .findFirst()
            .orElseThrow();
    assertEquals(ResourceRecord.ADOPTED, db.state());
    DataPlaneAccess checked = acts.lastArgument("preflightDatabase");
    assertTrue(checked.adoptedDatabase());
    assertEquals(List.of("public.orders"), checked.tables());
    assertEquals("preflightDatabase", acts.calls().get(0), "the first step");

    PipelineSpec elsewhere =
        SPEC.withExisting(
            new Existing(
                new Existing.Database("jdbc:postgresql://other:5432/shop", null, null, null),
                null,
                null));
    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class, () -> wf.apply(new ChangeRequest(elsewhere, false)));
    ApplicationFailure why = assertInstanceOf(ApplicationFailure.class, refused.getCause());
    assertTrue(
        why.getOriginalMessage().startsWith("existing: what the pipeline adopts cannot change"),
        why::getOriginalMessage);

    wf.destroy();
    PipelineStatus destroyed =
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
    assertEquals(Phase.DESTROYED, destroyed.phase());
    assertFalse(acts.calls().contains("createPostgres"), acts.calls()::toString);
    assertFalse(acts.calls().contains("deletePostgres"), "the user's database is never stopped");
    DataPlaneAccess dropped = acts.lastArgument("dropDatabaseObjects");
    assertEquals("cdc_mine_replicator", dropped.replicationUser());
    assertEquals("public.cdc_mine_heartbeat", dropped.heartbeatTable());
    assertTrue(acts.calls().contains("deleteWorkDirectory"));
  }
}
