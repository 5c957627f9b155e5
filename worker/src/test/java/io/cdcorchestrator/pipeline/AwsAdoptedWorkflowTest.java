package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRuleRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.iam.SecretReadPolicyRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.plan.AwsPlan;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AWS story on the user's own VPC, RDS instance and MSK cluster (the spec's {@code existing}),
 * with time skipping and Mockito AWS activities: the adopted resources are read, used and kept —
 * never created nor deleted — and everything the pipeline made around them goes at teardown.
 */
class AwsAdoptedWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      PipelineTestWorkflow.extensionWithoutSiblingCancel();

  private static final String VPC = "vpc-0123456789abcdef0";
  private static final List<String> PRIVATE =
      List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2");
  private static final List<String> PUBLIC = List.of("subnet-0bbbbbbbbbbbbbbb1");
  private static final String DB_SECRET =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-admin-AbCdEf";
  private static final String MSK =
      "arn:aws:kafka:us-east-1:123456789012:cluster/shop/0a1b2c3d-4e5f-6789-abcd-ef0123456789-3";
  private static final Map<String, String> ADOPTED =
      Map.of(ResourceRecord.OWNERSHIP, ResourceRecord.ADOPTED);

  /** The creates the pipeline runs when nothing is adopted, of what these tests adopt. */
  private static final Set<String> CREATES_OF_WHAT_IS_ADOPTED =
      Set.of(
          "NetworkActivities.createVpc",
          "NetworkActivities.createSubnet",
          "NetworkActivities.createInternetGateway",
          "NetworkActivities.createElasticIp",
          "NetworkActivities.createNatGateway",
          "NetworkActivities.createRouteTable",
          "DatabaseActivities.createParameterGroup",
          "DatabaseActivities.createSubnetGroup",
          "DatabaseActivities.createInstance",
          "KafkaActivities.createConfiguration",
          "KafkaActivities.createCluster");

  /** Scripted AWS that answers the adoptions as AWS would for the user's own resources. */
  static ScriptedAws scripted() {
    return new ScriptedAws()
        .answering(
            "adoptNetwork",
            inv -> {
              Existing.Network n = inv.getArgument(0);
              List<ResourceRecord> records = new java.util.ArrayList<>();
              records.add(
                  new ResourceRecord(
                      VpcRequest.TYPE, n.vpcId(), "available", with("cidr", "10.9.0.0/16")));
              for (String id : n.privateSubnetIds()) {
                records.add(new ResourceRecord(SubnetRequest.TYPE, id, "available", ADOPTED));
              }
              for (String id : n.publicSubnetIds()) {
                records.add(new ResourceRecord(SubnetRequest.TYPE, id, "available", ADOPTED));
              }
              return records;
            })
        .answering(
            "adoptInstance",
            inv -> {
              Existing.Database d = inv.getArgument(0);
              assertEquals(VPC, inv.getArgument(1), "checked against the adopted VPC");
              return new ResourceRecord(
                  DbInstanceRequest.TYPE,
                  d.instanceId(),
                  "available",
                  with(
                      "host",
                      "shop.rds.example",
                      "port",
                      "5432",
                      "database",
                      "shop",
                      "masterUsername",
                      d.user()));
            })
        .answering(
            "adoptCluster",
            inv ->
                new ResourceRecord(
                    MskClusterRequest.TYPE,
                    inv.getArgument(0),
                    "ACTIVE",
                    with(
                        "bootstrap",
                        "b-1.shop:9092,b-2.shop:9092",
                        "tls",
                        "false",
                        "port",
                        "9092",
                        "brokers",
                        "3")));
  }

  private static Map<String, String> with(String... kv) {
    Map<String, String> m = new java.util.HashMap<>(ADOPTED);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private PipelineWorkflow start(
      TestWorkflowEnvironment env, Worker worker, ScriptedAws aws, ScriptedActivities acts) {
    return start(env, worker, aws, acts, spec());
  }

  /** The AWS doubles on the worker, the data-plane doubles on their queue, the pipeline started. */
  static PipelineWorkflow start(
      TestWorkflowEnvironment env,
      Worker worker,
      ScriptedAws aws,
      ScriptedActivities acts,
      PipelineSpec spec) {
    worker.registerActivitiesImplementations(acts.sandbox);
    worker.registerActivitiesImplementations(aws.all());
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    return PipelineTestWorkflow.start(env, worker, spec);
  }

  /** Pipeline {@code shop} on the user's VPC, RDS instance and MSK cluster. */
  static PipelineSpec spec() {
    return PipelineSpec.aws(
            "shop", new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null, null))
        .withTables(List.of("sales.orders"))
        .withExisting(
            new Existing(
                new Existing.Database(
                    null,
                    "shop-prod",
                    "admin",
                    "aws-secretsmanager:" + DB_SECRET + ":password",
                    null),
                new Existing.Network(VPC, PRIVATE, PUBLIC),
                new Existing.Kafka(MSK, null)));
  }

  @Test
  void adoptedVpcRdsAndMsk_areUsed_neverCreatedNorDeleted(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws aws = scripted();
    ScriptedActivities acts = new ScriptedActivities();
    PipelineWorkflow wf = start(env, worker, aws, acts);

    PipelineStatus ready =
        PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
    for (String call : aws.callsNow()) {
      assertFalse(CREATES_OF_WHAT_IS_ADOPTED.contains(call), "created: " + call);
    }
    assertTrue(aws.callsNow().contains("NetworkActivities.createSecurityGroup"), "its own groups");
    assertFalse(
        aws.callsNow().contains("DatabaseActivities.enableLogicalReplication"),
        "the user's database is changed only with --allow-reboot");
    Set<String> adoptedIds = new HashSet<>(List.of(VPC, "shop-prod", MSK));
    adoptedIds.addAll(PRIVATE);
    adoptedIds.addAll(PUBLIC);
    for (String id : adoptedIds) {
      assertTrue(
          ready.resources().stream().anyMatch(r -> r.id().equals(id)),
          id + " listed: " + ready.resources());
    }
    // everything else of the pipeline goes into the adopted VPC and stands on the adopted ones
    TaskDefinitionRequest task = only(aws, TaskDefinitionRequest.class);
    assertEquals("b-1.shop:9092,b-2.shop:9092", task.bootstrapServers());
    assertFalse(task.tls(), "the adopted cluster's plaintext listener");
    assertEquals(DB_SECRET, task.databaseSecretArn());
    assertEquals(DB_SECRET, only(aws, SecretReadPolicyRequest.class).secretArn());
    for (SecurityGroupRuleRequest rule : all(aws, SecurityGroupRuleRequest.class)) {
      assertTrue(
          rule.fromPort() != 5432 && rule.fromPort() != 9092 && rule.fromPort() != 9094,
          "no rule for the adopted database's or cluster's port on the pipeline's groups: " + rule);
    }

    env.registerDelayedCallback(Duration.ofMinutes(1), wf::destroy);
    PipelineStatus done =
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
    assertEquals(Phase.DESTROYED, done.phase());
    assertTrue(done.resources().isEmpty(), done.resources().toString());
    for (String id : adoptedIds) {
      assertFalse(aws.deleted.contains(id), id + " deleted: " + aws.deleted);
    }
    assertEquals(new HashSet<>(aws.created), new HashSet<>(aws.deleted), "all it created, gone");
    assertFalse(
        aws.teardown.contains("awaitNetworkInterfacesDrained"),
        "the adopted VPC holds the user's own interfaces");
    assertTrue(acts.calls().contains("dropDatabaseObjects"), acts.calls().toString());
    // only the pipeline's slot, publication and tables on the user's database; the admin stays
    // cdc plan says what the story did: the same creates by type, and the same adopted ids
    AwsPlan plan = AwsPlan.of("shop", spec().aws(), spec().existing());
    Map<String, Long> planned =
        plan.resources().stream()
            .collect(Collectors.groupingBy(AwsPlan.Step::type, Collectors.counting()));
    Map<String, Long> made;
    synchronized (aws.requests) {
      made =
          aws.requests.stream()
              .collect(Collectors.groupingBy(AwsRequest::type, Collectors.counting()));
    }
    made.merge(EcsServiceRequest.TYPE, 1L, Long::sum); // answered apart from the other creates
    assertEquals(planned, made);
    assertEquals(
        adoptedIds, new HashSet<>(plan.adopted().stream().map(AwsPlan.Step::name).toList()));

    DataPlaneAccess access = acts.lastArgument("dropDatabaseObjects");
    assertTrue(access.adoptedDatabase());
    assertTrue(access.replicatesAsAdmin(), "no role of the pipeline's: Connect uses the admin's");
    assertEquals("shop.rds.example", access.dbHost());
    assertEquals(List.of("sales.orders"), access.tables());
  }

  @Test
  void allowReboot_setsTheParameterAndAwaitsTheReboot_beforeKafkaConnectStarts(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws aws =
        scripted()
            .answering(
                "enableLogicalReplication",
                inv -> {
                  ResourceRecord r = inv.getArgument(0);
                  return new ResourceRecord(
                      r.type(), r.id(), "rebooting", with("parameterGroup", "shop-params"));
                });
    PipelineSpec spec = spec();
    Existing e = spec.existing();
    PipelineWorkflow wf =
        start(
            env,
            worker,
            aws,
            new ScriptedActivities(),
            spec.withExisting(
                new Existing(e.database().withAllowReboot(true), e.network(), e.kafka())));

    PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
    List<String> calls = aws.callsNow();
    int adopt = calls.indexOf("DatabaseActivities.adoptInstance");
    int enable = calls.indexOf("DatabaseActivities.enableLogicalReplication");
    int await = calls.indexOf("DatabaseActivities.awaitLogicalReplication");
    assertTrue(adopt >= 0 && adopt < enable && enable < await, calls.toString());
    assertTrue(await < calls.indexOf("ContainerActivities.createService"), calls.toString());
    wf.destroy();
    assertEquals(
        Phase.DESTROYED,
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class).phase());
    assertFalse(aws.deleted.contains("shop-prod"), aws.deleted.toString());
  }

  private static <T> T only(ScriptedAws aws, Class<T> type) {
    List<T> found = all(aws, type);
    assertEquals(1, found.size(), found.toString());
    return found.get(0);
  }

  private static <T> List<T> all(ScriptedAws aws, Class<T> type) {
    synchronized (aws.requests) {
      return aws.requests.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }
}
