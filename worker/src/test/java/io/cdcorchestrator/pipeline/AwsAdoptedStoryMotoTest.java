package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.AwsDiscovery;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.UsersAws;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.ElasticIpRequest;
import io.cdcorchestrator.model.aws.ec2.InternetGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.RouteRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableAssociationRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.aws.rds.DbParameterGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The AWS story on the user's own VPC and RDS instance (issue 13's moto test): the test makes a
 * VPC, two private and two public subnets, and an RDS PostgreSQL instance with {@code
 * rds.logical_replication=1} with the AWS SDK, the way a user's Terraform would; the real workflow
 * and AWS activities adopt them, create the rest (MSK, ECS, ALB, groups, bastion) and, at {@code
 * destroy}, delete only what they created. The same doubles as {@link AwsStoryMotoTest} where moto
 * cannot go. The test deletes what it made even on failure: later tests of the JVM assert an empty
 * account.
 */
@ExtendWith(Moto.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsAdoptedStoryMotoTest {
  private static final String ID = "h13b-shop-db";
  private static final String PARAMS = "h13b-shop-params";
  private static final String SUBNET_GROUP = "h13b-shop-subnets";
  private static final String SECRET = "h13b-shop-admin";
  private static final String PASSWORD = "not-a-real-one-1";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private final AwsClients clients;
  private String vpcId;
  private String dbGroupId;
  private String secretArn;
  private final List<String> privateIds = new ArrayList<>();
  private final List<String> publicIds = new ArrayList<>();

  AwsAdoptedStoryMotoTest(AwsClients clients) {
    this.clients = clients;
  }

  @BeforeAll
  void makeTheUsersOwnVpcAndDatabase() {
    Ec2Client ec2 = clients.ec2();
    RdsClient rds = clients.rds();
    vpcId = ec2.createVpc(r -> r.cidrBlock("10.79.0.0/16")).vpc().vpcId();
    privateIds.add(UsersAws.subnet(ec2, vpcId, "10.79.1.0/24", "us-east-1a"));
    privateIds.add(UsersAws.subnet(ec2, vpcId, "10.79.2.0/24", "us-east-1b"));
    publicIds.add(UsersAws.subnet(ec2, vpcId, "10.79.101.0/24", "us-east-1a"));
    publicIds.add(UsersAws.subnet(ec2, vpcId, "10.79.102.0/24", "us-east-1b"));
    dbGroupId =
        ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName("h13b-db").description("db"))
            .groupId();
    // the user's rule: PostgreSQL from inside the VPC (the preflight checks it, not assumes it)
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(dbGroupId)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(5432)
                            .toPort(5432)
                            .ipRanges(i -> i.cidrIp("10.79.0.0/16"))));
    UsersAws.parameterGroup(rds, PARAMS);
    UsersAws.logicalReplication(rds, PARAMS, "1");
    UsersAws.subnetGroup(rds, SUBNET_GROUP, privateIds);
    UsersAws.instance(rds, ID, PARAMS, SUBNET_GROUP, dbGroupId, PASSWORD);
    secretArn =
        clients
            .secretsManager()
            .createSecret(
                r ->
                    r.name(SECRET)
                        .secretString(
                            "{\"username\":\""
                                + UsersAws.ADMIN
                                + "\",\"password\":\""
                                + PASSWORD
                                + "\"}"))
            .arn();
  }

  @AfterAll
  void deleteWhatTheTestMade() {
    Ec2Client ec2 = clients.ec2();
    RdsClient rds = clients.rds();
    UsersAws.quietly(
        () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(ID).skipFinalSnapshot(true)));
    UsersAws.quietly(() -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(SUBNET_GROUP)));
    UsersAws.quietly(() -> rds.deleteDBParameterGroup(r -> r.dbParameterGroupName(PARAMS)));
    UsersAws.quietly(
        () ->
            clients
                .secretsManager()
                .deleteSecret(r -> r.secretId(SECRET).forceDeleteWithoutRecovery(true)));
    UsersAws.quietly(() -> ec2.deleteSecurityGroup(r -> r.groupId(dbGroupId)));
    List<String> subnets = new ArrayList<>(privateIds);
    subnets.addAll(publicIds);
    for (String s : subnets) {
      UsersAws.quietly(() -> ec2.deleteSubnet(r -> r.subnetId(s)));
    }
    UsersAws.quietly(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)));
  }

  @Test
  void adoptedVpcAndRds_areUsedAndKept_theRestCreatedAndDeleted(
      TestWorkflowEnvironment env, Worker worker, MotoMskGaps msk) throws Exception {
    AwsStack stack = Moto.newStack("adopted");
    String name = stack.pipeline();
    ScriptedActivities dataPlane = new ScriptedActivities();
    worker.registerActivitiesImplementations(AwsStoryMotoTest.activities(clients, msk));
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(dataPlane.dataPlane);
    env.start();
    Set<String> adopted = new HashSet<>(privateIds);
    adopted.addAll(publicIds);
    adopted.add(vpcId);
    adopted.add(ID);
    Account before = Account.of(clients);
    PipelineSpec spec =
        PipelineSpec.aws(name, new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null))
            .withTables(List.of("sales.orders"))
            .withExisting(
                new Existing(
                    new Existing.Database(
                        null, ID, UsersAws.ADMIN, "aws-secretsmanager:" + secretArn + ":password"),
                    new Existing.Network(vpcId, privateIds, publicIds),
                    null));
    PipelineWorkflow wf = PipelineTestWorkflow.start(env, worker, spec);

    PipelineStatus ready = AwsStoryMotoTest.awaitReady(wf);
    // adopted, as the steps say, and listed among the pipeline's resources
    assertEquals("adopted " + ID, step(ready, "adoptDbInstance").detail());
    assertEquals("adopted 5 (VPC and subnets)", step(ready, "adoptNetwork").detail());
    Set<String> listed =
        ready.resources().stream()
            .map(PipelineStatus.ResourceStatus::id)
            .collect(Collectors.toSet());
    assertTrue(listed.containsAll(adopted), adopted + " in " + listed);
    // nothing of what is adopted was created: no VPC, subnet, IGW, Elastic IP, NAT or route table,
    // no DB instance, subnet group or parameter group; by the pipeline's tag and in the account
    List<String> networkTypes =
        List.of(
            VpcRequest.TYPE,
            SubnetRequest.TYPE,
            InternetGatewayRequest.TYPE,
            ElasticIpRequest.TYPE,
            NatGatewayRequest.TYPE,
            RouteTableRequest.TYPE,
            RouteRequest.TYPE,
            RouteTableAssociationRequest.TYPE,
            DbInstanceRequest.TYPE,
            DbSubnetGroupRequest.TYPE,
            DbParameterGroupRequest.TYPE);
    assertTrue(
        ready.resources().stream()
            .noneMatch(r -> networkTypes.contains(r.type()) && !adopted.contains(r.id())),
        ready.resources().toString());
    assertEquals(before, Account.of(clients), "no VPC, subnet or RDS resource created");
    List<String> ec2 = AwsStoryMotoTest.ec2Live(clients, stack);
    assertTrue(
        ec2.stream().allMatch(id -> id.matches("(sg|sgr|i)-.*")),
        "only groups, their rules and the bastion: " + ec2);
    assertTrue(ec2.stream().anyMatch(id -> id.startsWith("sg-")), ec2.toString());
    assertTrue(ec2.stream().anyMatch(id -> id.startsWith("i-")), "the bastion: " + ec2);
    // MSK, its configuration, the ALB and its target group, ECS, the execution role and the log
    // group: the story's own, without the RDS instance and its groups it would have made
    assertEquals(
        Set.of(
            stack.name("msk"),
            stack.name("msk-config"),
            stack.name("alb"),
            stack.name("tg"),
            stack.name("ecs"),
            stack.name("ecs-exec"),
            "/ecs/" + stack.name("connect")),
        Set.copyOf(AwsStoryMotoTest.othersLive(clients, stack)));
    Set<String> created =
        ready.resources().stream()
            .filter(r -> r.type().startsWith("aws:") && !adopted.contains(r.id()))
            .map(r -> r.type() + " " + r.id())
            .collect(Collectors.toSet());
    assertEquals(created, discovered(name), "sweep finds what was created, nothing adopted");
    // Kafka Connect gets the user's admin secret by reference; its value is nowhere in history
    assertTrue(
        clients
            .ecs()
            .describeTaskDefinition(r -> r.taskDefinition(stack.name("connect")))
            .taskDefinition()
            .containerDefinitions()
            .get(0)
            .secrets()
            .stream()
            .anyMatch(x -> x.valueFrom().startsWith(secretArn)),
        "the task reads " + secretArn);
    String history =
        env.getWorkflowClient().fetchHistory(PipelineNames.workflowId(name)).toJson(false);
    assertTrue(!history.contains(PASSWORD), "no password in the history");

    env.registerDelayedCallback(Duration.ofSeconds(61), wf::destroy);
    PipelineStatus done =
        WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, PipelineStatus.class);
    assertEquals(Phase.DESTROYED, done.phase(), String.valueOf(done.error()));
    assertTrue(done.resources().isEmpty(), done.resources().toString());
    // the user's own are all there, as they were
    Map<String, String> available = new HashMap<>();
    adopted.forEach(id -> available.put(id, "available"));
    assertEquals(available, states(adopted));
    assertEquals(before, Account.of(clients));
    assertEquals(secretArn, clients.secretsManager().describeSecret(r -> r.secretId(SECRET)).arn());
    // on the user's database the data plane drops only the pipeline's own objects (the sandbox
    // tests do that for real), reaching it at the adopted instance's endpoint
    DataPlaneAccess access = dataPlane.lastArgument("dropDatabaseObjects");
    assertTrue(access.adoptedDatabase());
    assertTrue(access.dbHost().contains(ID), access.dbHost());
    // and nothing the pipeline made remains
    assertEquals(List.of(), AwsStoryMotoTest.ec2Live(clients, stack));
    assertEquals(List.of(), AwsStoryMotoTest.othersLive(clients, stack));
    assertEquals(Set.of(), discovered(name));
  }

  /** The state of each of these VPCs, subnets and DB instances that still exists. */
  private Map<String, String> states(Set<String> ids) {
    Map<String, String> states = new HashMap<>();
    clients.ec2().describeVpcs().vpcs().forEach(v -> states.put(v.vpcId(), v.stateAsString()));
    clients
        .ec2()
        .describeSubnets()
        .subnets()
        .forEach(s -> states.put(s.subnetId(), s.stateAsString()));
    clients
        .rds()
        .describeDBInstances()
        .dbInstances()
        .forEach(i -> states.put(i.dbInstanceIdentifier(), i.dbInstanceStatus()));
    states.keySet().retainAll(ids);
    return states;
  }

  private Set<String> discovered(String pipeline) {
    return new AwsDiscovery(clients)
        .discover(pipeline).stream()
            .map(f -> f.record().type() + " " + f.record().id())
            .collect(Collectors.toSet());
  }

  private static StepRecord step(PipelineStatus status, String name) {
    return status.steps().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + status.steps()));
  }

  /** What the account holds of the kinds the spec adopts, whoever made them. */
  record Account(
      Set<String> vpcs,
      Set<String> subnets,
      Set<String> dbInstances,
      Set<String> dbSubnetGroups,
      Set<String> dbParameterGroups) {
    static Account of(AwsClients clients) {
      return new Account(
          clients.ec2().describeVpcs().vpcs().stream()
              .map(v -> v.vpcId())
              .collect(Collectors.toSet()),
          clients.ec2().describeSubnets().subnets().stream()
              .map(s -> s.subnetId())
              .collect(Collectors.toSet()),
          clients.rds().describeDBInstances().dbInstances().stream()
              .map(i -> i.dbInstanceIdentifier())
              .collect(Collectors.toSet()),
          clients.rds().describeDBSubnetGroups().dbSubnetGroups().stream()
              .map(g -> g.dbSubnetGroupName())
              .collect(Collectors.toSet()),
          clients.rds().describeDBParameterGroups().dbParameterGroups().stream()
              .map(g -> g.dbParameterGroupName())
              .collect(Collectors.toSet()));
    }
  }
}
