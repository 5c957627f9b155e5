package io.cdcorchestrator.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.aws.ec2.ElasticIpRequest;
import io.cdcorchestrator.model.aws.ec2.InternetGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.RouteRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import io.cdcorchestrator.plan.AwsPlan;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The AWS double the figures rest on: deletes refused while a dependent exists, ENIs drain,
 * critical path.
 */
class AwsWorldDoubleTest {
  private static final AwsStack STACK = AwsStack.of("t");

  private final AtomicLong now = new AtomicLong();
  private final AwsDraw draw = AwsDraw.of(7);
  private final AwsWorldDouble world = new AwsWorldDouble(draw, now::get);

  private final ResourceRecord vpc =
      world.create("createVpc", new VpcRequest(STACK, "10.0.0.0/16"));
  private final ResourceRecord subnet =
      world.create(
          "createSubnet",
          new SubnetRequest(STACK, vpc.id(), "private-1", "10.0.1.0/24", "us-east-1a"));

  @Test
  void aSubnetWithANatGateway_isRefusedUntilTheGatewayIsGone_andTheEipLikewise() {
    ResourceRecord eip = world.create("createElasticIp", new ElasticIpRequest(STACK));
    ResourceRecord nat =
        world.create("createNatGateway", new NatGatewayRequest(STACK, subnet.id(), eip.id()));
    long natDeletion = draw.deletionTakes(NatGatewayRequest.TYPE).toMillis();

    ApplicationFailure refused = assertThrows(ApplicationFailure.class, () -> world.delete(subnet));
    assertEquals("DependencyViolation", refused.getType());
    assertFalse(refused.isNonRetryable(), "the product retries it");
    world.delete(nat);
    now.set(natDeletion - 1);
    assertThrows(ApplicationFailure.class, () -> world.delete(eip));
    now.set(natDeletion);
    assertDoesNotThrow(() -> world.delete(eip));
    assertDoesNotThrow(() -> world.delete(subnet));
    world.delete(vpc);
    assertEquals(List.of(), world.leftAt(natDeletion));
    assertEquals(Duration.ofMillis(natDeletion), world.teardownFloor());
  }

  @Test
  void rdsHoldsItsSubnetsThroughItsSubnetGroup_andItsGroup_untilItsEnisDrain() {
    ResourceRecord group =
        world.create(
            "createSecurityGroup", new SecurityGroupRequest(STACK, vpc.id(), "internal", "x"));
    ResourceRecord subnets =
        world.create("createSubnetGroup", new DbSubnetGroupRequest(STACK, List.of(subnet.id())));
    ResourceRecord db =
        world.create(
            "createInstance",
            new DbInstanceRequest(
                STACK, "17", "db.t4g.micro", 20, "params", subnets.id(), group.id()));
    long gone = draw.deletionTakes(DbInstanceRequest.TYPE).toMillis();
    long drained = gone + draw.eniDrain(DbInstanceRequest.TYPE).toMillis();

    world.delete(db);
    now.set(gone - 1);
    assertThrows(ApplicationFailure.class, () -> world.delete(subnets));
    now.set(gone);
    world.delete(subnets);
    assertThrows(
        ApplicationFailure.class, () -> world.delete(subnet), "RDS's ENIs are still in it");
    assertThrows(ApplicationFailure.class, () -> world.delete(group));
    now.set(drained);
    world.delete(subnet);
    world.delete(group);
    world.delete(vpc);
    assertEquals(Duration.ofMillis(drained), world.teardownFloor());
  }

  @Test
  void anEcsServiceHoldsItsCluster_butNotItsTargetGroup() {
    ResourceRecord cluster = world.create("createCluster", new EcsClusterRequest(STACK));
    ResourceRecord group =
        world.create("createTargetGroup", new TargetGroupRequest(STACK, vpc.id(), 8083));
    ResourceRecord service =
        world.create(
            "createService",
            new EcsServiceRequest(
                STACK, cluster.id(), "td-1", 1, List.of(subnet.id()), "sg-1", group.id()));

    world.delete(service);
    assertDoesNotThrow(() -> world.delete(group), "ECS only stops using it");
    assertThrows(
        ApplicationFailure.class, () -> world.delete(cluster), "the service is still draining");
    now.set(draw.deletionTakes(EcsServiceRequest.TYPE).toMillis());
    assertDoesNotThrow(() -> world.delete(cluster));
  }

  @Test
  void aBastionsDeleteIsDoneOnlyOnceTerminated_andHoldsItsGroupAndTheInternetGatewayTillThen() {
    ResourceRecord igw =
        world.create("createInternetGateway", new InternetGatewayRequest(STACK, vpc.id()));
    ResourceRecord group =
        world.create(
            "createSecurityGroup", new SecurityGroupRequest(STACK, vpc.id(), "bastion", "x"));
    ResourceRecord bastion =
        world.create("createBastion", new BastionInstanceRequest(STACK, subnet.id(), group.id()));
    long terminated = draw.deletionTakes(BastionInstanceRequest.TYPE).toMillis();

    ApplicationFailure shuttingDown =
        assertThrows(ApplicationFailure.class, () -> world.delete(bastion));
    assertEquals(
        NotReady.TYPE, shuttingDown.getType(), "the product's delete retries until terminated");
    assertEquals(Duration.ofSeconds(10), shuttingDown.getNextRetryDelay());
    now.set(terminated - 1);
    assertThrows(ApplicationFailure.class, () -> world.delete(bastion));
    assertEquals(
        "DependencyViolation",
        assertThrows(ApplicationFailure.class, () -> world.delete(group)).getType());
    assertThrows(
        ApplicationFailure.class,
        () -> world.delete(igw),
        "its public IP holds the internet gateway");
    now.set(terminated);
    assertDoesNotThrow(() -> world.delete(bastion));
    assertDoesNotThrow(() -> world.delete(group));
    assertDoesNotThrow(() -> world.delete(igw));
  }

  @Test
  void onlyAnInternetFacingLoadBalancerHoldsTheInternetGateway() {
    ResourceRecord igw =
        world.create("createInternetGateway", new InternetGatewayRequest(STACK, vpc.id()));
    world.create(
        "createLoadBalancer", new LoadBalancerRequest(STACK, List.of(subnet.id()), "sg-1", true));
    assertDoesNotThrow(() -> world.delete(igw), "the story's ALB is internal: no public IP");

    AwsWorldDouble other = new AwsWorldDouble(draw, now::get);
    ResourceRecord otherVpc = other.create("createVpc", new VpcRequest(STACK, "10.0.0.0/16"));
    ResourceRecord otherIgw =
        other.create("createInternetGateway", new InternetGatewayRequest(STACK, otherVpc.id()));
    other.create("createLoadBalancer", new LoadBalancerRequest(STACK, List.of(), "sg-1", false));
    assertThrows(ApplicationFailure.class, () -> other.delete(otherIgw));
  }

  @Test
  void aRouteToTheNatGatewayDoesNotBlockItsDelete_asAwsTeardownDeletesTheGatewayFirst() {
    ResourceRecord eip = world.create("createElasticIp", new ElasticIpRequest(STACK));
    ResourceRecord nat =
        world.create("createNatGateway", new NatGatewayRequest(STACK, subnet.id(), eip.id()));
    ResourceRecord table =
        world.create("createRouteTable", new RouteTableRequest(STACK, vpc.id(), false));
    ResourceRecord route =
        world.create("createRoute", new RouteRequest(STACK, table.id(), "0.0.0.0/0", nat.id()));
    assertDoesNotThrow(() -> world.delete(nat), "the route turns blackhole");
    assertThrows(
        ApplicationFailure.class,
        () -> world.delete(table),
        "the route itself still blocks its table");
    world.delete(route);
    assertDoesNotThrow(() -> world.delete(table));
  }

  /**
   * The critical path is `cdc plan`'s graph with the workflow's stage barriers; the floor drops the
   * barriers.
   */
  @Test
  void theProvisioningCriticalPathIsThePlansGraph_withTheNatGatewayBesideTheServices() {
    AwsSpec spec =
        PipelineSpec.aws("t", new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null))
            .aws();
    AwsPlan plan = StoryModels.plan("t", spec);
    assertEquals(
        List.of(), StoryModels.unknownWaits(plan), "every wait of the plan has a drawn duration");

    Duration stage2 =
        max(
            max(
                draw.readyAfter(NatGatewayRequest.TYPE),
                max(
                    draw.readyAfter(MskClusterRequest.TYPE),
                    draw.readyAfter(DbInstanceRequest.TYPE))),
            max(
                draw.readyAfter(LoadBalancerRequest.TYPE),
                draw.readyAfter(BastionInstanceRequest.TYPE)));
    Duration connect = draw.readyAfter(EcsServiceRequest.TYPE).plus(draw.healthyAfterStable());
    assertEquals(stage2.plus(connect), StoryModels.provisioningCriticalPath(plan, draw));
    // without the barriers: the service needs MSK's brokers and the RDS secret; the target, the ALB
    // too
    Duration serviceStable =
        max(draw.readyAfter(MskClusterRequest.TYPE), draw.readyAfter(DbInstanceRequest.TYPE))
            .plus(draw.readyAfter(EcsServiceRequest.TYPE));
    assertEquals(
        max(serviceStable, draw.readyAfter(LoadBalancerRequest.TYPE))
            .plus(draw.healthyAfterStable()),
        StoryModels.provisioningFloor(plan, draw));
  }

  @Test
  void
      theTeardownCriticalPathIsAwsTeardownsBranchesSideBySide_withTheNatGatewayAfterTheService_orTheSlowestEniDrain() {
    Duration branches =
        max(
            max(
                draw.deletionTakes(EcsServiceRequest.TYPE),
                draw.deletionTakes(LoadBalancerRequest.TYPE)),
            max(
                draw.deletionTakes(MskClusterRequest.TYPE),
                draw.deletionTakes(DbInstanceRequest.TYPE)));
    Duration drain =
        draw.deletionTakes(MskClusterRequest.TYPE).plus(draw.eniDrain(MskClusterRequest.TYPE));
    for (String owner :
        List.of(EcsServiceRequest.TYPE, LoadBalancerRequest.TYPE, DbInstanceRequest.TYPE)) {
      drain = max(drain, draw.deletionTakes(owner).plus(draw.eniDrain(owner)));
    }
    Duration egress =
        draw.deletionTakes(EcsServiceRequest.TYPE).plus(draw.deletionTakes(NatGatewayRequest.TYPE));
    Duration expected =
        max(max(max(branches, draw.deletionTakes(BastionInstanceRequest.TYPE)), egress), drain);
    assertEquals(expected, StoryModels.teardownCriticalPath(draw, true));
    assertTrue(StoryModels.teardownCriticalPath(draw, false).compareTo(expected) <= 0);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Neighbouring seeds (the harness uses 1, 2, 3 …) must still spread over the whole range. */
  @Test
  void aDrawIsTheSameForTheSameSeed_andNeighbouringSeedsSpreadOverTheRange() {
    assertEquals(AwsDraw.of(42), AwsDraw.of(42));
    long min = Long.MAX_VALUE;
    long max = 0;
    for (long seed = 1; seed <= 100; seed++) {
      AwsDraw d = AwsDraw.of(seed);
      long nat = d.readyAfter(NatGatewayRequest.TYPE).toSeconds();
      assertTrue(nat >= 60 && nat <= 180, nat + " s");
      min = Math.min(min, nat);
      max = Math.max(max, nat);
      assertEquals(Duration.ZERO, d.readyAfter(VpcRequest.TYPE));
    }
    assertTrue(
        min < 75 && max > 165, "NAT durations over 100 seeds span " + min + "–" + max + " s");
  }
}
