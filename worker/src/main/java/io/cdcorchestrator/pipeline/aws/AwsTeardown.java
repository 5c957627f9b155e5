package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.network;

import io.cdcorchestrator.model.ResourceRecord;
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
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Inventory;
import io.cdcorchestrator.pipeline.saga.Parallel;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * AWS teardown in dependency order (DESIGN decision 7, aws-facts §4), workflow code. The order
 * comes from the resource types in the inventory, so compensation after a failure at any step, a
 * cancel, {@code destroy} and {@code cdc sweep} all tear down the same way:
 *
 * <ol>
 *   <li>side by side: ECS service (scaled to 0, deleted, gone) → cluster, task definition, log
 *       group, role policy → role; listener → load balancer (gone) → target group; MSK cluster
 *       (gone) → configuration; RDS instance (gone) → subnet group → parameter group; and the other
 *       AWS types, newest first: the bastion instance (its delete returns once it is terminated, so
 *       its security group can go later) and any type added to the story after this order;
 *   <li>then the network: NAT gateway (deleted) → its Elastic IP; routes and associations → route
 *       tables; internet gateway; the service network interfaces drained (bounded); security group
 *       rules (the cross-references) → groups; subnets; the VPC.
 * </ol>
 *
 * Within a type, newest first. A delete that still fails after its retries is reported and the walk
 * goes on; what depended on it then fails on its own and is reported too.
 */
public final class AwsTeardown {
  /**
   * One step of a branch: delete every resource of a type, and wait until each is gone if {@code
   * await}.
   */
  private record Stage(String type, ActivityOptions await) {}

  private static final ActivityOptions AWAIT_ECS_GONE = ActivityStubs.await(Duration.ofMinutes(30));
  private static final ActivityOptions AWAIT_ALB_GONE = ActivityStubs.await(Duration.ofMinutes(15));
  private static final ActivityOptions AWAIT_MSK_GONE = ActivityStubs.await(Duration.ofMinutes(90));
  private static final ActivityOptions AWAIT_RDS_GONE = ActivityStubs.await(Duration.ofMinutes(60));
  private static final ActivityOptions AWAIT_NAT_GONE = ActivityStubs.await(Duration.ofMinutes(15));

  /**
   * ALB and RDS interfaces linger minutes after their owner; past this the group deletes retry on
   * their own.
   */
  private static final ActivityOptions DRAIN = ActivityStubs.await(Duration.ofMinutes(20));

  /**
   * Groups, subnets and the VPC: DependencyViolation is retried, within Terraform's bound of 15
   * minutes and a bit.
   */
  private static final ActivityOptions NETWORK_DELETE =
      ActivityOptions.newBuilder(ActivityStubs.AWS_DELETE)
          .setScheduleToCloseTimeout(Duration.ofMinutes(20))
          .build();

  private static final Set<String> BOUNDED =
      Set.of(SecurityGroupRequest.TYPE, SubnetRequest.TYPE, VpcRequest.TYPE);

  private static final List<List<Stage>> SERVICES =
      List.of(
          List.of(
              gone(EcsServiceRequest.TYPE, AWAIT_ECS_GONE),
              del(EcsClusterRequest.TYPE),
              del(TaskDefinitionRequest.TYPE),
              del(LogGroupRequest.TYPE),
              del(SecretReadPolicyRequest.TYPE),
              del(TaskExecutionRoleRequest.TYPE)),
          List.of(
              del(ListenerRequest.TYPE),
              gone(LoadBalancerRequest.TYPE, AWAIT_ALB_GONE),
              del(TargetGroupRequest.TYPE)),
          List.of(gone(MskClusterRequest.TYPE, AWAIT_MSK_GONE), del(MskConfigurationRequest.TYPE)),
          List.of(
              gone(DbInstanceRequest.TYPE, AWAIT_RDS_GONE),
              del(DbSubnetGroupRequest.TYPE),
              del(DbParameterGroupRequest.TYPE)));
  private static final List<Stage> NETWORK_BEFORE_DRAIN =
      List.of(
          gone(NatGatewayRequest.TYPE, AWAIT_NAT_GONE),
          del(ElasticIpRequest.TYPE),
          del(RouteRequest.TYPE),
          del(RouteTableAssociationRequest.TYPE),
          del(RouteTableRequest.TYPE),
          del(InternetGatewayRequest.TYPE));
  private static final List<Stage> NETWORK_AFTER_DRAIN =
      List.of(
          del(SecurityGroupRuleRequest.TYPE),
          del(SecurityGroupRequest.TYPE),
          del(SubnetRequest.TYPE),
          del(VpcRequest.TYPE));

  private final PipelineContext ctx;
  private final List<String> left = new ArrayList<>();

  public AwsTeardown(PipelineContext ctx) {
    this.ctx = ctx;
  }

  public static boolean applies(Inventory inventory) {
    return inventory.records().stream().anyMatch(AwsCompensation::handles);
  }

  /**
   * @return what could not be deleted, empty when everything is gone
   */
  public List<String> run() {
    ResourceRecord vpc = ctx.inventory().find(VpcRequest.TYPE);

    Parallel.all(
        () -> stages(SERVICES.get(0)),
        () -> stages(SERVICES.get(1)),
        () -> stages(SERVICES.get(2)),
        () -> stages(SERVICES.get(3)),
        this::unknownTypes);

    stages(NETWORK_BEFORE_DRAIN);
    if (vpc != null && !ResourceRecord.CREATING.equals(vpc.state())) {
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

  /**
   * Types this order does not know (a later addition to the story): newest first, before the
   * network.
   */
  private boolean unknownTypes() {
    Set<String> known = new HashSet<>();
    SERVICES.forEach(b -> b.forEach(s -> known.add(s.type())));
    Stream.concat(NETWORK_BEFORE_DRAIN.stream(), NETWORK_AFTER_DRAIN.stream())
        .forEach(s -> known.add(s.type()));
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
    ActivityOptions options =
        BOUNDED.contains(r.type()) ? NETWORK_DELETE : ActivityStubs.AWS_DELETE;
    try {
      ctx.run(
          AwsCompensation.stepName(r),
          () -> {
            AwsCompensation.delete(r, options);
            return r.id();
          },
          id -> "deleted " + id);
      ctx.inventory().removed(r);
      return true;
    } catch (TemporalFailure e) {
      left.add(r.type() + " " + r.id() + ": " + PipelineContext.reason(e));
      return false;
    }
  }

  /**
   * A delete that was accepted but not yet done (a cluster deleting for half an hour) blocks its
   * dependents.
   */
  private void awaitGone(ResourceRecord r, ActivityOptions options) {
    try {
      ctx.await(AwsCompensation.waitStepName(r), () -> AwsCompensation.awaitDeleted(r, options));
    } catch (TemporalFailure e) {
      left.add(r.type() + " " + r.id() + " still deleting: " + PipelineContext.reason(e));
    }
  }

  /**
   * Bounded: past the deadline the group deletes go ahead and retry DependencyViolation themselves.
   */
  private void drain(String vpcId) {
    try {
      ctx.await(
          "awaitNetworkInterfacesDrained " + vpcId,
          () ->
              network(DRAIN, "await service network interfaces gone from " + vpcId)
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
