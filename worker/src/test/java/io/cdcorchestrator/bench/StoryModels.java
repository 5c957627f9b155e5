package io.cdcorchestrator.bench;

import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.plan.AwsPlan;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Schedules computed on a draw, with no workflow: the critical paths of our provisioning and
 * teardown (the floors their makespans are compared with), the dependency floors AWS alone would
 * allow, and the seed's way (Terraform + a sleeping bastion).
 *
 * <p>Our provisioning graph is not copied here: it is {@code cdc plan}'s {@link AwsPlan} for the
 * same spec — its stages, branches and per-step dependencies — with creates taking no time and each
 * wait its draw ({@link #WAITS}). The critical path keeps the workflow's shape (a stage starts when
 * the one before it is done; a branch's steps run one after the other); the floor keeps only the
 * plan's dependencies (e.g. MSK, RDS and the ALB need subnets and groups, not the NAT gateway).
 *
 * <p>The seed's graph (docs/ARCHITECTURE.md, "The seed"): Terraform creates everything as its
 * references allow, waiting like us for NAT, MSK, RDS and the ALB, but not for the private route
 * before MSK/RDS and not for the ECS service to be stable; the task definition waits for MSK's
 * bootstrap string; the bastion (depends on RDS, the ECS service, MSK, and the ALB's DNS name)
 * boots, installs the PostgreSQL client, sleeps 120 s, runs the SQL once and POSTs the connector
 * once. Terraform's own polling lag is left out (in the seed's favour).
 */
final class StoryModels {
  private StoryModels() {}

  /**
   * The plan's waits and what each takes in a draw; any other step (creates, reads, the host-key
   * pin) is instant.
   */
  private static final Map<String, java.util.function.Function<AwsDraw, Duration>> WAITS =
      Map.of(
          "awaitNatGateway", d -> d.readyAfter(NatGatewayRequest.TYPE),
          "awaitMskCluster", d -> d.readyAfter(MskClusterRequest.TYPE),
          "awaitDbInstance", d -> d.readyAfter(DbInstanceRequest.TYPE),
          "awaitLoadBalancer", d -> d.readyAfter(LoadBalancerRequest.TYPE),
          "awaitEcsService", d -> d.readyAfter(EcsServiceRequest.TYPE),
          "awaitTargetHealthy",
              AwsDraw::healthyAfterStable, // after stable: Connect's startup and two health checks
          "awaitBastion", d -> d.readyAfter(BastionInstanceRequest.TYPE));

  /** The workflow's provisioning critical path for {@code spec} (defaults filled in) on a draw. */
  static Duration provisioningCriticalPath(AwsPlan plan, AwsDraw d) {
    return longest(plan, d, true);
  }

  /** The same with only the plan's dependencies: what AWS requires, no stage barriers. */
  static Duration provisioningFloor(AwsPlan plan, AwsDraw d) {
    return longest(plan, d, false);
  }

  static AwsPlan plan(String pipeline, AwsSpec spec) {
    return AwsPlan.of(pipeline, spec);
  }

  /**
   * Every plan wait must have a duration here, or the critical path would silently count it as
   * instant.
   */
  static List<String> unknownWaits(AwsPlan plan) {
    return plan.steps().stream()
        .filter(s -> s.kind() == AwsPlan.Kind.WAIT && !WAITS.containsKey(s.key()))
        .map(AwsPlan.Step::key)
        .toList();
  }

  private static Duration longest(AwsPlan plan, AwsDraw d, boolean workflowShape) {
    Map<String, Long> done = new HashMap<>();
    long stageStart = 0;
    for (AwsPlan.Stage stage : plan.stages()) {
      long stageEnd = stageStart;
      for (AwsPlan.Branch branch : stage.branches()) {
        long previous = workflowShape ? stageStart : 0;
        for (AwsPlan.Step step : branch.steps()) {
          long start = previous;
          for (String after : step.after()) {
            start =
                Math.max(
                    start,
                    done.getOrDefault(after, 0L)); // a key outside the plan: the spec, ready at 0
          }
          var wait = step.kind() == AwsPlan.Kind.WAIT ? WAITS.get(step.key()) : null;
          long end = start + (wait == null ? 0 : wait.apply(d).toMillis());
          done.put(step.key(), end);
          previous = workflowShape ? end : 0;
          stageEnd = Math.max(stageEnd, end);
        }
      }
      stageStart = workflowShape ? stageEnd : 0;
    }
    return Duration.ofMillis(done.values().stream().mapToLong(Long::longValue).max().orElse(0));
  }

  /**
   * {@code AwsTeardown}'s critical path on a draw: from the destroy, side by side the ECS service
   * (scaled to 0, gone), the load balancer (gone), the MSK cluster (gone), the RDS instance (gone)
   * and the types its order does not name (the bastion: its delete returns once terminated), and
   * once the ECS service is gone the NAT gateway (gone) — everything after those in each branch is
   * instant; then the network: instant except the wait for the service ENIs, each drained its drawn
   * time after its owner is gone.
   */
  static Duration teardownCriticalPath(AwsDraw d, boolean bastion) {
    Duration branches =
        Stream.of(
                EcsServiceRequest.TYPE,
                LoadBalancerRequest.TYPE,
                MskClusterRequest.TYPE,
                DbInstanceRequest.TYPE)
            .map(d::deletionTakes)
            .reduce(Duration.ZERO, StoryModels::max);
    if (bastion) {
      branches = max(branches, d.deletionTakes(BastionInstanceRequest.TYPE));
    }
    branches =
        max(
            branches,
            d.deletionTakes(EcsServiceRequest.TYPE).plus(d.deletionTakes(NatGatewayRequest.TYPE)));
    Duration drained =
        Stream.of(
                EcsServiceRequest.TYPE,
                LoadBalancerRequest.TYPE,
                MskClusterRequest.TYPE,
                DbInstanceRequest.TYPE)
            .map(t -> d.deletionTakes(t).plus(d.eniDrain(t)))
            .reduce(Duration.ZERO, StoryModels::max);
    return max(branches, drained);
  }

  /**
   * The seed on the same draw: when its one POST goes out, and when Connect could first have taken
   * it.
   */
  record Seed(Duration post, Duration connectReady) {
    boolean postHitsUnreadyConnect() {
      return post.compareTo(connectReady) < 0;
    }
  }

  static Seed seed(AwsDraw d) {
    Duration msk = d.readyAfter(MskClusterRequest.TYPE);
    Duration serviceCreated =
        msk; // task definition needs the bootstrap string; TG, cluster, role are instant
    Duration bastion =
        max(
            serviceCreated,
            max(
                msk,
                max(d.readyAfter(DbInstanceRequest.TYPE), d.readyAfter(LoadBalancerRequest.TYPE))));
    Duration post =
        bastion
            .plus(d.bastionBoot())
            .plus(d.clientInstall())
            .plus(AwsDraw.SEED_SLEEP)
            .plus(AwsDraw.SEED_SQL);
    return new Seed(
        post,
        serviceCreated.plus(d.readyAfter(EcsServiceRequest.TYPE)).plus(d.seedHealthyAfterStable()));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
