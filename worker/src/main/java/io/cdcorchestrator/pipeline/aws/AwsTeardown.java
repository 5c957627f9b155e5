package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.ActivityStubs.network;

import io.cdcorchestrator.aws.ec2.ElasticIp;
import io.cdcorchestrator.aws.ec2.InternetGateway;
import io.cdcorchestrator.aws.ec2.NatGateway;
import io.cdcorchestrator.aws.ec2.Route;
import io.cdcorchestrator.aws.ec2.RouteTable;
import io.cdcorchestrator.aws.ec2.RouteTableAssociation;
import io.cdcorchestrator.aws.ec2.SecurityGroup;
import io.cdcorchestrator.aws.ec2.SecurityGroupRule;
import io.cdcorchestrator.aws.ec2.Subnet;
import io.cdcorchestrator.aws.ec2.Vpc;
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
import io.cdcorchestrator.pipeline.Inventory;
import io.cdcorchestrator.pipeline.Parallel;
import io.cdcorchestrator.pipeline.PipelineContext;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * AWS teardown in dependency order (DESIGN decision 7, aws-facts §4), workflow code. The order comes
 * from the resource types in the inventory, so compensation after a failure at any step, a cancel,
 * {@code destroy} and {@code cdc sweep} all tear down the same way:
 *
 * <ol>
 *   <li>side by side: ECS service (scaled to 0, deleted, gone) → cluster, task definition, log group,
 *       role policy → role; listener → load balancer (gone) → target group; MSK cluster (gone) →
 *       configuration; RDS instance (gone) → subnet group → parameter group; and the other AWS types,
 *       newest first: the bastion instance (its delete returns once it is terminated, so its security
 *       group can go later) and any type added to the story after this order;
 *   <li>then the network: NAT gateway (deleted) → its Elastic IP; routes and associations → route
 *       tables; internet gateway; the service network interfaces drained (bounded); security group
 *       rules (the cross-references) → groups; subnets; the VPC.
 * </ol>
 *
 * Within a type, newest first. A delete that still fails after its retries is reported and the walk
 * goes on; what depended on it then fails on its own and is reported too.
 */
public final class AwsTeardown {
  /** One step of a branch: delete every resource of a type, and wait until each is gone if {@code await}. */
  private record Stage(String type, ActivityOptions await) {}

  private static final ActivityOptions AWAIT_ECS_GONE = ActivityStubs.await(Duration.ofMinutes(30));
  private static final ActivityOptions AWAIT_ALB_GONE = ActivityStubs.await(Duration.ofMinutes(15));
  private static final ActivityOptions AWAIT_MSK_GONE = ActivityStubs.await(Duration.ofMinutes(90));
  private static final ActivityOptions AWAIT_RDS_GONE = ActivityStubs.await(Duration.ofMinutes(60));
  private static final ActivityOptions AWAIT_NAT_GONE = ActivityStubs.await(Duration.ofMinutes(15));
  /** ALB and RDS interfaces linger minutes after their owner; past this the group deletes retry on their own. */
  private static final ActivityOptions DRAIN = ActivityStubs.await(Duration.ofMinutes(20));
  /** Groups, subnets and the VPC: DependencyViolation is retried, within Terraform's bound of 15 minutes and a bit. */
  private static final ActivityOptions NETWORK_DELETE =
      ActivityOptions.newBuilder(ActivityStubs.AWS_DELETE).setScheduleToCloseTimeout(Duration.ofMinutes(20)).build();
  private static final Set<String> BOUNDED = Set.of(SecurityGroup.TYPE, Subnet.TYPE, Vpc.TYPE);

  private static final List<List<Stage>> SERVICES = List.of(
      List.of(gone(EcsService.TYPE, AWAIT_ECS_GONE), del(EcsCluster.TYPE), del(TaskDefinition.TYPE),
          del(LogGroup.TYPE), del(SecretReadPolicy.TYPE), del(TaskExecutionRole.TYPE)),
      List.of(del(Listener.TYPE), gone(LoadBalancer.TYPE, AWAIT_ALB_GONE), del(TargetGroup.TYPE)),
      List.of(gone(MskCluster.TYPE, AWAIT_MSK_GONE), del(MskConfiguration.TYPE)),
      List.of(gone(DbInstance.TYPE, AWAIT_RDS_GONE), del(DbSubnetGroup.TYPE), del(DbParameterGroup.TYPE)));
  private static final List<Stage> NETWORK_BEFORE_DRAIN = List.of(gone(NatGateway.TYPE, AWAIT_NAT_GONE),
      del(ElasticIp.TYPE), del(Route.TYPE), del(RouteTableAssociation.TYPE), del(RouteTable.TYPE),
      del(InternetGateway.TYPE));
  private static final List<Stage> NETWORK_AFTER_DRAIN = List.of(del(SecurityGroupRule.TYPE),
      del(SecurityGroup.TYPE), del(Subnet.TYPE), del(Vpc.TYPE));

  private final PipelineContext ctx;
  private final List<String> left = new ArrayList<>();

  public AwsTeardown(PipelineContext ctx) {
    this.ctx = ctx;
  }

  public static boolean applies(Inventory inventory) {
    return inventory.records().stream().anyMatch(AwsCompensation::handles);
  }

  /** @return what could not be deleted, empty when everything is gone */
  public List<String> run() {
    ResourceRecord vpc = ctx.inventory().find(Vpc.TYPE);

    Parallel.all(() -> stages(SERVICES.get(0)), () -> stages(SERVICES.get(1)), () -> stages(SERVICES.get(2)),
        () -> stages(SERVICES.get(3)), this::unknownTypes);

    stages(NETWORK_BEFORE_DRAIN);
    if (vpc != null && !Inventory.CREATING.equals(vpc.state())) {
      drain(vpc.id());
    }
    stages(NETWORK_AFTER_DRAIN);
    return left;
  }

  private boolean stages(List<Stage> stages) {
    for (Stage stage : stages) {
      for (ResourceRecord r : ofType(stage.type())) {
        if (delete(r) && stage.await() != null) {
          awaitGone(r, stage.await());
        }
      }
    }
    return true;
  }

  /** Types this order does not know (a later addition to the story): newest first, before the network. */
  private boolean unknownTypes() {
    Set<String> known = new HashSet<>();
    SERVICES.forEach(b -> b.forEach(s -> known.add(s.type())));
    Stream.concat(NETWORK_BEFORE_DRAIN.stream(), NETWORK_AFTER_DRAIN.stream()).forEach(s -> known.add(s.type()));
    for (ResourceRecord r : ctx.inventory().newestFirst()) {
      if (AwsCompensation.handles(r) && !known.contains(r.type())) {
        delete(r);
      }
    }
    return true;
  }

  private List<ResourceRecord> ofType(String type) {
    return ctx.inventory().newestFirst().stream().filter(r -> r.type().equals(type)).toList();
  }

  private boolean delete(ResourceRecord r) {
    ActivityOptions options = BOUNDED.contains(r.type()) ? NETWORK_DELETE : ActivityStubs.AWS_DELETE;
    try {
      ctx.run(AwsCompensation.stepName(r), () -> {
        AwsCompensation.delete(r, options);
        return r.id();
      }, id -> "deleted " + id);
      ctx.inventory().removed(r);
      return true;
    } catch (TemporalFailure e) {
      left.add(r.type() + " " + r.id() + ": " + PipelineContext.reason(e));
      return false;
    }
  }

  /** A delete that was accepted but not yet done (a cluster deleting for half an hour) blocks its dependents. */
  private void awaitGone(ResourceRecord r, ActivityOptions options) {
    try {
      ctx.await(AwsCompensation.waitStepName(r), () -> AwsCompensation.awaitDeleted(r, options));
    } catch (TemporalFailure e) {
      left.add(r.type() + " " + r.id() + " still deleting: " + PipelineContext.reason(e));
    }
  }

  /** Bounded: past the deadline the group deletes go ahead and retry DependencyViolation themselves. */
  private void drain(String vpcId) {
    try {
      ctx.await("awaitNetworkInterfacesDrained " + vpcId,
          () -> network(DRAIN, "await service network interfaces gone from " + vpcId)
              .awaitNetworkInterfacesDrained(vpcId));
    } catch (TemporalFailure e) {
      // reported in the step log; the deletes below say what it blocks
    }
  }

  private static Stage del(String type) {
    return new Stage(type, null);
  }

  private static Stage gone(String type, ActivityOptions await) {
    return new Stage(type, await);
  }
}
