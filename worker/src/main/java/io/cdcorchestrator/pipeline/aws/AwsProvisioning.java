package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest.INSTANCE_TYPE;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.awaitReady;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.container;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.dataPlane;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.database;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.kafka;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.loadBalancer;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.network;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.preflight;

import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.SecretRef;
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
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.cdcorchestrator.pipeline.dataplane.DataPlaneSteps;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Parallel;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The AWS story, workflow code: the preflight (read-only checks: a blocker ends the run before
 * anything exists; it also resolves the zones); the network; then side by side
 * (docs/ARCHITECTURE.md, "Parallel branches") the NAT gateway (since {@link #EGRESS_BESIDE}), MSK,
 * RDS and what Kafka Connect stands on (log group, execution role, ECS cluster, load balancer);
 * then Kafka Connect itself, which needs MSK's bootstrap brokers and the RDS secret, behind the
 * (internal) load balancer. With {@code dataPlaneAccess: bastion} a fourth branch builds the
 * bastion, and the story ends with the first SSH connection, whose host key every later data-plane
 * call must see again. Each wait has its own deadline, from its type's {@code KIND}. Hands the
 * data-plane tail its endpoints.
 */
public final class AwsProvisioning {
  /** Where a secret lives in AWS Secrets Manager: {@code aws-secretsmanager:<arn>:<json key>}. */
  public static final String SECRET_SCHEME = "aws-secretsmanager:";

  /** Change id: the preflight runs first, and resolves the zones the subnets go into. */
  public static final String PREFLIGHT_FIRST = "aws-preflight-first";

  /**
   * Change id: the execution role is a branch of its own, and the secret-read policy is put on it
   * right after the DB instance's create returns its secret ARN, so IAM has the database's whole
   * creation to propagate it before the first Connect task reads the secret.
   */
  public static final String SECRET_POLICY_EARLY = "aws-secret-policy-early";

  /**
   * Change id: the NAT gateway (Elastic IP, gateway, its 1-3 min wait, the private routes) is a
   * branch of its own beside MSK, RDS, what Kafka Connect stands on and the bastion, which need
   * only subnets and groups; before, the network stage waited for it. Only the Kafka Connect
   * service (its tasks pull their image through it) comes after it.
   */
  public static final String EGRESS_BESIDE = "aws-nat-gateway-beside";

  /**
   * Change id: on an adopted database ({@code database.existing}) the SQL checks of {@link
   * DataPlaneSteps#preflight} run before anything is created in it. {@code direct}: the instance is
   * adopted (read) and checked right after the AWS preflight, before the network stage creates
   * anything. Through the bastion, which is the only way in to a private instance: as soon as the
   * bastion is up and its host key pinned (minutes, beside MSK's 15-60), and the adopted instance
   * is read (and rebooted, with {@code --allow-reboot}); blockers fail that branch, which cancels
   * the long waits beside it (Parallel), and the run compensates.
   */
  public static final String DATABASE_PREFLIGHT = "aws-database-preflight";

  /** What a preflight refused through the bastion adds to its blockers. */
  static final String BEING_REMOVED = "the AWS resources created so far are being removed";

  private static final ActivityOptions CREATE = ActivityStubs.CREATE;

  /** sshd answers a little after the status checks pass; the first connection pins its host key. */
  private static final ActivityOptions AWAIT_SSH = ActivityStubs.await(Duration.ofMinutes(5));

  private final PipelineContext ctx;
  private final AwsSpec spec;
  private final AwsStack stack;

  /** The Kafka branch's result: the cluster, once ACTIVE with its bootstrap brokers. */
  private record Kafka(ResourceRecord cluster) {
    String bootstrap() {
      return cluster.attr("bootstrap");
    }
  }

  /**
   * The database branch's: the instance with its endpoint, and the secret Kafka Connect reads its
   * credentials from (the master secret, or the adopted admin's).
   */
  private record Database(ResourceRecord instance, String secretArn) {
    Database(ResourceRecord instance) {
      this(instance, instance.attr("masterUserSecretArn"));
    }
  }

  /**
   * The bastion branch's: the instance, and with {@link #DATABASE_PREFLIGHT} its access with the
   * host key pinned in the branch (null in runs recorded before: pinned after the join).
   */
  private record Bastion(ResourceRecord instance, BastionAccess pinned) {}

  /** What Kafka Connect stands on: its role, log group and cluster; the load balancer in front. */
  private record ConnectBase(
      ResourceRecord role,
      ResourceRecord logGroup,
      ResourceRecord cluster,
      ResourceRecord loadBalancer,
      ResourceRecord targetGroup) {}

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
    List<String> zones = zones();
    Existing.Database adoptedDb = ctx.spec().existingDatabase();
    boolean sqlPreflight =
        adoptedDb != null
            && Workflow.getVersion(DATABASE_PREFLIGHT, Workflow.DEFAULT_VERSION, 1) == 1;
    // direct: the worker reaches the database now, so it is checked before anything exists
    ResourceRecord checkedFirst = null;
    if (sqlPreflight && !spec.viaBastion()) {
      checkedFirst = adoptDbInstance(adoptedDb, ctx.spec().existingNetwork().vpcId());
      sqlPreflight(
          adoptedAccess(checkedFirst, null),
          DataPlaneSteps.NOTHING_CREATED,
          adoptedDb.allowReboot() && adoptedDb.instanceId() != null);
    }
    int kafkaPort = MskClusterRequest.port(spec.kafka().tls());
    // an adopted network routes as its owner set it up: no NAT gateway of ours
    boolean egressBeside =
        ctx.spec().existingNetwork() == null
            && Workflow.getVersion(EGRESS_BESIDE, Workflow.DEFAULT_VERSION, 1) == 1;
    AwsNetwork network = new AwsNetwork(ctx, spec, stack);
    AwsNetwork.Built net = network.provision(kafkaPort, zones, egressBeside);

    boolean policyEarly =
        Workflow.getVersion(SECRET_POLICY_EARLY, Workflow.DEFAULT_VERSION, 1) == 1;
    Parallel side = new Parallel();
    if (egressBeside) { // joined below, before the Kafka Connect service
      side.start(
          () -> {
            network.egress(net);
            return net;
          });
    }
    Promise<ResourceRecord> role = policyEarly ? side.start(this::executionRole) : null;
    Promise<Kafka> kafka = side.start(() -> kafkaBranch(net));
    ResourceRecord adoptedFirst = checkedFirst;
    Promise<Database> database = side.start(() -> databaseBranch(net, role, adoptedFirst));
    Promise<ConnectBase> base = side.start(() -> connectBase(net, role));
    Promise<Database> checkedDatabase = sqlPreflight && spec.viaBastion() ? database : null;
    Promise<Optional<Bastion>> bastion = side.start(() -> bastionBranch(net, checkedDatabase));
    side.join();

    String secretArn = database.get().secretArn();
    if (!policyEarly) {
      readSecret(base.get().role(), secretArn);
    }
    connect(net, base.get(), kafka.get().cluster(), secretArn);
    DataPlaneAccess direct =
        ctx.spec().existingDatabase() == null
            ? access(database.get().instance(), base.get().loadBalancer(), secretArn)
            : adoptedAccess(
                database.get().instance(), "http://" + base.get().loadBalancer().attr("dnsName"));
    if (bastion.get().isEmpty()) {
      return direct;
    }
    Bastion b = bastion.get().get();
    return direct.withBastion(b.pinned() != null ? b.pinned() : pin(direct, b.instance()));
  }

  /** The first SSH connection to the bastion: every later data-plane call must see its key. */
  private BastionAccess pin(DataPlaneAccess access, ResourceRecord instance) {
    DataPlaneAccess unpinned =
        access.withBastion(
            new BastionAccess(
                instance.id(),
                spec.region(),
                instance.attr("publicIp"),
                sshPort(instance),
                BastionAccess.DEFAULT_USER,
                null));
    return ctx.run(
        "pinBastionHostKey",
        () ->
            dataPlane(AWAIT_SSH, "first SSH connection to the bastion: pin its host key")
                .pinBastionHostKey(unpinned),
        b -> "host key of " + b.instanceId() + " pinned");
  }

  /**
   * The SQL checks of the adopted database (DatabasePreflight, on the data-plane worker); a blocker
   * ends the run with every blocker's line and remedy.
   *
   * @param afterwards what the refusal says happens next
   * @param beforeReboot checked before the run's own {@code --allow-reboot} sets {@code
   *     rds.logical_replication}: a {@code wal_level} not yet logical is what the reboot fixes
   */
  private void sqlPreflight(DataPlaneAccess access, String afterwards, boolean beforeReboot) {
    new DataPlaneSteps(ctx)
        .preflight(access, afterwards, beforeReboot ? Set.of(DataPlaneSteps.WAL_LEVEL) : Set.of());
  }

  /**
   * The preflight's zones; a run recorded before the preflight existed uses the spec's, which its
   * spec always named.
   */
  private List<String> zones() {
    if (Workflow.getVersion(PREFLIGHT_FIRST, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return spec.network().availabilityZones();
    }
    return ctx.run(
            "preflight",
            () -> {
              PreflightReport report =
                  preflight(
                          ActivityStubs.PREFLIGHT,
                          "preflight: identity, region, versions, zones, quotas, permissions")
                      .check(ctx.spec());
              if (!report.clear()) {
                throw ApplicationFailure.newNonRetryableFailure(
                    report.blockers().stream()
                        .map(f -> f.check() + ": " + f.message() + " (remedy: " + f.remedy() + ")")
                        .collect(Collectors.joining("; ")),
                    "PreflightBlocked");
              }
              return report;
            },
            PreflightReport::summary)
        .availabilityZones();
  }

  private ResourceRecord executionRole() {
    return ctx.create(
        "createExecutionRole",
        new TaskExecutionRoleRequest(stack),
        container(CREATE, "create ECS task execution role")::createExecutionRole);
  }

  /** The execution role may read the one secret the task injects. */
  private void readSecret(ResourceRecord role, String secretArn) {
    ctx.create(
        "createSecretReadPolicy",
        new SecretReadPolicyRequest(stack, role.id(), secretArn),
        container(CREATE, "let the execution role read the database secret")
            ::createSecretReadPolicy);
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
  private Optional<Bastion> bastionBranch(AwsNetwork.Built net, Promise<Database> checked) {
    if (net.bastionGroupId() == null) {
      return Optional.empty();
    }
    ResourceRecord instance =
        ctx.create(
            "createBastion",
            new BastionInstanceRequest(stack, net.publicSubnetIds().get(0), net.bastionGroupId()),
            network(CREATE, "create bastion (Amazon Linux 2023, " + INSTANCE_TYPE + ")")
                ::createBastion);
    ResourceRecord bastion =
        ctx.run(
            "awaitBastion",
            () ->
                network(
                        awaitReady(BastionInstanceRequest.KIND),
                        "await bastion running, status checks ok")
                    .awaitBastion(instance),
            r -> "bastion " + r.id() + " running at " + r.attr("publicIp"));
    ctx.inventory().created(instance.id(), bastion);
    if (checked == null) {
      return Optional.of(new Bastion(bastion, null));
    }
    // the adopted database, checked through the bastion before anything is created in it
    DataPlaneAccess access = adoptedAccess(checked.get().instance(), null);
    BastionAccess pinned = pin(access, bastion);
    sqlPreflight(
        access.withBastion(pinned),
        "checked through bastion " + bastion.id() + "; " + BEING_REMOVED,
        false); // the database branch has applied --allow-reboot by now
    return Optional.of(new Bastion(bastion, pinned));
  }

  private Kafka kafkaBranch(AwsNetwork.Built net) {
    Existing.Kafka adopted = ctx.spec().existingKafka();
    if (adopted != null) {
      return new Kafka(
          ctx.adopt(
              "adoptMskCluster",
              MskClusterRequest.TYPE,
              () ->
                  kafka(CREATE, "adopt MSK cluster " + adopted.clusterArn())
                      .adoptCluster(adopted.clusterArn())));
    }
    AwsSpec.Kafka k = spec.kafka();
    ResourceRecord configuration =
        ctx.create(
            "createMskConfiguration",
            new MskConfigurationRequest(
                stack, k.version(), MskConfigurationRequest.serverProperties(k.brokers())),
            kafka(CREATE, "create MSK configuration")::createConfiguration);
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
            request,
            kafka(CREATE, "create MSK cluster (Kafka " + k.version() + ")")::createCluster);
    ctx.await(
        "awaitMskCluster",
        () -> kafka(awaitReady(request.kind()), "await MSK cluster ACTIVE").awaitCluster(cluster));
    return new Kafka(
        refreshed(
            "describeMskCluster",
            cluster.id(),
            () -> kafka(CREATE, "read MSK bootstrap brokers").describeCluster(cluster)));
  }

  /**
   * @param role the execution role's branch: once the instance's create returns its secret ARN, the
   *     role is given the policy to read it (null in runs recorded before: after the waits)
   */
  /**
   * @param adoptedFirst the adopted instance, when it was read (and checked) before the network
   *     stage; null otherwise
   */
  private Database databaseBranch(
      AwsNetwork.Built net, Promise<ResourceRecord> role, ResourceRecord adoptedFirst) {
    Existing.Database adopted = ctx.spec().existingDatabase();
    if (adopted != null) {
      return adoptedDatabase(
          adopted,
          role,
          adoptedFirst != null ? adoptedFirst : adoptDbInstance(adopted, net.vpcId()));
    }
    AwsSpec.Database d = spec.database();
    ResourceRecord params =
        ctx.create(
            "createDbParameterGroup",
            new DbParameterGroupRequest(stack, d.engineMajor()),
            database(CREATE, "create DB parameter group (logical replication)")
                ::createParameterGroup);
    ResourceRecord subnets =
        ctx.create(
            "createDbSubnetGroup",
            new DbSubnetGroupRequest(stack, net.privateSubnetIds()),
            database(CREATE, "create DB subnet group")::createSubnetGroup);
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
            request,
            database(CREATE, "create RDS PostgreSQL " + d.engineVersion())::createInstance);
    if (role != null) {
      readSecret(role.get(), instance.attr("masterUserSecretArn"));
    }
    ctx.await(
        "awaitDbInstance",
        () ->
            database(awaitReady(request.kind()), "await RDS instance available")
                .awaitInstance(instance));
    return new Database(
        refreshed(
            "describeDbInstance",
            instance.id(),
            () -> database(CREATE, "read RDS endpoint").describeInstance(instance)));
  }

  /**
   * {@code database.existing}: the user's PostgreSQL is read and checked, never created; the
   * execution role may read the admin's secret, which Kafka Connect gets as its credentials.
   */
  private Database adoptedDatabase(
      Existing.Database adopted, Promise<ResourceRecord> role, ResourceRecord instance) {
    String secretArn = secretArn(adopted.passwordRef());
    if (role != null) {
      readSecret(role.get(), secretArn);
    }
    if (adopted.allowReboot()) {
      ResourceRecord applied =
          ctx.run(
              "enableLogicalReplication",
              () ->
                  database(CREATE, "set rds.logical_replication=1, reboot " + instance.id())
                      .enableLogicalReplication(instance),
              r -> r.state() + " on parameter group " + r.attr("parameterGroup"));
      ctx.await(
          "awaitLogicalReplication",
          () ->
              database(
                      awaitReady(DbInstanceRequest.KIND),
                      "await " + instance.id() + " rebooted with logical replication")
                  .awaitLogicalReplication(applied));
    }
    return new Database(instance, secretArn);
  }

  /** The user's PostgreSQL, read and checked against the adopted VPC; never created. */
  private ResourceRecord adoptDbInstance(Existing.Database adopted, String vpcId) {
    return ctx.adopt(
        "adoptDbInstance",
        DbInstanceRequest.TYPE,
        () ->
            database(
                    CREATE,
                    "adopt PostgreSQL "
                        + (adopted.instanceId() != null
                            ? adopted.instanceId()
                            : adopted.host() + ":" + adopted.port()))
                .adoptInstance(adopted, vpcId));
  }

  /** {@code aws-secretsmanager:<arn>:<key>}: the ARN (itself full of colons). */
  static String secretArn(String passwordRef) {
    return passwordRef.substring(SECRET_SCHEME.length(), passwordRef.lastIndexOf(':'));
  }

  /**
   * @param role the execution role's own branch; null in runs recorded before, where this branch
   *     creates it
   */
  private ConnectBase connectBase(AwsNetwork.Built net, Promise<ResourceRecord> role) {
    ResourceRecord logGroup =
        ctx.create(
            "createLogGroup",
            new LogGroupRequest(stack, spec.connect().logRetentionDays()),
            container(CREATE, "create log group")::createLogGroup);
    ResourceRecord executionRole = role == null ? executionRole() : null;
    ResourceRecord ecsCluster =
        ctx.create(
            "createEcsCluster",
            new EcsClusterRequest(stack),
            container(CREATE, "create ECS cluster")::createCluster);
    ResourceRecord alb =
        ctx.create(
            "createLoadBalancer",
            new LoadBalancerRequest(stack, net.privateSubnetIds(), net.externalGroupId(), true),
            loadBalancer(CREATE, "create application load balancer")::createLoadBalancer);
    ResourceRecord targetGroup =
        ctx.create(
            "createTargetGroup",
            new TargetGroupRequest(stack, net.vpcId(), AwsPorts.CONNECT),
            loadBalancer(CREATE, "create target group for Kafka Connect")::createTargetGroup);
    ctx.create(
        "createListener",
        new ListenerRequest(stack, alb.id(), targetGroup.id(), AwsPorts.LISTENER),
        loadBalancer(CREATE, "create listener :" + AwsPorts.LISTENER)::createListener);
    ctx.await(
        "awaitLoadBalancer",
        () ->
            loadBalancer(awaitReady(LoadBalancerRequest.KIND), "await load balancer active")
                .awaitLoadBalancer(alb));
    return new ConnectBase(
        role == null ? executionRole : role.get(), logGroup, ecsCluster, alb, targetGroup);
  }

  /**
   * Kafka Connect: task definition, service (after the listener), stable and healthy behind the
   * ALB.
   */
  private void connect(
      AwsNetwork.Built net, ConnectBase base, ResourceRecord kafka, String secretArn) {
    AwsSpec.Connect c = spec.connect();
    AwsSpec.Kafka k = spec.kafka();
    boolean adoptedKafka = kafka.adopted();
    TaskDefinitionRequest definition =
        new TaskDefinitionRequest(
            stack,
            c.image(),
            c.cpu(),
            c.memory(),
            base.role().attr("arn"),
            base.logGroup().id(),
            spec.region(),
            kafka.attr("bootstrap"),
            adoptedKafka ? Integer.parseInt(kafka.attr("brokers")) : k.brokers(),
            adoptedKafka ? Boolean.parseBoolean(kafka.attr("tls")) : k.tls(),
            secretArn);
    ResourceRecord task =
        ctx.create(
            "createTaskDefinition",
            definition,
            container(CREATE, "register Kafka Connect task definition")::createTaskDefinition);
    EcsServiceRequest request =
        new EcsServiceRequest(
            stack,
            base.cluster().id(),
            task.id(),
            c.desiredCount(),
            net.privateSubnetIds(),
            net.internalGroupId(),
            base.targetGroup().id());
    ResourceRecord service =
        ctx.create(
            "createEcsService",
            request,
            container(CREATE, "create Kafka Connect service")::createService);
    ctx.await(
        "awaitEcsService",
        () ->
            container(awaitReady(request.kind()), "await Kafka Connect service stable")
                .awaitService(service));
    ctx.await(
        "awaitTargetHealthy",
        () ->
            loadBalancer(
                    awaitReady(TargetGroupRequest.KIND),
                    "await Kafka Connect healthy behind the load balancer")
                .awaitTargetHealthy(base.targetGroup()));
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
   * On an adopted database the admin of the spec replicates (on RDS through {@code
   * rds_replication}): Kafka Connect reads its credentials from the admin's secret, so the pipeline
   * creates no role of its own there; its slot, publication, heartbeat and signal tables carry its
   * name and are all teardown drops.
   *
   * @param connectUrl Kafka Connect behind the load balancer; null before it exists (the preflight)
   */
  private DataPlaneAccess adoptedAccess(ResourceRecord db, String connectUrl) {
    return DataPlaneAccess.adoptedOnAws(
        ctx.name(),
        ctx.spec().existingDatabase(),
        db.attr("host"),
        Integer.parseInt(db.attr("port")),
        db.attr("database"),
        ctx.spec().tables(),
        connectUrl);
  }

  /**
   * The master user replicates (RDS grants {@code rds_replication}); its password stays in Secrets
   * Manager and reaches Kafka Connect as the task's secret environment, so only the ARN travels.
   */
  private DataPlaneAccess access(ResourceRecord db, ResourceRecord alb, String secretArn) {
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
