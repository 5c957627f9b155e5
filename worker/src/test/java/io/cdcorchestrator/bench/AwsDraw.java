package io.cdcorchestrator.bench;

import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One draw of AWS durations (seeded, uniform within each range). Ranges from docs/ARCHITECTURE.md
 * ("AWS durations") where it gives them; the rest are assumptions, named as such:
 *
 * <ul>
 *   <li>ready after create: MSK 15–60 min, RDS 5–15, NAT 1–3, ALB 2–4, ECS service stable (running
 *       = desired) 3–8;
 *   <li>Connect behind the ALB: startup after the task runs 30–90 s (assumption: JVM + plugin scan
 *       on a 0.5 vCPU task), then the target's two health checks 15 s apart (TargetGroup: interval
 *       15 s, healthy threshold 2), the first at a uniformly random phase within its interval;
 *   <li>deletion until gone: MSK 10–30 min; RDS 5–15, NAT 1–3, ALB 2–4 (no published figure:
 *       assumed as long as their create); ECS service draining to INACTIVE 1–2 min (assumption:
 *       TargetGroup's 30 s deregistration delay + ECS's 30 s stop timeout + release);
 *   <li>ENI drain after an ENI owner (ALB, ECS tasks, RDS, MSK) is gone: 0.5–3 min (Terraform: "up
 *       to 3 minutes"); until then its subnets and security groups refuse deletion;
 *   <li>our bastion ({@code dataPlaneAccess: bastion}): running and both status checks ok 1–3 min
 *       after create (assumption, as {@code AwsPlan} states it: an AL2023 t3.micro boots in well
 *       under a minute, the status checks take one or two more); terminated 0.5–2 min after the
 *       terminate call (assumption: shutting-down → terminated); its network interface goes with it
 *       (no drain);
 *   <li>seed model only: bastion boot to user data 30–90 s, client install (two apt updates + PGDG
 *       client) 60–180 s, SQL run 2 s (assumptions), then the seed's fixed 120 s sleep; its target
 *       group's default health check (30 s interval, 3 successes).
 * </ul>
 */
record AwsDraw(
    long seed,
    Map<String, Duration> ready,
    Map<String, Duration> deletion,
    Map<String, Duration> eniDrain,
    Duration connectStartup,
    Duration healthCheckPhase,
    Duration bastionBoot,
    Duration clientInstall,
    Duration seedHealthCheckPhase) {

  static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(15);
  static final int HEALTHY_THRESHOLD = 2;

  /**
   * The seed's target group keeps Terraform's defaults (docs/ARCHITECTURE.md, "The seed"): 30 s
   * interval, 3 successes.
   */
  static final Duration SEED_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(30);

  static final int SEED_HEALTHY_THRESHOLD = 3;
  static final Duration SEED_SLEEP = Duration.ofSeconds(120);
  static final Duration SEED_SQL = Duration.ofSeconds(2);

  static AwsDraw of(long seed) {
    // not java.util.Random: its first draws for neighbouring seeds (1, 2, 3 …) are nearly equal
    SplittableRandom rnd = new SplittableRandom(seed);
    // one fixed order of draws, so a seed always gives the same durations
    Duration nat = minutes(rnd, 1, 3);
    Duration msk = minutes(rnd, 15, 60);
    Duration rds = minutes(rnd, 5, 15);
    Duration alb = minutes(rnd, 2, 4);
    Duration ecs = minutes(rnd, 3, 8);
    Duration startup = seconds(rnd, 30, 90);
    Duration phase = seconds(rnd, 0, 15);
    Duration natDel = minutes(rnd, 1, 3);
    Duration mskDel = minutes(rnd, 10, 30);
    Duration rdsDel = minutes(rnd, 5, 15);
    Duration albDel = minutes(rnd, 2, 4);
    Duration ecsDel = minutes(rnd, 1, 2);
    Duration eniAlb = minutes(rnd, 0.5, 3);
    Duration eniEcs = minutes(rnd, 0.5, 3);
    Duration eniRds = minutes(rnd, 0.5, 3);
    Duration eniMsk = minutes(rnd, 0.5, 3);
    Duration boot = seconds(rnd, 30, 90);
    Duration install = seconds(rnd, 60, 180);
    Duration seedPhase = seconds(rnd, 0, 30);
    // drawn last, so every seed keeps the durations it had before the bastion existed
    Duration bastion = minutes(rnd, 1, 3);
    Duration bastionDel = minutes(rnd, 0.5, 2);
    return new AwsDraw(
        seed,
        Map.of(
            NatGatewayRequest.TYPE,
            nat,
            MskClusterRequest.TYPE,
            msk,
            DbInstanceRequest.TYPE,
            rds,
            LoadBalancerRequest.TYPE,
            alb,
            EcsServiceRequest.TYPE,
            ecs,
            BastionInstanceRequest.TYPE,
            bastion),
        Map.of(
            NatGatewayRequest.TYPE,
            natDel,
            MskClusterRequest.TYPE,
            mskDel,
            DbInstanceRequest.TYPE,
            rdsDel,
            LoadBalancerRequest.TYPE,
            albDel,
            EcsServiceRequest.TYPE,
            ecsDel,
            BastionInstanceRequest.TYPE,
            bastionDel),
        Map.of(
            LoadBalancerRequest.TYPE,
            eniAlb,
            EcsServiceRequest.TYPE,
            eniEcs,
            DbInstanceRequest.TYPE,
            eniRds,
            MskClusterRequest.TYPE,
            eniMsk),
        startup,
        phase,
        boot,
        install,
        seedPhase);
  }

  /** Create → ready (zero for resources that are ready when created). */
  Duration readyAfter(String type) {
    return ready.getOrDefault(type, Duration.ZERO);
  }

  /** Delete call → gone (zero for resources AWS deletes at once). */
  Duration deletionTakes(String type) {
    return deletion.getOrDefault(type, Duration.ZERO);
  }

  boolean ownsEnis(String type) {
    return eniDrain.containsKey(type);
  }

  Duration eniDrain(String type) {
    return eniDrain.getOrDefault(type, Duration.ZERO);
  }

  /**
   * ECS service stable (its task runs) → target healthy behind the ALB, i.e. Connect's REST answers
   * there.
   */
  Duration healthyAfterStable() {
    return connectStartup
        .plus(healthCheckPhase)
        .plus(HEALTH_CHECK_INTERVAL.multipliedBy(HEALTHY_THRESHOLD - 1));
  }

  /** The same for the seed's target group (Terraform's default health check). */
  Duration seedHealthyAfterStable() {
    return connectStartup
        .plus(seedHealthCheckPhase)
        .plus(SEED_HEALTH_CHECK_INTERVAL.multipliedBy(SEED_HEALTHY_THRESHOLD - 1));
  }

  private static Duration minutes(SplittableRandom rnd, double lo, double hi) {
    return seconds(rnd, lo * 60, hi * 60);
  }

  private static Duration seconds(SplittableRandom rnd, double lo, double hi) {
    return Duration.ofMillis(Math.round((lo + rnd.nextDouble() * (hi - lo)) * 1000));
  }
}
