package io.cdcorchestrator.bench;

import io.cdcorchestrator.aws.ec2.NatGateway;
import io.cdcorchestrator.aws.ecs.EcsService;
import io.cdcorchestrator.aws.elb.LoadBalancer;
import io.cdcorchestrator.aws.kafka.MskCluster;
import io.cdcorchestrator.aws.rds.DbInstance;
import java.time.Duration;

/**
 * Two schedules computed on a draw, with no workflow: the critical path of our provisioning (the
 * floor its makespan is compared with) and the seed's way (Terraform + a sleeping bastion).
 *
 * <p>Our graph, as {@code AwsProvisioning}/{@code AwsNetwork} have it (creates take no time, waits
 * take their draw): network, in which only the NAT wait takes time → side by side MSK (configuration,
 * cluster, wait ACTIVE, brokers), RDS (parameter group, subnet group, instance, wait available) and
 * Connect's prerequisites (log group, role, ECS cluster, ALB, target group, listener, wait ALB
 * active) → task definition (needs the brokers) → service → wait stable → wait target healthy → the
 * data-plane tail (instant in the doubles).
 *
 * <p>The seed's graph ({@code seed-system.md} §1.7): Terraform creates everything as its references
 * allow, waiting like us for NAT, MSK, RDS and the ALB, but not for the private route before MSK/RDS
 * and not for the ECS service to be stable; the task definition waits for MSK's bootstrap string; the
 * bastion (depends on RDS, the ECS service, MSK, and the ALB's DNS name) boots, installs the
 * PostgreSQL client, sleeps 120 s, runs the SQL once and POSTs the connector once. Terraform's own
 * polling lag is left out (in the seed's favour).
 */
final class StoryModels {
  private StoryModels() {}

  static Duration provisioningCriticalPath(AwsDraw d) {
    Duration stage = max(d.readyAfter(MskCluster.TYPE), max(d.readyAfter(DbInstance.TYPE), d.readyAfter(LoadBalancer.TYPE)));
    return d.readyAfter(NatGateway.TYPE).plus(stage).plus(connectReadyAfterService(d));
  }

  /** Service created → Connect answers through the ALB: stable (task running), startup, health checks. */
  static Duration connectReadyAfterService(AwsDraw d) {
    return d.readyAfter(EcsService.TYPE).plus(d.healthyAfterStable());
  }

  /** The seed on the same draw: when its one POST goes out, and when Connect could first have taken it. */
  record Seed(Duration post, Duration connectReady) {
    boolean postHitsUnreadyConnect() {
      return post.compareTo(connectReady) < 0;
    }
  }

  static Seed seed(AwsDraw d) {
    Duration msk = d.readyAfter(MskCluster.TYPE);
    Duration serviceCreated = msk; // task definition needs the bootstrap string; TG, cluster, role are instant
    Duration bastion = max(serviceCreated, max(msk, max(d.readyAfter(DbInstance.TYPE), d.readyAfter(LoadBalancer.TYPE))));
    Duration post = bastion.plus(d.bastionBoot()).plus(d.clientInstall()).plus(AwsDraw.SEED_SLEEP).plus(AwsDraw.SEED_SQL);
    return new Seed(post, serviceCreated.plus(d.readyAfter(EcsService.TYPE)).plus(d.seedHealthyAfterStable()));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
