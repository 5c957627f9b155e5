package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.network;

import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsType;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * AWS teardown in dependency order (docs/ARCHITECTURE.md, "AWS teardown order"), workflow code. The
 * order comes from the resource types in the inventory, so compensation after a failure at any
 * step, a cancel, {@code destroy} and {@code cdc sweep} all tear down the same way:
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
 * What the pipeline adopted (the spec's {@code existing}) is never deleted: it leaves the inventory
 * in its place in this order, as it was found.
 *
 * <p>Within a type, newest first. A delete that still fails after its retries is reported and the
 * walk goes on; what depended on it then fails on its own and is reported too.
 */
public final class AwsTeardown {
  /**
   * ALB and RDS interfaces linger minutes after their owner; past this the group deletes retry on
   * their own.
   */
  private static final ActivityOptions DRAIN = ActivityStubs.await(Duration.ofMinutes(20));

  /**
   * The branches side by side, each in its order: a type's delete is awaited until it is gone when
   * its type declares a deletion wait ({@link AwsType#goneDeadline}).
   */
  private static final List<List<AwsType>> SERVICES =
      List.of(
          List.of(
              EcsServiceRequest.KIND,
              EcsClusterRequest.KIND,
              TaskDefinitionRequest.KIND,
              LogGroupRequest.KIND,
              SecretReadPolicyRequest.KIND,
              TaskExecutionRoleRequest.KIND),
          List.of(ListenerRequest.KIND, LoadBalancerRequest.KIND, TargetGroupRequest.KIND),
          List.of(MskClusterRequest.KIND, MskConfigurationRequest.KIND),
          List.of(DbInstanceRequest.KIND, DbSubnetGroupRequest.KIND, DbParameterGroupRequest.KIND));

  private static final List<AwsType> NETWORK_BEFORE_DRAIN =
      List.of(
          NatGatewayRequest.KIND,
          ElasticIpRequest.KIND,
          RouteRequest.KIND,
          RouteTableAssociationRequest.KIND,
          RouteTableRequest.KIND,
          InternetGatewayRequest.KIND);
  private static final List<AwsType> NETWORK_AFTER_DRAIN =
      List.of(
          SecurityGroupRuleRequest.KIND,
          SecurityGroupRequest.KIND,
          SubnetRequest.KIND,
          VpcRequest.KIND);

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

    Parallel.run(
        () -> stages(SERVICES.get(0)),
        () -> stages(SERVICES.get(1)),
        () -> stages(SERVICES.get(2)),
        () -> stages(SERVICES.get(3)),
        this::unknownTypes);

    stages(NETWORK_BEFORE_DRAIN);
    // an adopted VPC holds the user's own interfaces (an adopted database's among them): the
    // pipeline's groups retry their deletes until its interfaces are gone instead
    if (vpc != null && !ResourceRecord.CREATING.equals(vpc.state()) && !vpc.adopted()) {
      drain(vpc.id());
    }
    stages(NETWORK_AFTER_DRAIN);
    return left;
  }

  private void stages(List<AwsType> stages) {
    for (AwsType kind : stages) {
      for (ResourceRecord r : ofType(kind.id())) {
        if (r.adopted()) { // the user's own (network/database/kafka.existing): let go, kept
          ctx.inventory().removed(r);
          continue;
        }
        if (delete(r, ActivityStubs.delete(kind)) && kind.goneDeadline() != null) {
          awaitGone(r, ActivityStubs.awaitGone(kind));
        }
      }
    }
  }

  /**
   * Types this order does not know (a later addition to the story): newest first, before the
   * network.
   */
  private void unknownTypes() {
    Set<AwsType> known = ordered();
    for (ResourceRecord r : ctx.inventory().newestFirst()) {
      if (AwsCompensation.handles(r)
          && known.stream().noneMatch(kind -> kind.id().equals(r.type()))) {
        delete(r, ActivityStubs.AWS_DELETE);
      }
    }
  }

  /** The types this order places; any other is deleted in its own branch, newest first. */
  static Set<AwsType> ordered() {
    Set<AwsType> known = new LinkedHashSet<>();
    SERVICES.forEach(known::addAll);
    known.addAll(NETWORK_BEFORE_DRAIN);
    known.addAll(NETWORK_AFTER_DRAIN);
    return known;
  }

  private List<ResourceRecord> ofType(String type) {
    return ctx.inventory().newestFirst().stream().filter(r -> r.type().equals(type)).toList();
  }

  private boolean delete(ResourceRecord r, ActivityOptions options) {
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
}
