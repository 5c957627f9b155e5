package io.cdcorchestrator.aws.ecs;

import static io.cdcorchestrator.aws.ResourceContract.createTwiceMakesOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.ContainerActivities;
import io.cdcorchestrator.aws.ContainerActivitiesImpl;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoServer;
import io.cdcorchestrator.aws.NetworkFixture;
import io.cdcorchestrator.aws.SdkCalls;
import io.cdcorchestrator.aws.elb.TargetGroup;
import io.cdcorchestrator.aws.iam.TaskExecutionRole;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceUpdate;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;

@ExtendWith(Moto.class)
class ContainerResourcesTest {
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1-AbCdEf";
  private final AwsClients clients;
  private final EcsClient ecs;
  private final AwsStack stack = Moto.newStack("ecs");

  private final SdkCalls calls;

  ContainerResourcesTest(AwsClients clients, SdkCalls calls) {
    this.clients = clients;
    this.calls = calls;
    this.ecs = clients.ecs();
  }

  private TaskDefinitionRequest taskRequest(String roleArn, String image) {
    return new TaskDefinitionRequest(
        stack,
        image,
        512,
        2048,
        roleArn,
        AwsNames.logGroup(stack.pipeline()),
        MotoServer.REGION,
        "b-1:9094,b-2:9094",
        2,
        true,
        SECRET_ARN);
  }

  private int activeRevisions() {
    return ecs.listTaskDefinitions(
            r -> r.familyPrefix(stack.name(AwsNames.CONNECT)).status("ACTIVE"))
        .taskDefinitionArns()
        .size();
  }

  @Test
  void cluster_is_created_once_and_deleted() {
    EcsCluster clusters = new EcsCluster(ecs);
    var request = new EcsClusterRequest(stack);
    ResourceRecord cluster =
        createTwiceMakesOne(clusters, request, () -> clusters.find(request).isPresent() ? 1 : 0);
    assertEquals("ACTIVE", clusters.state(cluster));
    clusters.delete(cluster);
    clusters.delete(cluster);
    assertNotEquals("ACTIVE", clusters.state(cluster), "INACTIVE or gone");
    assertTrue(clusters.find(request).isEmpty());
  }

  @Test
  void task_definition_is_registered_once_per_content_with_no_password_in_its_environment() {
    String roleArn =
        new TaskExecutionRole(clients.iam())
            .create(new TaskExecutionRoleRequest(stack))
            .attr("arn");
    TaskDefinition definitions = new TaskDefinition(ecs);
    var request = taskRequest(roleArn, "quay.io/debezium/connect:3.6.0.Final");
    ResourceRecord definition = createTwiceMakesOne(definitions, request, this::activeRevisions);
    assertEquals("ACTIVE", definitions.state(definition));

    ContainerDefinition container =
        ecs.describeTaskDefinition(r -> r.taskDefinition(definition.id()))
            .taskDefinition()
            .containerDefinitions()
            .get(0);
    Map<String, String> env =
        container.environment().stream()
            .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
    assertTrue(
        env.keySet().stream().noneMatch(k -> k.contains("PASSWORD")),
        "no password variable: " + env.keySet());
    assertTrue(
        env.values().stream().noneMatch(v -> v.contains("secretsmanager")),
        "no secret in the environment");
    assertEquals(
        SECRET_ARN + ":password::",
        container.secrets().stream()
            .filter(s -> s.name().equals(TaskDefinitionRequest.DATABASE_PASSWORD_ENV))
            .findFirst()
            .orElseThrow()
            .valueFrom());
    assertEquals(
        "2", env.get("CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR"), "replication factor = brokers");
    assertEquals("2", env.get("CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR"));
    assertEquals("2", env.get("CONNECT_STATUS_STORAGE_REPLICATION_FACTOR"));
    assertEquals(
        "env", env.get("CONNECT_CONFIG_PROVIDERS"), "Connect resolves ${env:…} placeholders");
    assertEquals("SSL", env.get("CONNECT_SECURITY_PROTOCOL"));
    assertEquals(
        "-Xms1228m -Xmx1228m",
        env.get("HEAP_OPTS"),
        "issue 11: a heap that fits the 2048 MiB task, not the image's -Xmx2G");
    assertEquals("awslogs", container.logConfiguration().logDriverAsString());

    // a changed input registers a new revision; delete deregisters every revision of the family
    ResourceRecord changed =
        definitions.create(taskRequest(roleArn, "quay.io/debezium/connect:3.5.2.Final"));
    assertNotEquals(definition.id(), changed.id());
    definitions.delete(definition);
    definitions.delete(definition);
    assertEquals(0, activeRevisions());
    // AWS: INACTIVE, then DELETE_IN_PROGRESS once deleted; moto drops it at once
    assertTrue(
        Set.of("INACTIVE", "DELETE_IN_PROGRESS", AwsResource.GONE)
            .contains(definitions.state(definition)));
    new TaskExecutionRole(clients.iam())
        .delete(
            new TaskExecutionRole(clients.iam())
                .find(new TaskExecutionRoleRequest(stack))
                .orElseThrow());
  }

  @Test
  void fargate_service_is_created_once_reads_stable_and_is_deleted() {
    NetworkFixture network = NetworkFixture.create(clients.ec2(), stack);
    String roleArn =
        new TaskExecutionRole(clients.iam())
            .create(new TaskExecutionRoleRequest(stack))
            .attr("arn");
    ResourceRecord cluster = new EcsCluster(ecs).create(new EcsClusterRequest(stack));
    ResourceRecord definition =
        new TaskDefinition(ecs)
            .create(taskRequest(roleArn, "quay.io/debezium/connect:3.6.0.Final"));
    ResourceRecord targetGroup =
        new TargetGroup(clients.elb())
            .create(new TargetGroupRequest(stack, network.vpc().id(), TaskDefinition.CONNECT_PORT));

    EcsService services = new EcsService(ecs);
    var request =
        new EcsServiceRequest(
            stack,
            cluster.id(),
            definition.id(),
            1,
            network.privateSubnets(),
            network.internalGroup(),
            targetGroup.id());
    // moto would overwrite a service created twice, so count the create calls too
    ResourceRecord[] created = new ResourceRecord[1];
    assertEquals(
        1,
        calls.during(
            "CreateService",
            () ->
                created[0] =
                    createTwiceMakesOne(
                        services,
                        request,
                        () ->
                            (int)
                                ecs
                                    .listServices(r -> r.cluster(cluster.id()))
                                    .serviceArns()
                                    .stream()
                                    .filter(a -> a.endsWith("/" + request.name()))
                                    .count())));
    ResourceRecord service = created[0];
    assertTrue(request.clientToken().length() <= 36, "ECS allows 36 characters");
    // moto runs MOTO_ECS_SERVICE_RUNNING=1 task per service: one deployment, running = desired
    assertEquals(EcsService.STABLE, services.state(service));

    services.delete(service);
    services.delete(service);
    assertTrue(Set.of("INACTIVE", AwsResource.GONE).contains(services.state(service)));
    assertTrue(services.find(request).isEmpty());
  }

  /**
   * A Day-2 image change: a second revision of the family, the service rolled to it and, as a
   * rollback does, back to the first; the service as ECS runs it says which revision and count.
   */
  @Test
  void service_is_rolled_to_a_new_revision_and_back() {
    NetworkFixture network = NetworkFixture.create(clients.ec2(), stack);
    String roleArn =
        new TaskExecutionRole(clients.iam())
            .create(new TaskExecutionRoleRequest(stack))
            .attr("arn");
    ResourceRecord cluster = new EcsCluster(ecs).create(new EcsClusterRequest(stack));
    TaskDefinition definitions = new TaskDefinition(ecs);
    ResourceRecord first =
        definitions.create(taskRequest(roleArn, "quay.io/debezium/connect:3.6.0.Final"));
    ResourceRecord targetGroup =
        new TargetGroup(clients.elb())
            .create(new TargetGroupRequest(stack, network.vpc().id(), TaskDefinition.CONNECT_PORT));
    ResourceRecord service =
        new EcsService(ecs)
            .create(
                new EcsServiceRequest(
                    stack,
                    cluster.id(),
                    first.id(),
                    1,
                    network.privateSubnets(),
                    network.internalGroup(),
                    targetGroup.id()));
    ContainerActivitiesImpl activities = new ContainerActivitiesImpl(clients);
    assertEquals(first.id(), activities.describeService(service).attr("taskDefinition"));

    ResourceRecord second =
        definitions.create(taskRequest(roleArn, "quay.io/debezium/connect:3.6.1.Final"));
    assertEquals("2", second.attr("revision"), "a new image is a new revision");
    ResourceRecord rolled =
        activities.updateService(
            new EcsServiceUpdate(service.id(), cluster.id(), service.attr("name"), second.id(), 2));
    assertEquals(service.id(), rolled.id());
    assertEquals(second.id(), rolled.attr("taskDefinition"));
    assertEquals("2", rolled.attr("desiredCount"));

    ResourceRecord back =
        activities.updateService(
            new EcsServiceUpdate(service.id(), cluster.id(), service.attr("name"), first.id(), 1));
    assertEquals(first.id(), back.attr("taskDefinition"));
    assertEquals(first.id(), activities.describeService(service).attr("taskDefinition"));

    new EcsService(ecs).delete(service);
    definitions.delete(second);
    assertEquals(0, activeRevisions(), "teardown deregisters every revision of the family");
  }

  /**
   * A task that stopped for a permanent reason (an image that does not exist, Kafka Connect
   * exiting) ends the wait at once, with ECS's reason.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): not found",
        "Essential container in task exited"
      })
  void awaitService_failsFast_withAPermanentStopsReason(String reason) {
    Stopping s = stopping();
    assertTrue(s.services.stoppedReason(s.service).isEmpty(), "nothing stopped yet");
    s.stop(reason);
    assertEquals(
        reason,
        s.services.stoppedReason(s.services.describe(s.service).orElseThrow()).orElseThrow());
    ApplicationFailure cause = s.await();
    assertEquals(NotReady.TERMINAL_TYPE, cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().contains(reason), cause.getOriginalMessage());
    s.close();
  }

  /**
   * Issue 11: the first tasks often stop for reasons ECS recovers from (the execution role's new
   * secret policy not yet propagated, health checks while Connect starts, a transient pull error):
   * up to {@link TaskStops#MAX_TRANSIENT} of them the wait goes on; one more ends it, saying so.
   */
  @Test
  void awaitService_toleratesABoundedNumberOfTransientStops() {
    Stopping s = stopping();
    List<String> transients =
        List.of(
            "ResourceInitializationError: unable to pull secrets or registry auth: execution"
                + " resource retrieval failed: unable to retrieve secret from asm: AccessDeniedException",
            "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:x)",
            "CannotPullContainerError: failed to copy: httpReadSeeker: unexpected EOF");
    for (String reason : transients) {
      s.stop(reason);
      ApplicationFailure cause = s.await();
      assertEquals(NotReady.TYPE, cause.getType(), reason + " → " + cause.getOriginalMessage());
    }
    s.stop(transients.get(0));
    ApplicationFailure cause = s.await();
    assertEquals(NotReady.TERMINAL_TYPE, cause.getType(), cause.getOriginalMessage());
    assertTrue(
        cause.getOriginalMessage().contains("4 tasks stopped, each for a transient reason"),
        cause.getOriginalMessage());
    s.close();
  }

  /** A service of a task definition moto runs, and a way to stop its tasks with a reason. */
  private final class Stopping {
    final EcsService services;
    final ResourceRecord service;
    final ResourceRecord cluster;
    final String definitionArn;

    Stopping(EcsService services, ResourceRecord service, ResourceRecord cluster, String arn) {
      this.services = services;
      this.service = service;
      this.cluster = cluster;
      this.definitionArn = arn;
    }

    void stop(String reason) {
      String task =
          ecs.runTask(
                  r -> r.cluster(cluster.id()).taskDefinition(definitionArn).launchType("FARGATE"))
              .tasks()
              .get(0)
              .taskArn();
      ecs.stopTask(r -> r.cluster(cluster.id()).task(task).reason(reason));
    }

    /** One attempt of awaitService: why it did not report the service ready. */
    ApplicationFailure await() {
      TestActivityEnvironment activities = TestActivityEnvironment.newInstance();
      try {
        activities.registerActivitiesImplementations(new ContainerActivitiesImpl(clients));
        ContainerActivities stub =
            activities.newActivityStub(
                ContainerActivities.class,
                ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(
                        io.temporal.common.RetryOptions.newBuilder().setMaximumAttempts(1).build())
                    .build());
        ActivityFailure failure =
            assertThrows(ActivityFailure.class, () -> stub.awaitService(service));
        return (ApplicationFailure) failure.getCause();
      } finally {
        activities.close();
      }
    }

    void close() {
      services.delete(service);
      ecs.deregisterTaskDefinition(r -> r.taskDefinition(definitionArn));
    }
  }

  private Stopping stopping() {
    NetworkFixture network = NetworkFixture.create(clients.ec2(), stack);
    String roleArn =
        new TaskExecutionRole(clients.iam())
            .create(new TaskExecutionRoleRequest(stack))
            .attr("arn");
    ResourceRecord cluster = new EcsCluster(ecs).create(new EcsClusterRequest(stack));
    // moto 5.2 runs a task only in bridge mode (awsvpc fails in its ENI code) and when its
    // containers
    // state their memory: a definition of the test's own, which moto does not check against the
    // service
    String definitionArn =
        ecs.registerTaskDefinition(
                r ->
                    r.family(stack.name("stopping"))
                        .networkMode("bridge")
                        .cpu("512")
                        .memory("1024")
                        .executionRoleArn(roleArn)
                        .containerDefinitions(
                            c ->
                                c.name(TaskDefinition.CONTAINER_NAME)
                                    .image("quay.io/debezium/connect:0.0-missing")
                                    .memory(1024)
                                    .essential(true)
                                    .portMappings(
                                        p -> p.containerPort(TaskDefinition.CONNECT_PORT))))
            .taskDefinition()
            .taskDefinitionArn();
    ResourceRecord definition =
        new ResourceRecord(TaskDefinitionRequest.TYPE, definitionArn, "ACTIVE", Map.of());
    ResourceRecord targetGroup =
        new TargetGroup(clients.elb())
            .create(new TargetGroupRequest(stack, network.vpc().id(), TaskDefinition.CONNECT_PORT));
    EcsService services = new EcsService(ecs);
    // two wanted, moto runs one: not stable
    ResourceRecord service =
        services.create(
            new EcsServiceRequest(
                stack,
                cluster.id(),
                definition.id(),
                2,
                network.privateSubnets(),
                network.internalGroup(),
                targetGroup.id()));
    return new Stopping(services, service, cluster, definitionArn);
  }
}
