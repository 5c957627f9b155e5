package io.cdcorchestrator.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.AwsSpec;
import io.cdcorchestrator.aws.AwsStack;
import io.cdcorchestrator.aws.ec2.BastionInstance;
import io.cdcorchestrator.aws.ec2.ElasticIp;
import io.cdcorchestrator.aws.ec2.InternetGateway;
import io.cdcorchestrator.aws.ec2.NatGateway;
import io.cdcorchestrator.aws.ec2.Route;
import io.cdcorchestrator.aws.ec2.RouteTable;
import io.cdcorchestrator.aws.ec2.SecurityGroup;
import io.cdcorchestrator.aws.ec2.Subnet;
import io.cdcorchestrator.aws.ec2.Vpc;
import io.cdcorchestrator.aws.ecs.EcsCluster;
import io.cdcorchestrator.aws.ecs.EcsService;
import io.cdcorchestrator.aws.elb.LoadBalancer;
import io.cdcorchestrator.aws.elb.TargetGroup;
import io.cdcorchestrator.aws.kafka.MskCluster;
import io.cdcorchestrator.aws.rds.DbInstance;
import io.cdcorchestrator.aws.rds.DbSubnetGroup;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.pipeline.PipelineSpec;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.cdcorchestrator.pipeline.aws.AwsPlan;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The AWS double the figures rest on: deletes refused while a dependent exists, ENIs drain, critical path. */
class AwsWorldDoubleTest {
  private static final AwsStack STACK = AwsStack.of("t");

  private final AtomicLong now = new AtomicLong();
  private final AwsDraw draw = AwsDraw.of(7);
  private final AwsWorldDouble world = new AwsWorldDouble(draw, now::get);

  private final ResourceRecord vpc = world.create("createVpc", new Vpc.Request(STACK, "10.0.0.0/16"));
  private final ResourceRecord subnet =
      world.create("createSubnet", new Subnet.Request(STACK, vpc.id(), "private-1", "10.0.1.0/24", "us-east-1a"));

  @Test
  void aSubnetWithANatGateway_isRefusedUntilTheGatewayIsGone_andTheEipLikewise() {
    ResourceRecord eip = world.create("createElasticIp", new ElasticIp.Request(STACK));
    ResourceRecord nat = world.create("createNatGateway", new NatGateway.Request(STACK, subnet.id(), eip.id()));
    long natDeletion = draw.deletionTakes(NatGateway.TYPE).toMillis();

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
    ResourceRecord group = world.create("createSecurityGroup", new SecurityGroup.Request(STACK, vpc.id(), "internal", "x"));
    ResourceRecord subnets = world.create("createSubnetGroup", new DbSubnetGroup.Request(STACK, List.of(subnet.id())));
    ResourceRecord db = world.create("createInstance",
        new DbInstance.Request(STACK, "17", "db.t4g.micro", 20, "params", subnets.id(), group.id()));
    long gone = draw.deletionTakes(DbInstance.TYPE).toMillis();
    long drained = gone + draw.eniDrain(DbInstance.TYPE).toMillis();

    world.delete(db);
    now.set(gone - 1);
    assertThrows(ApplicationFailure.class, () -> world.delete(subnets));
    now.set(gone);
    world.delete(subnets);
    assertThrows(ApplicationFailure.class, () -> world.delete(subnet), "RDS's ENIs are still in it");
    assertThrows(ApplicationFailure.class, () -> world.delete(group));
    now.set(drained);
    world.delete(subnet);
    world.delete(group);
    world.delete(vpc);
    assertEquals(Duration.ofMillis(drained), world.teardownFloor());
  }

  @Test
  void anEcsServiceHoldsItsCluster_butNotItsTargetGroup() {
    ResourceRecord cluster = world.create("createCluster", new EcsCluster.Request(STACK));
    ResourceRecord group = world.create("createTargetGroup", new TargetGroup.Request(STACK, vpc.id(), 8083));
    ResourceRecord service = world.create("createService", new EcsService.Request(STACK, cluster.id(), "td-1", 1,
        List.of(subnet.id()), "sg-1", group.id()));

    world.delete(service);
    assertDoesNotThrow(() -> world.delete(group), "ECS only stops using it");
    assertThrows(ApplicationFailure.class, () -> world.delete(cluster), "the service is still draining");
    now.set(draw.deletionTakes(EcsService.TYPE).toMillis());
    assertDoesNotThrow(() -> world.delete(cluster));
  }

  @Test
  void aBastionsDeleteIsDoneOnlyOnceTerminated_andHoldsItsGroupAndTheInternetGatewayTillThen() {
    ResourceRecord igw = world.create("createInternetGateway", new InternetGateway.Request(STACK, vpc.id()));
    ResourceRecord group = world.create("createSecurityGroup", new SecurityGroup.Request(STACK, vpc.id(), "bastion", "x"));
    ResourceRecord bastion = world.create("createBastion", new BastionInstance.Request(STACK, subnet.id(), group.id()));
    long terminated = draw.deletionTakes(BastionInstance.TYPE).toMillis();

    ApplicationFailure shuttingDown = assertThrows(ApplicationFailure.class, () -> world.delete(bastion));
    assertEquals(NotReady.TYPE, shuttingDown.getType(), "the product's delete retries until terminated");
    assertEquals(Duration.ofSeconds(10), shuttingDown.getNextRetryDelay());
    now.set(terminated - 1);
    assertThrows(ApplicationFailure.class, () -> world.delete(bastion));
    assertEquals("DependencyViolation", assertThrows(ApplicationFailure.class, () -> world.delete(group)).getType());
    assertThrows(ApplicationFailure.class, () -> world.delete(igw), "its public IP holds the internet gateway");
    now.set(terminated);
    assertDoesNotThrow(() -> world.delete(bastion));
    assertDoesNotThrow(() -> world.delete(group));
    assertDoesNotThrow(() -> world.delete(igw));
  }

  @Test
  void onlyAnInternetFacingLoadBalancerHoldsTheInternetGateway() {
    ResourceRecord igw = world.create("createInternetGateway", new InternetGateway.Request(STACK, vpc.id()));
    world.create("createLoadBalancer", new LoadBalancer.Request(STACK, List.of(subnet.id()), "sg-1", true));
    assertDoesNotThrow(() -> world.delete(igw), "the story's ALB is internal: no public IP");

    AwsWorldDouble other = new AwsWorldDouble(draw, now::get);
    ResourceRecord otherVpc = other.create("createVpc", new Vpc.Request(STACK, "10.0.0.0/16"));
    ResourceRecord otherIgw = other.create("createInternetGateway", new InternetGateway.Request(STACK, otherVpc.id()));
    other.create("createLoadBalancer", new LoadBalancer.Request(STACK, List.of(), "sg-1", false));
    assertThrows(ApplicationFailure.class, () -> other.delete(otherIgw));
  }

  @Test
  void aRouteToTheNatGatewayDoesNotBlockItsDelete_asAwsTeardownDeletesTheGatewayFirst() {
    ResourceRecord eip = world.create("createElasticIp", new ElasticIp.Request(STACK));
    ResourceRecord nat = world.create("createNatGateway", new NatGateway.Request(STACK, subnet.id(), eip.id()));
    ResourceRecord table = world.create("createRouteTable", new RouteTable.Request(STACK, vpc.id(), false));
    ResourceRecord route = world.create("createRoute", new Route.Request(STACK, table.id(), "0.0.0.0/0", nat.id()));
    assertDoesNotThrow(() -> world.delete(nat), "the route turns blackhole");
    assertThrows(ApplicationFailure.class, () -> world.delete(table), "the route itself still blocks its table");
    world.delete(route);
    assertDoesNotThrow(() -> world.delete(table));
  }

  /** The critical path is `cdc plan`'s graph with the workflow's stage barriers; the floor drops the barriers. */
  @Test
  void theProvisioningCriticalPathIsThePlansGraph_withTheNetworkStageInFront() {
    AwsSpec spec = PipelineSpec.aws("t", new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null)).aws();
    AwsPlan plan = StoryModels.plan("t", spec);
    assertEquals(List.of(), StoryModels.unknownWaits(plan), "every wait of the plan has a drawn duration");

    Duration stage2 = max(max(draw.readyAfter(MskCluster.TYPE), draw.readyAfter(DbInstance.TYPE)),
        max(draw.readyAfter(LoadBalancer.TYPE), draw.readyAfter(BastionInstance.TYPE)));
    Duration connect = draw.readyAfter(EcsService.TYPE).plus(draw.healthyAfterStable());
    assertEquals(draw.readyAfter(NatGateway.TYPE).plus(stage2).plus(connect),
        StoryModels.provisioningCriticalPath(plan, draw));
    // without the barriers: the service needs MSK's brokers and the RDS secret; the target, the ALB too
    Duration serviceStable = max(draw.readyAfter(MskCluster.TYPE), draw.readyAfter(DbInstance.TYPE))
        .plus(draw.readyAfter(EcsService.TYPE));
    assertEquals(max(serviceStable, draw.readyAfter(LoadBalancer.TYPE)).plus(draw.healthyAfterStable()),
        StoryModels.provisioningFloor(plan, draw));
  }

  @Test
  void theTeardownCriticalPathIsAwsTeardownsBranchesSideBySide_thenTheNatGateway_orTheSlowestEniDrain() {
    Duration branches = max(max(draw.deletionTakes(EcsService.TYPE), draw.deletionTakes(LoadBalancer.TYPE)),
        max(draw.deletionTakes(MskCluster.TYPE), draw.deletionTakes(DbInstance.TYPE)));
    Duration drain = draw.deletionTakes(MskCluster.TYPE).plus(draw.eniDrain(MskCluster.TYPE));
    for (String owner : List.of(EcsService.TYPE, LoadBalancer.TYPE, DbInstance.TYPE)) {
      drain = max(drain, draw.deletionTakes(owner).plus(draw.eniDrain(owner)));
    }
    Duration expected = max(max(branches, draw.deletionTakes(BastionInstance.TYPE)).plus(draw.deletionTakes(NatGateway.TYPE)),
        drain);
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
      long nat = d.readyAfter(NatGateway.TYPE).toSeconds();
      assertTrue(nat >= 60 && nat <= 180, nat + " s");
      min = Math.min(min, nat);
      max = Math.max(max, nat);
      assertEquals(Duration.ZERO, d.readyAfter(Vpc.TYPE));
    }
    assertTrue(min < 75 && max > 165, "NAT durations over 100 seeds span " + min + "–" + max + " s");
  }
}
