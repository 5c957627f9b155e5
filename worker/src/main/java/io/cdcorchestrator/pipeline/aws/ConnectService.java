package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.container;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.database;

import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceUpdate;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.logs.LogGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kafka Connect on ECS after READY, workflow code: a new task definition revision (image, cpu,
 * memory) or desired count rolled out, waited for (service stable, connector RUNNING) and rolled
 * back to the running revision if it does not get there; and the service compared with what the
 * workflow set (drift), and put back; and rolled onto new tasks when the database secret rotated.
 * The inventory's service record is "what the workflow set", with the version of the database
 * secret its tasks started with ({@value #SECRET_VERSION}).
 */
public final class ConnectService {
  /** Failure type of a deployment that did not become stable and was rolled back. */
  public static final String ROLLED_BACK = "DeploymentRolledBack";

  /** Change id: the watch follows the database secret's rotation (a read per check, a roll). */
  public static final String SECRET_ROTATION = "watch-secret-rotation";

  /**
   * The service record's attribute: the id of the database secret's version the tasks started with
   * (a version id, not the secret).
   */
  public static final String SECRET_VERSION = "databaseSecretVersion";

  /** The reason status shows while the service is rolled for a rotated secret. */
  public static final String ROTATED = "database secret rotated: rolling Connect";

  private static final ActivityOptions AWAIT_ECS = ActivityStubs.await(Duration.ofMinutes(30));
  private static final ActivityOptions AWAIT_CONNECTOR = ActivityStubs.await(Duration.ofMinutes(5));
  private static final List<String> WATCHED = List.of("taskDefinition", "desiredCount");

  private final PipelineContext ctx;

  public ConnectService(PipelineContext ctx) {
    this.ctx = ctx;
  }

  private ResourceRecord service() {
    return ctx.inventory().find(EcsServiceRequest.TYPE);
  }

  /**
   * The service's attributes ({@code taskDefinition}, {@code desiredCount}) that ECS runs
   * differently from what the workflow set; empty when they match or the service cannot be read.
   */
  public List<String> drift() {
    ResourceRecord set = service();
    if (set == null) {
      return List.of();
    }
    ResourceRecord running;
    try {
      running =
          container(ActivityStubs.OBSERVE, "read the Kafka Connect service").describeService(set);
    } catch (ActivityFailure e) {
      return List.of();
    }
    List<String> differ = new ArrayList<>();
    for (String key : WATCHED) {
      if (!Objects.equals(set.attributes().get(key), running.attributes().get(key))) {
        differ.add(key);
      }
    }
    return differ;
  }

  /**
   * Rolls Kafka Connect out with {@code to}'s settings: a new revision when the image, cpu or
   * memory differ from {@code from}, then the service update; fails with {@value #ROLLED_BACK}
   * after putting the previous revision and count back when it does not become stable with the
   * connector RUNNING.
   */
  public void deploy(
      AwsSpec aws, AwsSpec.Connect from, AwsSpec.Connect to, DataPlaneAccess access) {
    ResourceRecord service = service();
    String previous = service.attr("taskDefinition");
    int previousCount = Integer.parseInt(service.attr("desiredCount"));
    String revision = previous;
    if (!Objects.equals(from.image(), to.image())
        || !Objects.equals(from.cpu(), to.cpu())
        || !Objects.equals(from.memory(), to.memory())) {
      TaskDefinitionRequest request = taskDefinition(aws, to);
      revision =
          ctx.run(
                  "registerTaskDefinition",
                  () ->
                      container(ActivityStubs.CREATE, "register Kafka Connect " + to.image())
                          .createTaskDefinition(request),
                  r -> "revision " + r.attributes().get("revision") + " with " + to.image())
              .id();
    }
    ResourceRecord updated = update("updateEcsService", service, revision, to.desiredCount());
    try {
      ctx.await(
          "awaitEcsService",
          () -> container(AWAIT_ECS, "await Kafka Connect service stable").awaitService(updated));
      ctx.await(
          "awaitConnectorRunning",
          () ->
              dataPlane(AWAIT_CONNECTOR, "await connector " + access.connectorName() + " RUNNING")
                  .awaitConnectorRunning(access));
    } catch (TemporalFailure e) {
      String reason = PipelineContext.reason(e);
      String undo = rollBack(service, previous, previousCount);
      throw ApplicationFailure.newNonRetryableFailure(
          "Kafka Connect did not become stable on " + revision + " (" + reason + "); " + undo,
          ROLLED_BACK);
    }
    String version = service.attributes().get(SECRET_VERSION);
    ctx.inventory()
        .created(service.id(), version == null ? updated : withVersion(updated, version));
  }

  /**
   * The database secret's current version id when it differs from the one the service's tasks
   * started with; null when it does not, when there is no secret or service, or when it cannot be
   * read now (the next check reads again). The first version seen is recorded, not rolled for: the
   * tasks started moments before with that one.
   */
  public String rotatedSecretVersion() {
    ResourceRecord service = service();
    ResourceRecord db = ctx.inventory().find(DbInstanceRequest.TYPE);
    String arn = db == null ? null : db.attributes().get("masterUserSecretArn");
    if (service == null || arn == null) {
      return null;
    }
    String current;
    try {
      current =
          database(ActivityStubs.OBSERVE, "read the database secret's version").secretVersion(arn);
    } catch (ActivityFailure e) {
      return null;
    }
    if (current == null) { // nothing to compare with
      return null;
    }
    String started = service.attributes().get(SECRET_VERSION);
    if (started == null) {
      record(service, current);
      return null;
    }
    return started.equals(current) ? null : current;
  }

  /**
   * New tasks of the same revision and count (ECS injects the secret {@code version} at their
   * start), awaited stable and, when the connector should run, RUNNING; the version is recorded
   * once the new deployment is under way, so a wait that fails is reported, not rolled again.
   */
  public void roll(String version, DataPlaneAccess access, boolean connectorRuns) {
    ResourceRecord service = service();
    ResourceRecord rolled =
        ctx.run(
            "redeployEcsService",
            () ->
                container(ActivityStubs.CREATE, "roll Kafka Connect onto the rotated secret")
                    .redeployService(service),
            r -> "new tasks of " + r.attributes().get("taskDefinition"));
    record(service, version);
    ctx.await(
        "awaitEcsService",
        () -> container(AWAIT_ECS, "await Kafka Connect service stable").awaitService(rolled));
    if (connectorRuns) {
      ctx.await(
          "awaitConnectorRunning",
          () ->
              dataPlane(AWAIT_CONNECTOR, "await connector " + access.connectorName() + " RUNNING")
                  .awaitConnectorRunning(access));
    }
  }

  private void record(ResourceRecord service, String version) {
    ctx.inventory().created(service.id(), withVersion(service, version));
  }

  private static ResourceRecord withVersion(ResourceRecord service, String version) {
    Map<String, String> attributes = new HashMap<>(service.attributes());
    attributes.put(SECRET_VERSION, version);
    return new ResourceRecord(service.type(), service.id(), service.state(), attributes);
  }

  /** Puts the service back to the revision and count the workflow set. */
  public void reconcile() {
    ResourceRecord set = service();
    ResourceRecord updated =
        update(
            "reconcileEcsService",
            set,
            set.attr("taskDefinition"),
            Integer.parseInt(set.attr("desiredCount")));
    ctx.await(
        "awaitEcsService",
        () -> container(AWAIT_ECS, "await Kafka Connect service stable").awaitService(updated));
  }

  private String rollBack(ResourceRecord service, String previous, int count) {
    List<String> outcome = new ArrayList<>();
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                ResourceRecord back = update("rollBackEcsService", service, previous, count);
                ctx.await(
                    "awaitEcsService",
                    () ->
                        container(AWAIT_ECS, "await Kafka Connect service stable again")
                            .awaitService(back));
                outcome.add("rolled back to " + previous);
              } catch (TemporalFailure e) {
                outcome.add(
                    "the rollback to " + previous + " failed too: " + PipelineContext.reason(e));
              }
            })
        .run();
    return outcome.get(0);
  }

  private ResourceRecord update(String step, ResourceRecord service, String revision, int count) {
    EcsServiceUpdate update =
        new EcsServiceUpdate(
            service.id(), service.attr("clusterArn"), service.attr("name"), revision, count);
    return ctx.run(
        step,
        () ->
            container(ActivityStubs.CREATE, "deploy " + revision + " x" + count)
                .updateService(update),
        r -> r.attributes().get("taskDefinition") + ", desired " + count);
  }

  /** The task definition the story registered, with {@code connect}'s image, cpu and memory. */
  private TaskDefinitionRequest taskDefinition(AwsSpec aws, AwsSpec.Connect connect) {
    ResourceRecord msk = ctx.inventory().find(MskClusterRequest.TYPE);
    ResourceRecord db = ctx.inventory().find(DbInstanceRequest.TYPE);
    return new TaskDefinitionRequest(
        aws.stack(ctx.name()),
        connect.image(),
        connect.cpu(),
        connect.memory(),
        ctx.inventory().find(TaskExecutionRoleRequest.TYPE).attr("arn"),
        ctx.inventory().find(LogGroupRequest.TYPE).id(),
        aws.region(),
        msk.attr("bootstrap"),
        aws.kafka().brokers(),
        aws.kafka().tls(),
        db.attr("masterUserSecretArn"));
  }
}
