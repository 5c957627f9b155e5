package io.cdcorchestrator.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.AwsStack;
import io.cdcorchestrator.aws.ec2.ElasticIp;
import io.cdcorchestrator.aws.ec2.NatGateway;
import io.cdcorchestrator.aws.ec2.SecurityGroup;
import io.cdcorchestrator.aws.ec2.Subnet;
import io.cdcorchestrator.aws.ec2.Vpc;
import io.cdcorchestrator.aws.ecs.EcsCluster;
import io.cdcorchestrator.aws.ecs.EcsService;
import io.cdcorchestrator.aws.elb.TargetGroup;
import io.cdcorchestrator.aws.rds.DbInstance;
import io.cdcorchestrator.aws.rds.DbSubnetGroup;
import io.cdcorchestrator.pipeline.ResourceRecord;
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
