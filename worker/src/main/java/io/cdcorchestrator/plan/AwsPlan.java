package io.cdcorchestrator.plan;

import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsPorts;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.aws.ec2.ElasticIpRequest;
import io.cdcorchestrator.model.aws.ec2.InternetGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.RouteRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableAssociationRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRuleRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
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
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link AwsProvisioning} (with {@link AwsNetwork}) will create for a spec, as data: the
 * stages, their parallel branches, every resource and wait with its real dependencies. {@code cdc
 * plan} prints it; a test runs the workflow story and checks that it creates exactly these resource
 * types and waits, stage by stage, so the plan cannot drift from the story unnoticed.
 */
public record AwsPlan(String pipeline, AwsSpec spec, List<Stage> stages) {

  /** A stage runs after the one before it; its branches run side by side. */
  public record Stage(int number, String title, List<Branch> branches) {
    public boolean parallel() {
      return branches.size() > 1;
    }
  }

  public record Branch(String name, List<Step> steps) {}

  public enum Kind {
    CREATE,
    WAIT,
    READ,
    /** The user's own resource (the spec's {@code existing}): described and checked, never made. */
    ADOPT
  }

  /**
   * @param key unique in the plan; what {@code after} refers to
   * @param type the resource type a create records ({@code aws:ec2:vpc} …); the step's name
   *     otherwise
   * @param name the AWS name (or the wait's step name)
   * @param after the keys of the steps this one needs
   */
  public record Step(
      String key, Kind kind, String type, String name, String detail, List<String> after) {}

  /** Typical durations (docs/ARCHITECTURE.md, "AWS durations"), shown on the waits. */
  static final String NAT_TIME = "1-3 min";

  static final String MSK_TIME = "15-60 min";
  static final String RDS_TIME = "5-15 min";
  static final String ALB_TIME = "2-4 min";
  static final String ECS_TIME = "3-8 min";
  static final String BASTION_TIME = "1-3 min";

  /**
   * @param spec with its defaults filled in (what {@code AwsSpecParser} returns)
   */
  public static AwsPlan of(String pipeline, AwsSpec spec) {
    return of(pipeline, spec, null);
  }

  /**
   * @param existing what the spec adopts (steps of kind {@link Kind#ADOPT} instead of creates);
   *     null: everything is created
   */
  public static AwsPlan of(String pipeline, AwsSpec spec, Existing existing) {
    return new Builder(pipeline, spec, existing).build();
  }

  /** What the spec adopts: described and checked, never created or deleted. */
  public List<Step> adopted() {
    return steps().stream().filter(s -> s.kind() == Kind.ADOPT).toList();
  }

  public List<Step> steps() {
    return stages.stream()
        .flatMap(s -> s.branches().stream())
        .flatMap(b -> b.steps().stream())
        .toList();
  }

  public List<Step> resources() {
    return steps().stream().filter(s -> s.kind() == Kind.CREATE).toList();
  }

  private static final class Builder {
    private final String pipeline;
    private final AwsSpec spec;
    private final Existing.Network en;
    private final Existing.Database ed;
    private final Existing.Kafka ek;
    private List<Step> current;

    Builder(String pipeline, AwsSpec spec, Existing existing) {
      this.pipeline = pipeline;
      this.spec = spec;
      this.en = existing == null ? null : existing.network();
      this.ed = existing == null ? null : existing.database();
      this.ek = existing == null ? null : existing.kafka();
    }

    /** {@code network.existing}: as AwsNetwork adopts it; no gateways or routes of its own. */
    private void adoptNetwork(
        Existing.Network adopted, List<String> publicKeys, List<String> privateKeys) {
      adopt(
          "vpc",
          VpcRequest.TYPE,
          adopted.vpcId(),
          "network.existing: available, routed as its owner set it up",
          "preflight");
      for (int i = 0; i < adopted.publicSubnetIds().size(); i++) {
        publicKeys.add(
            adopt(
                AwsNames.publicSubnet(i),
                SubnetRequest.TYPE,
                adopted.publicSubnetIds().get(i),
                "in the VPC (the bastion)",
                "vpc"));
      }
      for (int i = 0; i < adopted.privateSubnetIds().size(); i++) {
        privateKeys.add(
            adopt(
                AwsNames.privateSubnet(i),
                SubnetRequest.TYPE,
                adopted.privateSubnetIds().get(i),
                "in the VPC (load balancer, Connect tasks" + (ek == null ? ", MSK)" : ")"),
                "vpc"));
      }
    }

    private String adopt(String key, String type, String id, String detail, String... after) {
      current.add(new Step(key, Kind.ADOPT, type, id, detail, List.of(after)));
      return key;
    }

    AwsPlan build() {
      AwsSpec.Network net = spec.network();
      AwsSpec.Kafka k = spec.kafka();
      AwsSpec.Database d = spec.database();
      AwsSpec.Connect c = spec.connect();
      int kafkaPort = MskClusterRequest.port(k.tls());
      int zones = net.publicSubnets().size();
      List<String> publicKeys = new ArrayList<>();
      List<String> privateKeys = new ArrayList<>();

      Branch network =
          branch(
              "network",
              () -> {
                read(
                    "preflight",
                    "read-only checks (identity, region, versions, zones, quotas, permissions);"
                        + " a blocker ends the run before anything exists");
                if (en != null) {
                  adoptNetwork(en, publicKeys, privateKeys);
                } else {
                  create("vpc", VpcRequest.TYPE, AwsNames.VPC, net.vpcCidr(), "preflight");
                  for (int i = 0; i < zones; i++) {
                    publicKeys.add(
                        create(
                            AwsNames.publicSubnet(i),
                            SubnetRequest.TYPE,
                            AwsNames.publicSubnet(i),
                            net.publicSubnets().get(i)
                                + " in "
                                + zone(i)
                                + " (load balancer, NAT gateway)",
                            "vpc"));
                  }
                  for (int i = 0; i < zones; i++) {
                    privateKeys.add(
                        create(
                            AwsNames.privateSubnet(i),
                            SubnetRequest.TYPE,
                            AwsNames.privateSubnet(i),
                            net.privateSubnets().get(i)
                                + " in "
                                + zone(i)
                                + " (RDS, MSK, Connect tasks)",
                            "vpc"));
                  }
                  create(
                      "igw",
                      InternetGatewayRequest.TYPE,
                      AwsNames.IGW,
                      "attached to the VPC",
                      "vpc");
                  routes(true, "igw", "internet gateway", publicKeys);
                }
                create(
                    "external",
                    SecurityGroupRequest.TYPE,
                    AwsNames.EXTERNAL_SG,
                    "the internal load balancer",
                    "vpc");
                create(
                    "internal",
                    SecurityGroupRequest.TYPE,
                    AwsNames.INTERNAL_SG,
                    "Kafka Connect, MSK and RDS",
                    "vpc");
                String operator =
                    spec.operatorCidr() == null
                        ? "operatorCidr"
                        : spec.operatorCidr() + " (operatorCidr)";
                String
                    dataPlane; // where the data-plane activities come from, as AwsNetwork decides
                List<String> dataPlaneAfter = new ArrayList<>();
                if (spec.viaBastion()) {
                  create(
                      AwsNames.BASTION_SG,
                      SecurityGroupRequest.TYPE,
                      AwsNames.BASTION_SG,
                      "the bastion: SSH from the operator only",
                      "vpc");
                  rule(
                      AwsNames.BASTION_SG,
                      "ssh",
                      AwsPorts.SSH,
                      operator + " only; never 0.0.0.0/0 (the only public ingress)");
                  dataPlane = "the bastion group";
                  dataPlaneAfter.add(AwsNames.BASTION_SG);
                } else {
                  dataPlane =
                      spec.operatorCidr() != null
                          ? operator
                          : net.vpcCidr() + " (the VPC: a data-plane worker inside it)";
                }
                rule(
                    "external",
                    "data-plane",
                    AwsPorts.LISTENER,
                    dataPlane + " (Kafka Connect REST)",
                    dataPlaneAfter.toArray(String[]::new));
                rule(
                    "internal",
                    "connect",
                    AwsPorts.CONNECT,
                    "the external group (Kafka Connect REST via the load balancer)",
                    "external");
                if (c.desiredCount() >= 2) {
                  rule(
                      "internal",
                      "connect-peers",
                      AwsPorts.CONNECT,
                      "the internal group (Kafka Connect workers forward to their leader)");
                }
                if (ed == null) { // an adopted database's own groups: checked by the preflight
                  rule(
                      "internal", "postgres", AwsPorts.POSTGRES, "the internal group (PostgreSQL)");
                  rule(
                      "internal",
                      "postgres-data-plane",
                      AwsPorts.POSTGRES,
                      dataPlane + " (SQL init)",
                      dataPlaneAfter.toArray(String[]::new));
                }
                if (ek == null) {
                  rule(
                      "internal",
                      "kafka",
                      kafkaPort,
                      "the internal group (Kafka, " + k.listener() + ")");
                }
              });

      Branch kafka =
          branch(
              "kafka",
              () -> {
                if (ek != null) {
                  adopt(
                      "msk",
                      MskClusterRequest.TYPE,
                      ek.clusterArn(),
                      "kafka.existing: ACTIVE; its bootstrap brokers (TLS when offered)",
                      "preflight");
                  return;
                }
                create(
                    "msk-config",
                    MskConfigurationRequest.TYPE,
                    AwsNames.MSK_CONFIGURATION,
                    "Kafka "
                        + k.version()
                        + ": "
                        + MskConfigurationRequest.serverProperties(k.brokers()).replace('\n', ' '));
                List<String> after = new ArrayList<>(List.of("msk-config", "internal"));
                after.addAll(privateKeys);
                create(
                    "msk",
                    MskClusterRequest.TYPE,
                    AwsNames.MSK_CLUSTER,
                    k.brokers()
                        + " x "
                        + k.brokerType()
                        + ", "
                        + k.storageGiB()
                        + " GiB each, "
                        + k.listener()
                        + " on "
                        + kafkaPort,
                    after.toArray(String[]::new));
                await("awaitMskCluster", "MSK cluster ACTIVE (" + MSK_TIME + ")", "msk");
                read("describeMskCluster", "bootstrap brokers", "awaitMskCluster");
              });

      Branch database =
          branch(
              "database",
              () -> {
                if (ed != null) {
                  adopt(
                      "pg",
                      DbInstanceRequest.TYPE,
                      ed.instanceId() != null ? ed.instanceId() : ed.host() + ":" + ed.port(),
                      "database.existing: available, in the VPC; rds.logical_replication and"
                          + " its ingress rules checked by the preflight; admin "
                          + ed.user()
                          + ", password from its Secrets Manager secret",
                      "vpc");
                  create(
                      "secret-read",
                      SecretReadPolicyRequest.TYPE,
                      AwsNames.EXECUTION_ROLE + ":" + SecretReadPolicyRequest.POLICY_NAME,
                      "the execution role may read the admin's secret, nothing else",
                      "ecs-exec",
                      "pg");
                  return;
                }
                create(
                    "pg-params",
                    DbParameterGroupRequest.TYPE,
                    AwsNames.DB_PARAMETER_GROUP,
                    "family postgres" + d.engineMajor() + ", rds.logical_replication=1");
                create(
                    "pg-subnets",
                    DbSubnetGroupRequest.TYPE,
                    AwsNames.DB_SUBNET_GROUP,
                    "the private subnets",
                    privateKeys.toArray(String[]::new));
                create(
                    "pg",
                    DbInstanceRequest.TYPE,
                    AwsNames.DB_INSTANCE,
                    "PostgreSQL "
                        + d.engineVersion()
                        + ", "
                        + d.instanceClass()
                        + ", "
                        + d.storageGiB()
                        + " GiB gp3, not public, master password managed by RDS (Secrets Manager), port "
                        + AwsPorts.POSTGRES,
                    "pg-params",
                    "pg-subnets",
                    "internal");
                // put on the role as soon as the secret exists: IAM propagates it while RDS builds
                create(
                    "secret-read",
                    SecretReadPolicyRequest.TYPE,
                    AwsNames.EXECUTION_ROLE + ":" + SecretReadPolicyRequest.POLICY_NAME,
                    "the execution role may read the database secret, nothing else",
                    "ecs-exec",
                    "pg");
                await("awaitDbInstance", "RDS instance available (" + RDS_TIME + ")", "pg");
                read("describeDbInstance", "endpoint and secret ARN", "awaitDbInstance");
              });

      Branch prerequisites =
          branch(
              "connect prerequisites",
              () -> {
                create(
                    "log-group",
                    LogGroupRequest.TYPE,
                    AwsNames.logGroup(pipeline),
                    c.logRetentionDays() + " days retention");
                create(
                    "ecs-exec",
                    TaskExecutionRoleRequest.TYPE,
                    AwsNames.EXECUTION_ROLE,
                    "ECS task execution role");
                create("ecs", EcsClusterRequest.TYPE, AwsNames.ECS_CLUSTER, "Fargate");
                List<String> albAfter = new ArrayList<>(privateKeys);
                albAfter.add("external");
                create(
                    "alb",
                    LoadBalancerRequest.TYPE,
                    AwsNames.LOAD_BALANCER,
                    "internal, in the private subnets",
                    albAfter.toArray(String[]::new));
                create(
                    "tg",
                    TargetGroupRequest.TYPE,
                    AwsNames.TARGET_GROUP,
                    "ip targets on " + AwsPorts.CONNECT + ", health check GET /",
                    "vpc");
                create(
                    "listener",
                    ListenerRequest.TYPE,
                    AwsNames.LOAD_BALANCER + ":" + AwsPorts.LISTENER,
                    "HTTP " + AwsPorts.LISTENER + " -> the target group",
                    "alb",
                    "tg");
                await("awaitLoadBalancer", "load balancer active (" + ALB_TIME + ")", "alb");
              });

      Branch connect =
          branch(
              "kafka connect",
              () -> {
                List<String> after =
                    new ArrayList<>(
                        List.of(
                            "ecs-exec",
                            "log-group",
                            ek == null ? "describeMskCluster" : "msk",
                            "secret-read"));
                create(
                    "task",
                    TaskDefinitionRequest.TYPE,
                    AwsNames.CONNECT,
                    c.image()
                        + ", "
                        + c.cpu()
                        + " CPU units, "
                        + c.memory()
                        + " MiB, replication factor "
                        + Math.min(k.brokers(), 3)
                        + ", password as an ECS secret",
                    after.toArray(String[]::new));
                // Fargate tasks in the private subnets pull the image and read the secret through
                // the NAT route
                List<String> serviceAfter =
                    new ArrayList<>(List.of("task", "ecs", "listener", "internal"));
                if (en == null) {
                  serviceAfter.add(AwsNames.routeTable(false) + "-default");
                }
                serviceAfter.addAll(privateKeys);
                create(
                    "service",
                    EcsServiceRequest.TYPE,
                    AwsNames.CONNECT,
                    c.desiredCount()
                        + " Fargate task(s) in the private "
                        + "subnets, behind the target group",
                    serviceAfter.toArray(String[]::new));
                await(
                    "awaitEcsService",
                    "Kafka Connect service stable (" + ECS_TIME + ")",
                    "service");
                await(
                    "awaitTargetHealthy",
                    "Kafka Connect healthy behind the load balancer",
                    "awaitEcsService",
                    "awaitLoadBalancer");
                if (spec.viaBastion()) {
                  read(
                      "pinBastionHostKey",
                      "first SSH connection through the bastion: pin its host key",
                      "awaitBastion",
                      "awaitTargetHealthy");
                }
              });

      List<Branch> side = new ArrayList<>();
      if (en == null) { // beside the rest: only the Kafka Connect service reaches out through it
        side.add(
            branch(
                "egress",
                () -> {
                  create(
                      "nat-eip",
                      ElasticIpRequest.TYPE,
                      AwsNames.NAT_EIP,
                      "public address of the NAT gateway");
                  create(
                      "nat",
                      NatGatewayRequest.TYPE,
                      AwsNames.NAT,
                      "in " + publicKeys.get(0) + ": outbound for the private subnets",
                      publicKeys.get(0),
                      "nat-eip",
                      "igw");
                  await("awaitNatGateway", "NAT gateway available (" + NAT_TIME + ")", "nat");
                  routes(false, "awaitNatGateway", "NAT gateway", privateKeys);
                }));
      }
      side.addAll(List.of(kafka, database, prerequisites));
      if (spec.viaBastion()) {
        side.add(
            branch(
                "bastion",
                () -> {
                  create(
                      "bastion",
                      BastionInstanceRequest.TYPE,
                      AwsNames.BASTION,
                      BastionInstanceRequest.INSTANCE_TYPE
                          + " Amazon Linux 2023 in "
                          + publicKeys.get(0)
                          + ", no key pair, no role: each connection pushes a "
                          + "fresh key with EC2 Instance Connect",
                      publicKeys.get(0),
                      AwsNames.BASTION_SG);
                  await(
                      "awaitBastion",
                      "bastion running, status checks ok (" + BASTION_TIME + ")",
                      "bastion");
                }));
      }

      return new AwsPlan(
          pipeline,
          spec,
          List.of(
              new Stage(1, "network", List.of(network)),
              new Stage(
                  2,
                  (en == null ? "the NAT gateway, " : "")
                      + "MSK, RDS and what Kafka Connect stands on"
                      + (spec.viaBastion() ? ", and the bastion" : "")
                      + ", side by side",
                  List.copyOf(side)),
              new Stage(
                  3, "Kafka Connect on ECS Fargate behind the load balancer", List.of(connect))));
    }

    private Branch branch(String name, Runnable steps) {
      current = new ArrayList<>();
      steps.run();
      return new Branch(name, List.copyOf(current));
    }

    private String create(String key, String type, String suffix, String detail, String... after) {
      String name = suffix.startsWith("/") ? suffix : AwsNames.name(pipeline, suffix);
      current.add(new Step(key, Kind.CREATE, type, name, detail, List.of(after)));
      return key;
    }

    /** The spec's zone, or which of the zones the preflight chooses. */
    private String zone(int i) {
      List<String> zones = spec.network().availabilityZones();
      return zones == null ? "zone " + (i + 1) + " of those the preflight chooses" : zones.get(i);
    }

    private void await(String step, String detail, String... after) {
      current.add(new Step(step, Kind.WAIT, step, step, detail, List.of(after)));
    }

    private void read(String step, String detail, String... after) {
      current.add(new Step(step, Kind.READ, step, step, detail, List.of(after)));
    }

    /** A route table, its default route and its associations: as {@link AwsNetwork#routeTable}. */
    private void routes(boolean isPublic, String target, String targetName, List<String> subnets) {
      String table = AwsNames.routeTable(isPublic);
      create(table, RouteTableRequest.TYPE, table, isPublic ? "public" : "private", "vpc");
      create(
          table + "-default",
          RouteRequest.TYPE,
          table + " " + RouteRequest.DEFAULT_DESTINATION,
          RouteRequest.DEFAULT_DESTINATION + " via the " + targetName,
          table,
          target);
      for (String subnet : subnets) {
        create(
            table + "/" + subnet,
            RouteTableAssociationRequest.TYPE,
            table + " " + subnet,
            "associates " + subnet,
            table,
            subnet);
      }
    }

    private void rule(String group, String role, int port, String source, String... alsoAfter) {
      List<String> after = new ArrayList<>(List.of(group));
      after.addAll(List.of(alsoAfter));
      create(
          group + ":" + role,
          SecurityGroupRuleRequest.TYPE,
          group + " " + port,
          "tcp " + port + " from " + source,
          after.toArray(String[]::new));
    }
  }
}
