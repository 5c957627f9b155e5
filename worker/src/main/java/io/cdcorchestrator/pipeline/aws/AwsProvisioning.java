package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.ActivityStubs.container;
import static io.cdcorchestrator.pipeline.ActivityStubs.database;
import static io.cdcorchestrator.pipeline.ActivityStubs.kafka;
import static io.cdcorchestrator.pipeline.ActivityStubs.dataPlane;
import static io.cdcorchestrator.pipeline.ActivityStubs.loadBalancer;
import static io.cdcorchestrator.pipeline.ActivityStubs.network;

import io.cdcorchestrator.aws.AwsNames;
import io.cdcorchestrator.aws.AwsSpec;
import io.cdcorchestrator.aws.AwsStack;
import io.cdcorchestrator.aws.ec2.BastionInstance;
import io.cdcorchestrator.aws.ecs.EcsCluster;
import io.cdcorchestrator.aws.ecs.EcsService;
import io.cdcorchestrator.aws.ecs.TaskDefinition;
import io.cdcorchestrator.aws.elb.Listener;
import io.cdcorchestrator.aws.elb.LoadBalancer;
import io.cdcorchestrator.aws.elb.TargetGroup;
import io.cdcorchestrator.aws.iam.SecretReadPolicy;
import io.cdcorchestrator.aws.iam.TaskExecutionRole;
import io.cdcorchestrator.aws.kafka.MskCluster;
import io.cdcorchestrator.aws.kafka.MskConfiguration;
import io.cdcorchestrator.aws.logs.LogGroup;
import io.cdcorchestrator.aws.rds.DbInstance;
import io.cdcorchestrator.aws.rds.DbParameterGroup;
import io.cdcorchestrator.aws.rds.DbSubnetGroup;
import io.cdcorchestrator.pipeline.ActivityStubs;
import io.cdcorchestrator.pipeline.BastionAccess;
import io.cdcorchestrator.pipeline.DataPlaneAccess;
import io.cdcorchestrator.pipeline.Parallel;
import io.cdcorchestrator.pipeline.PipelineContext;
import io.cdcorchestrator.pipeline.PipelineNames;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.cdcorchestrator.pipeline.SecretRef;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The AWS story, workflow code: the network first; then side by side (DESIGN decision 6) MSK, RDS and
 * what Kafka Connect stands on (log group, execution role, ECS cluster, load balancer); then Kafka
 * Connect itself, which needs MSK's bootstrap brokers and the RDS secret, behind the (internal) load
 * balancer. With {@code dataPlaneAccess: bastion} a fourth branch builds the bastion, and the story
 * ends with the first SSH connection, whose host key every later data-plane call must see again.
 * Each wait has its own deadline (DESIGN decision 5). Hands the data-plane tail its endpoints.
 */
public final class AwsProvisioning {
  /** Where a secret lives in AWS Secrets Manager: {@code aws-secretsmanager:<arn>:<json key>}. */
  public static final String SECRET_SCHEME = "aws-secretsmanager:";

  private static final ActivityOptions CREATE = ActivityStubs.CREATE;
  private static final ActivityOptions AWAIT_MSK = ActivityStubs.await(Duration.ofMinutes(120));
  private static final ActivityOptions AWAIT_RDS = ActivityStubs.await(Duration.ofMinutes(60));
  private static final ActivityOptions AWAIT_ALB = ActivityStubs.await(Duration.ofMinutes(15));
  private static final ActivityOptions AWAIT_ECS = ActivityStubs.await(Duration.ofMinutes(30));
  private static final ActivityOptions AWAIT_TARGET = ActivityStubs.await(Duration.ofMinutes(15));
  private static final ActivityOptions AWAIT_BASTION = ActivityStubs.await(Duration.ofMinutes(10));
  /** sshd answers a little after the status checks pass; the first connection pins its host key. */
  private static final ActivityOptions AWAIT_SSH = ActivityStubs.await(Duration.ofMinutes(5));

  private final PipelineContext ctx;
  private final AwsSpec spec;
  private final AwsStack stack;

  private AwsNetwork.Built net;
  private ResourceRecord role;
  private ResourceRecord logGroup;
  private ResourceRecord ecsCluster;
  private ResourceRecord alb;
  private ResourceRecord targetGroup;
  private ResourceRecord bastion;

  public AwsProvisioning(PipelineContext ctx) {
    this.ctx = ctx;
    if (ctx.spec().aws() == null) {
      throw ApplicationFailure.newNonRetryableFailure("target aws needs an AWS spec (--spec FILE)", "MissingAwsSpec");
    }
    this.spec = ctx.spec().aws();
    this.stack = spec.stack(ctx.name());
  }

  public DataPlaneAccess provision() {
    int kafkaPort = MskCluster.port(spec.kafka().tls());
    net = new AwsNetwork(ctx, spec, stack).provision(kafkaPort);

    ResourceRecord msk = Parallel.all(this::kafkaBranch, this::databaseBranch, this::connectPrerequisites,
        this::bastionBranch).get(0);
    ResourceRecord db = ctx.inventory().find(DbInstance.TYPE);

    String secretArn = db.attr("masterUserSecretArn");
    ctx.create("createSecretReadPolicy", SecretReadPolicy.TYPE, role.id() + ":" + SecretReadPolicy.POLICY_NAME,
        () -> container(CREATE, "let the execution role read the database secret")
            .createSecretReadPolicy(new SecretReadPolicy.Request(stack, role.id(), secretArn)));
    connect(msk.attr("bootstrap"), secretArn);
    DataPlaneAccess direct = access(db, secretArn);
    if (bastion == null) {
      return direct;
    }
    DataPlaneAccess unpinned = direct.withBastion(new BastionAccess(bastion.id(), spec.region(),
        bastion.attr("publicIp"), sshPort(bastion), BastionAccess.DEFAULT_USER, null));
    BastionAccess pinned = ctx.run("pinBastionHostKey",
        () -> dataPlane(AWAIT_SSH, "first SSH connection to the bastion: pin its host key").pinBastionHostKey(unpinned),
        b -> "host key of " + b.instanceId() + " pinned");
    return direct.withBastion(pinned);
  }

  /** Where the bastion's sshd listens, as its record says (22 on AWS). */
  private static int sshPort(ResourceRecord instance) {
    String port = instance.attributes().get("sshPort");
    return port == null ? BastionAccess.SSH_PORT : Integer.parseInt(port);
  }

  /**
   * With {@code dataPlaneAccess: bastion}: the instance in the first public subnet, then its wait; the
   * record after the wait carries the public address. Direct: nothing.
   */
  private ResourceRecord bastionBranch() {
    if (net.bastionGroupId() == null) {
      return null;
    }
    ResourceRecord instance = ctx.create("createBastion", BastionInstance.TYPE, stack.name(AwsNames.BASTION),
        () -> network(CREATE, "create bastion (Amazon Linux 2023, " + BastionInstance.INSTANCE_TYPE + ")")
            .createBastion(new BastionInstance.Request(stack, net.publicSubnetIds().get(0), net.bastionGroupId())));
    bastion = ctx.run("awaitBastion",
        () -> network(AWAIT_BASTION, "await bastion running, status checks ok").awaitBastion(instance),
        r -> "bastion " + r.id() + " running at " + r.attr("publicIp"));
    ctx.inventory().created(instance.id(), bastion);
    return bastion;
  }

  private ResourceRecord kafkaBranch() {
    AwsSpec.Kafka k = spec.kafka();
    ResourceRecord configuration = ctx.create("createMskConfiguration", MskConfiguration.TYPE,
        stack.name(AwsNames.MSK_CONFIGURATION),
        () -> kafka(CREATE, "create MSK configuration").createConfiguration(new MskConfiguration.Request(
            stack, k.version(), MskConfiguration.serverProperties(k.brokers()))));
    MskCluster.Request request = new MskCluster.Request(stack, k.version(), k.brokerType(), k.brokers(),
        k.storageGiB(), k.tls(), net.privateSubnetIds(), net.internalGroupId(), configuration.id(),
        Long.parseLong(configuration.attr("revision")));
    ResourceRecord cluster = ctx.create("createMskCluster", MskCluster.TYPE, stack.name(AwsNames.MSK_CLUSTER),
        () -> kafka(CREATE, "create MSK cluster (Kafka " + k.version() + ")").createCluster(request));
    ctx.await("awaitMskCluster", () -> kafka(AWAIT_MSK, "await MSK cluster ACTIVE").awaitCluster(cluster));
    return refreshed("describeMskCluster", cluster.id(),
        () -> kafka(CREATE, "read MSK bootstrap brokers").describeCluster(cluster));
  }

  private ResourceRecord databaseBranch() {
    AwsSpec.Database d = spec.database();
    ResourceRecord params = ctx.create("createDbParameterGroup", DbParameterGroup.TYPE,
        stack.name(AwsNames.DB_PARAMETER_GROUP),
        () -> database(CREATE, "create DB parameter group (logical replication)")
            .createParameterGroup(new DbParameterGroup.Request(stack, d.engineMajor())));
    ResourceRecord subnets = ctx.create("createDbSubnetGroup", DbSubnetGroup.TYPE, stack.name(AwsNames.DB_SUBNET_GROUP),
        () -> database(CREATE, "create DB subnet group")
            .createSubnetGroup(new DbSubnetGroup.Request(stack, net.privateSubnetIds())));
    DbInstance.Request request = new DbInstance.Request(stack, d.engineVersion(), d.instanceClass(), d.storageGiB(),
        params.id(), subnets.id(), net.internalGroupId());
    ResourceRecord instance = ctx.create("createDbInstance", DbInstance.TYPE, stack.name(AwsNames.DB_INSTANCE),
        () -> database(CREATE, "create RDS PostgreSQL " + d.engineVersion()).createInstance(request));
    ctx.await("awaitDbInstance", () -> database(AWAIT_RDS, "await RDS instance available").awaitInstance(instance));
    return refreshed("describeDbInstance", instance.id(),
        () -> database(CREATE, "read RDS endpoint").describeInstance(instance));
  }

  private ResourceRecord connectPrerequisites() {
    logGroup = ctx.create("createLogGroup", LogGroup.TYPE, AwsNames.logGroup(ctx.name()),
        () -> container(CREATE, "create log group").createLogGroup(
            new LogGroup.Request(stack, spec.connect().logRetentionDays())));
    role = ctx.create("createExecutionRole", TaskExecutionRole.TYPE, stack.name(AwsNames.EXECUTION_ROLE),
        () -> container(CREATE, "create ECS task execution role")
            .createExecutionRole(new TaskExecutionRole.Request(stack)));
    ecsCluster = ctx.create("createEcsCluster", EcsCluster.TYPE, stack.name(AwsNames.ECS_CLUSTER),
        () -> container(CREATE, "create ECS cluster").createCluster(new EcsCluster.Request(stack)));
    alb = ctx.create("createLoadBalancer", LoadBalancer.TYPE, stack.name(AwsNames.LOAD_BALANCER),
        () -> loadBalancer(CREATE, "create application load balancer").createLoadBalancer(
            new LoadBalancer.Request(stack, net.privateSubnetIds(), net.externalGroupId(), true)));
    targetGroup = ctx.create("createTargetGroup", TargetGroup.TYPE, stack.name(AwsNames.TARGET_GROUP),
        () -> loadBalancer(CREATE, "create target group for Kafka Connect").createTargetGroup(
            new TargetGroup.Request(stack, net.vpcId(), AwsNetwork.CONNECT_PORT)));
    ResourceRecord listener = ctx.create("createListener", Listener.TYPE, alb.id() + ":" + AwsNetwork.LISTENER_PORT,
        () -> loadBalancer(CREATE, "create listener :" + AwsNetwork.LISTENER_PORT).createListener(
            new Listener.Request(stack, alb.id(), targetGroup.id(), AwsNetwork.LISTENER_PORT)));
    ctx.await("awaitLoadBalancer",
        () -> loadBalancer(AWAIT_ALB, "await load balancer active").awaitLoadBalancer(alb));
    return listener;
  }

  /** Kafka Connect: task definition, service (after the listener), stable and healthy behind the ALB. */
  private void connect(String bootstrap, String secretArn) {
    AwsSpec.Connect c = spec.connect();
    AwsSpec.Kafka k = spec.kafka();
    TaskDefinition.Request definition = new TaskDefinition.Request(stack, c.image(), c.cpu(), c.memory(),
        role.attr("arn"), logGroup.id(), spec.region(), bootstrap, k.brokers(), k.tls(), secretArn);
    ResourceRecord task = ctx.create("createTaskDefinition", TaskDefinition.TYPE, stack.name(AwsNames.CONNECT),
        () -> container(CREATE, "register Kafka Connect task definition").createTaskDefinition(definition));
    EcsService.Request request = new EcsService.Request(stack, ecsCluster.id(), task.id(), c.desiredCount(),
        net.privateSubnetIds(), net.internalGroupId(), targetGroup.id());
    ResourceRecord service = ctx.create("createEcsService", EcsService.TYPE, stack.name(AwsNames.CONNECT),
        () -> container(CREATE, "create Kafka Connect service").createService(request));
    ctx.await("awaitEcsService", () -> container(AWAIT_ECS, "await Kafka Connect service stable").awaitService(service));
    ctx.await("awaitTargetHealthy",
        () -> loadBalancer(AWAIT_TARGET, "await Kafka Connect healthy behind the load balancer")
            .awaitTargetHealthy(targetGroup));
  }

  /** A describe after a wait: the record with its late attributes replaces the one in the inventory. */
  private ResourceRecord refreshed(String step, String id, Supplier<ResourceRecord> describe) {
    ResourceRecord now = ctx.run(step, describe, ResourceRecord::state);
    ctx.inventory().created(id, now);
    return now;
  }

  /**
   * The master user replicates (RDS grants {@code rds_replication}); its password stays in Secrets
   * Manager and reaches Kafka Connect as the task's secret environment, so only the ARN travels.
   */
  private DataPlaneAccess access(ResourceRecord db, String secretArn) {
    SecretRef password = new SecretRef(SECRET_SCHEME + secretArn + ":password");
    return new DataPlaneAccess(
        ctx.name(),
        db.attr("host"),
        Integer.parseInt(db.attr("port")),
        db.attr("database"),
        db.attr("masterUsername"),
        password,
        db.attr("masterUsername"),
        password,
        true,
        "http://" + alb.attr("dnsName"),
        null,
        PipelineNames.CONNECTOR_NAME,
        ctx.name(),
        PipelineNames.slotName(ctx.name()),
        PipelineNames.publicationName(ctx.name()));
  }
}
