package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.network;

import io.cdcorchestrator.aws.AwsResourceActivities;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsType;
import io.cdcorchestrator.model.aws.AwsType.TeardownBranch;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Inventory;
import io.cdcorchestrator.pipeline.saga.Parallel;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
 *       its security group can go later) and any type added to the story after this order; and,
 *       once the ECS service is gone, the NAT gateway (gone) → its Elastic IP (runs recorded before
 *       {@link #EGRESS_BESIDE}: first in the network);
 *   <li>then the network: routes and associations → route tables; internet gateway; the service
 *       network interfaces drained (bounded); security group rules (the cross-references) → groups;
 *       subnets; the VPC.
 * </ol>
 *
 * Each type's place is declared in its request's {@code KIND} ({@link AwsType#teardown}): its
 * branch and the type deleted just before it there; this class only derives the lists from those
 * declarations. Within a type, newest first. A delete that still fails after its retries is
 * reported and the walk goes on; what depended on it then fails on its own and is reported too.
 *
 * <p>What the pipeline adopted (the spec's {@code existing}) is never deleted: it leaves the
 * inventory in its place in this order, as it was found.
 */
public final class AwsTeardown {
  /**
   * ALB and RDS interfaces linger minutes after their owner; past this the group deletes retry on
   * their own.
   */
  /**
   * Change id: the NAT gateway and its Elastic IP ({@link TeardownBranch#EGRESS}) go beside the
   * service branches as soon as the Kafka Connect service, the one user of its egress, is gone;
   * before, the network deleted them after every service branch.
   */
  public static final String EGRESS_BESIDE = "aws-teardown-nat-beside";

  private static final ActivityOptions DRAIN = ActivityStubs.await(Duration.ofMinutes(20));

  /** Every type the AWS activities create, by id, as its request describes it. */
  private static final Map<String, AwsType> KINDS = AwsResourceActivities.kinds();

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

    boolean egressBeside = Workflow.getVersion(EGRESS_BESIDE, Workflow.DEFAULT_VERSION, 1) == 1;
    CompletablePromise<Void> serviceGone = Workflow.newPromise();
    List<Functions.Proc> branches = new ArrayList<>();
    for (TeardownBranch branch : TeardownBranch.values()) {
      if (branch == TeardownBranch.CONNECT && egressBeside) {
        branches.add(() -> connectTellingWhenServiceGone(serviceGone));
      } else if (branch.sideBySide()) {
        branches.add(() -> stages(order(branch)));
      }
    }
    branches.add(this::unplacedTypes);
    if (egressBeside) {
      branches.add(
          () -> {
            serviceGone.get();
            stages(order(TeardownBranch.EGRESS));
          });
    }
    Parallel.run(branches.toArray(Functions.Proc[]::new));

    if (!egressBeside) {
      stages(order(TeardownBranch.EGRESS));
    }
    stages(order(TeardownBranch.NETWORK));
    // an adopted VPC holds the user's own interfaces (an adopted database's among them): the
    // pipeline's groups retry their deletes until its interfaces are gone instead
    if (vpc != null && !ResourceRecord.CREATING.equals(vpc.state()) && !vpc.adopted()) {
      drain(vpc.id());
    }
    stages(order(TeardownBranch.NETWORK_AFTER_DRAIN));
    return left;
  }

  /** The Kafka Connect branch; once its first type (the ECS service) is gone, egress may go. */
  private void connectTellingWhenServiceGone(CompletablePromise<Void> serviceGone) {
    List<AwsType> order = order(TeardownBranch.CONNECT);
    try {
      stages(order.subList(0, 1));
    } finally {
      serviceGone.complete(null);
    }
    stages(order.subList(1, order.size()));
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
   * Types whose description places them nowhere (the bastion, say) or that no request describes any
   * more: newest first, before the network.
   */
  private void unplacedTypes() {
    for (ResourceRecord r : ctx.inventory().newestFirst()) {
      if (AwsCompensation.handles(r) && teardownOf(r.type()) == null) {
        delete(r, ActivityStubs.AWS_DELETE);
      }
    }
  }

  /** The types {@code branch} deletes, in its order: each after the one its description names. */
  static List<AwsType> order(TeardownBranch branch) {
    return KINDS.values().stream()
        .filter(k -> k.teardown() != null && k.teardown().branch() == branch)
        .sorted(Comparator.comparingInt(k -> k.teardown().position()))
        .toList();
  }

  private static AwsType.Teardown teardownOf(String type) {
    AwsType kind = KINDS.get(type);
    return kind == null ? null : kind.teardown();
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
