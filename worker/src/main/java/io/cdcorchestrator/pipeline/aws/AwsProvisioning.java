package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.container;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.database;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.kafka;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.loadBalancer;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.network;

import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsPorts;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.cdcorchestrator.model.aws.iam.SecretReadPolicyRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.kafka.MskConfigurationRequest;
import io.cdcorchestrator.model.aws.logs.LogGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.aws.rds.DbParameterGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Parallel;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The AWS story, workflow code: the network first; then side by side (DESIGN decision 6) MSK, RDS
 * and what Kafka Connect stands on (log group, execution role, ECS cluster, load balancer); then
 * Kafka Connect itself, which needs MSK's bootstrap brokers and the RDS secret, behind the
 * (internal) load balancer. With {@code dataPlaneAccess: bastion} a fourth branch builds the
 * bastion, and the story ends with the first SSH connection, whose host key every later data-plane
 * call must see again. Each wait has its own deadline (DESIGN decision 5). Hands the data-plane
 * tail its endpoints.
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
      throw ApplicationFailure.newNonRetryableFailure(
          "target aws needs an AWS spec (--spec FILE)", "MissingAwsSpec");
    }
    this.spec = ctx.spec().aws();
    this.stack = spec.stack(ctx.name());
  }

  public DataPlaneAccess provision() {
    int kafkaPort = MskClusterRequest.port(spec.kafka().tls());
    net = new AwsNetwork(ctx, spec, stack).provision(kafkaPort);

    ResourceRecord msk =
        Parallel.all(
                this::kafkaBranch,
                this::databaseBranch,
                this::connectPrerequisites,
                this::bastionBranch)
            .get(0);
    ResourceRecord db = ctx.inventory().find(DbInstanceRequest.TYPE);

    String secretArn = db.attr("masterUserSecretArn");
    ctx.create(
        "createSecretReadPolicy",
        SecretReadPolicyRequest.TYPE,
        role.id() + ":" + SecretReadPolicyRequest.POLICY_NAME,
        () ->
            container(CREATE, "let the execution role read the database secret")
                .createSecretReadPolicy(new SecretReadPolicyRequest(stack, role.id(), secretArn)));
    connect(msk.attr("bootstrap"), secretArn);
    DataPlaneAccess direct = access(db, secretArn);
    if (bastion == null) {
      return direct;
    }
    DataPlaneAccess unpinned =
        direct.withBastion(
            new BastionAccess(
                bastion.id(),
                spec.region(),
                bastion.attr("publicIp"),
                sshPort(bastion),
                BastionAccess.DEFAULT_USER,
                null));
    BastionAccess pinned =
        ctx.run(
            "pinBastionHostKey",
            () ->
                dataPlane(AWAIT_SSH, "first SSH connection to the bastion: pin its host key")
                    .pinBastionHostKey(unpinned),
            b -> "host key of " + b.instanceId() + " pinned");
    return direct.withBastion(pinned);
  }

  /** Where the bastion's sshd listens, as its record says (22 on AWS). */
  private static int sshPort(ResourceRecord instance) {
    String port = instance.attributes().get("sshPort");
    return port == null ? BastionAccess.SSH_PORT : Integer.parseInt(port);
  }

  /**
   * With {@code dataPlaneAccess: bastion}: the instance in the first public subnet, then its wait;
   * the record after the wait carries the public address. Direct: nothing.
   */
  private ResourceRecord bastionBranch() {
    if (net.bastionGroupId() == null) {
      return null;
    }
    ResourceRecord instance =
        ctx.create(
            "createBastion",
            BastionInstanceRequest.TYPE,
            stack.name(AwsNames.BASTION),
            () ->
                network(
                        CREATE,
                        "create bastion (Amazon Linux 2023, "
                            + BastionInstanceRequest.INSTANCE_TYPE
                            + ")")
                    .createBastion(
                        new BastionInstanceRequest(
                            stack, net.publicSubnetIds().get(0), net.bastionGroupId())));
    bastion =
        ctx.run(
            "awaitBastion",
            () ->
                network(AWAIT_BASTION, "await bastion running, status checks ok")
                    .awaitBastion(instance),
            r -> "bastion " + r.id() + " running at " + r.attr("publicIp"));
    ctx.inventory().created(instance.id(), bastion);
    return bastion;
  }

  private ResourceRecord kafkaBranch() {
    AwsSpec.Kafka k = spec.kafka();
    ResourceRecord configuration =
        ctx.create(
            "createMskConfiguration",
            MskConfigurationRequest.TYPE,
            stack.name(AwsNames.MSK_CONFIGURATION),
            () ->
                kafka(CREATE, "create MSK configuration")
                    .createConfiguration(
                        new MskConfigurationRequest(
                            stack,
                            k.version(),
                            MskConfigurationRequest.serverProperties(k.brokers()))));
    MskClusterRequest request =
        new MskClusterRequest(
            stack,
            k.version(),
            k.brokerType(),
            k.brokers(),
            k.storageGiB(),
            k.tls(),
            net.privateSubnetIds(),
            net.internalGroupId(),
            configuration.id(),
            Long.parseLong(configuration.attr("revision")));
    ResourceRecord cluster =
        ctx.create(
            "createMskCluster",
            MskClusterRequest.TYPE,
            stack.name(AwsNames.MSK_CLUSTER),
            () ->
                kafka(CREATE, "create MSK cluster (Kafka " + k.version() + ")")
                    .createCluster(request));
    ctx.await(
        "awaitMskCluster",
        () -> kafka(AWAIT_MSK, "await MSK cluster ACTIVE").awaitCluster(cluster));
    return refreshed(
        "describeMskCluster",
        cluster.id(),
        () -> kafka(CREATE, "read MSK bootstrap brokers").describeCluster(cluster));
  }

  private ResourceRecord databaseBranch() {
    AwsSpec.Database d = spec.database();
    ResourceRecord params =
        ctx.create(
            "createDbParameterGroup",
            DbParameterGroupRequest.TYPE,
            stack.name(AwsNames.DB_PARAMETER_GROUP),
            () ->
                database(CREATE, "create DB parameter group (logical replication)")
                    .createParameterGroup(new DbParameterGroupRequest(stack, d.engineMajor())));
    ResourceRecord subnets =
        ctx.create(
            "createDbSubnetGroup",
            DbSubnetGroupRequest.TYPE,
            stack.name(AwsNames.DB_SUBNET_GROUP),
            () ->
                database(CREATE, "create DB subnet group")
                    .createSubnetGroup(new DbSubnetGroupRequest(stack, net.privateSubnetIds())));
    DbInstanceRequest request =
        new DbInstanceRequest(
            stack,
            d.engineVersion(),
            d.instanceClass(),
            d.storageGiB(),
            params.id(),
            subnets.id(),
            net.internalGroupId());
    ResourceRecord instance =
        ctx.create(
            "createDbInstance",
            DbInstanceRequest.TYPE,
            stack.name(AwsNames.DB_INSTANCE),
            () ->
                database(CREATE, "create RDS PostgreSQL " + d.engineVersion())
                    .createInstance(request));
    ctx.await(
        "awaitDbInstance",
        () -> database(AWAIT_RDS, "await RDS instance available").awaitInstance(instance));
    return refreshed(
        "describeDbInstance",
        instance.id(),
        () -> database(CREATE, "read RDS endpoint").describeInstance(instance));
  }

  private ResourceRecord connectPrerequisites() {
    logGroup =
        ctx.create(
            "createLogGroup",
            LogGroupRequest.TYPE,
            AwsNames.logGroup(ctx.name()),
            () ->
                container(CREATE, "create log group")
                    .createLogGroup(new LogGroupRequest(stack, spec.connect().logRetentionDays())));
    role =
        ctx.create(
            "createExecutionRole",
            TaskExecutionRoleRequest.TYPE,
            stack.name(AwsNames.EXECUTION_ROLE),
            () ->
                container(CREATE, "create ECS task execution role")
                    .createExecutionRole(new TaskExecutionRoleRequest(stack)));
    ecsCluster =
        ctx.create(
            "createEcsCluster",
            EcsClusterRequest.TYPE,
            stack.name(AwsNames.ECS_CLUSTER),
            () ->
                container(CREATE, "create ECS cluster")
                    .createCluster(new EcsClusterRequest(stack)));
    alb =
        ctx.create(
            "createLoadBalancer",
            LoadBalancerRequest.TYPE,
            stack.name(AwsNames.LOAD_BALANCER),
            () ->
                loadBalancer(CREATE, "create application load balancer")
                    .createLoadBalancer(
                        new LoadBalancerRequest(
                            stack, net.privateSubnetIds(), net.externalGroupId(), true)));
    targetGroup =
        ctx.create(
            "createTargetGroup",
            TargetGroupRequest.TYPE,
            stack.name(AwsNames.TARGET_GROUP),
            () ->
                loadBalancer(CREATE, "create target group for Kafka Connect")
                    .createTargetGroup(
                        new TargetGroupRequest(stack, net.vpcId(), AwsPorts.CONNECT)));
    ResourceRecord listener =
        ctx.create(
            "createListener",
            ListenerRequest.TYPE,
            alb.id() + ":" + AwsPorts.LISTENER,
            () ->
                loadBalancer(CREATE, "create listener :" + AwsPorts.LISTENER)
                    .createListener(
                        new ListenerRequest(stack, alb.id(), targetGroup.id(), AwsPorts.LISTENER)));
    ctx.await(
        "awaitLoadBalancer",
        () -> loadBalancer(AWAIT_ALB, "await load balancer active").awaitLoadBalancer(alb));
    return listener;
  }

  /**
   * Kafka Connect: task definition, service (after the listener), stable and healthy behind the
   * ALB.
   */
  private void connect(String bootstrap, String secretArn) {
    AwsSpec.Connect c = spec.connect();
    AwsSpec.Kafka k = spec.kafka();
    TaskDefinitionRequest definition =
        new TaskDefinitionRequest(
            stack,
            c.image(),
            c.cpu(),
            c.memory(),
            role.attr("arn"),
            logGroup.id(),
            spec.region(),
            bootstrap,
            k.brokers(),
            k.tls(),
            secretArn);
    ResourceRecord task =
        ctx.create(
            "createTaskDefinition",
            TaskDefinitionRequest.TYPE,
            stack.name(AwsNames.CONNECT),
            () ->
                container(CREATE, "register Kafka Connect task definition")
                    .createTaskDefinition(definition));
    EcsServiceRequest request =
        new EcsServiceRequest(
            stack,
            ecsCluster.id(),
            task.id(),
            c.desiredCount(),
            net.privateSubnetIds(),
            net.internalGroupId(),
            targetGroup.id());
    ResourceRecord service =
        ctx.create(
            "createEcsService",
            EcsServiceRequest.TYPE,
            stack.name(AwsNames.CONNECT),
            () -> container(CREATE, "create Kafka Connect service").createService(request));
    ctx.await(
        "awaitEcsService",
        () -> container(AWAIT_ECS, "await Kafka Connect service stable").awaitService(service));
    ctx.await(
        "awaitTargetHealthy",
        () ->
            loadBalancer(AWAIT_TARGET, "await Kafka Connect healthy behind the load balancer")
                .awaitTargetHealthy(targetGroup));
  }

  /**
   * A describe after a wait: the record with its late attributes replaces the one in the inventory.
   */
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
