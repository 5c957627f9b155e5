package io.cdcorchestrator.aws.elb;

import static io.cdcorchestrator.aws.ResourceContract.createTwiceMakesOne;
import static io.cdcorchestrator.aws.ResourceContract.deleteTwiceIsFine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.NetworkFixture;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

@ExtendWith(Moto.class)
class LoadBalancerResourcesTest {
  private final AwsClients clients;
  private final ElasticLoadBalancingV2Client elb;
  private final AwsStack stack = Moto.newStack("alb");

  LoadBalancerResourcesTest(AwsClients clients) {
    this.clients = clients;
    this.elb = clients.elb();
  }

  private int loadBalancers() {
    return (int)
        elb.describeLoadBalancers(r -> {}).loadBalancers().stream()
            .filter(lb -> lb.loadBalancerName().equals(stack.name(AwsNames.LOAD_BALANCER)))
            .count();
  }

  private int targetGroups() {
    return (int)
        elb.describeTargetGroups(r -> {}).targetGroups().stream()
            .filter(g -> g.targetGroupName().equals(stack.name(AwsNames.TARGET_GROUP)))
            .count();
  }

  @Test
  void load_balancer_target_group_and_listener_are_created_once_and_deleted() {
    NetworkFixture network = NetworkFixture.create(clients.ec2(), stack);
    LoadBalancer loadBalancers = new LoadBalancer(elb);
    var request = new LoadBalancerRequest(stack, network.publicSubnets(), network.externalGroup());
    // moto would make a second ALB of the same name; find-before-create keeps it to one
    ResourceRecord loadBalancer = createTwiceMakesOne(loadBalancers, request, this::loadBalancers);
    assertEquals("active", loadBalancers.state(loadBalancer));
    assertTrue(loadBalancer.attr("dnsName").contains("."));

    TargetGroup targetGroups = new TargetGroup(elb);
    var groupRequest = new TargetGroupRequest(stack, network.vpc().id(), 8083);
    ResourceRecord group = createTwiceMakesOne(targetGroups, groupRequest, this::targetGroups);
    assertEquals(TargetGroup.NO_TARGETS, targetGroups.state(group));
    var described =
        elb.describeTargetGroups(r -> r.targetGroupArns(group.id())).targetGroups().get(0);
    assertEquals("ip", described.targetTypeAsString());
    assertEquals("/", described.healthCheckPath());

    Listener listeners = new Listener(elb);
    var listenerRequest = new ListenerRequest(stack, loadBalancer.id(), group.id(), 80);
    ResourceRecord listener =
        createTwiceMakesOne(
            listeners,
            listenerRequest,
            () ->
                elb.describeListeners(r -> r.loadBalancerArn(loadBalancer.id()))
                    .listeners()
                    .size());
    assertEquals(AwsResource.AVAILABLE, listeners.state(listener));

    deleteTwiceIsFine(
        listeners,
        listener,
        () -> elb.describeListeners(r -> r.loadBalancerArn(loadBalancer.id())).listeners().size());
    deleteTwiceIsFine(loadBalancers, loadBalancer, this::loadBalancers);
    deleteTwiceIsFine(targetGroups, group, this::targetGroups);
  }

  @Test
  void target_group_state_is_the_health_of_its_targets() {
    NetworkFixture network = NetworkFixture.create(clients.ec2(), stack);
    ResourceRecord loadBalancer =
        new LoadBalancer(elb)
            .create(
                new LoadBalancerRequest(stack, network.publicSubnets(), network.externalGroup()));
    TargetGroup targetGroups = new TargetGroup(elb);
    ResourceRecord group =
        targetGroups.create(new TargetGroupRequest(stack, network.vpc().id(), 8083));
    new Listener(elb).create(new ListenerRequest(stack, loadBalancer.id(), group.id(), 80));
    assertEquals(TargetGroup.NO_TARGETS, targetGroups.state(group), "before ECS registers a task");
    // issue 11: the healthy branch, with a registered target (moto reads a registered IP healthy)
    elb.registerTargets(
        r -> r.targetGroupArn(group.id()).targets(t -> t.id("10.100.11.10").port(8083)));
    assertEquals(TargetGroup.HEALTHY, targetGroups.state(group));
    assertEquals(TargetGroup.HEALTHY, targetGroups.describe(group).orElseThrow().state());
    new LoadBalancer(elb).delete(loadBalancer);
    targetGroups.delete(group);
    assertEquals(AwsResource.GONE, targetGroups.state(group));
  }
}
