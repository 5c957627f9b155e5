package io.cdcorchestrator.aws.ec2;

import static io.cdcorchestrator.aws.ResourceContract.createTwiceMakesOne;
import static io.cdcorchestrator.aws.ResourceContract.deleteTwiceIsFine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

@ExtendWith(Moto.class)
class NetworkResourcesTest {
  private final Ec2Client ec2;
  private AwsStack stack;

  NetworkResourcesTest(AwsClients clients) {
    this.ec2 = clients.ec2();
  }

  @BeforeEach
  void newPipeline() {
    stack = Moto.newStack("net");
  }

  private Filter owned() {
    return Filter.builder().name("tag:" + AwsStack.PIPELINE_TAG).values(stack.pipeline()).build();
  }

  private ResourceRecord vpc() {
    return new Vpc(ec2).create(new VpcRequest(stack, "10.100.0.0/16"));
  }

  private ResourceRecord subnet(ResourceRecord vpc, String suffix, String cidr, String az) {
    return new Subnet(ec2).create(new SubnetRequest(stack, vpc.id(), suffix, cidr, az));
  }

  @Test
  void vpc_is_created_once_tagged_and_deleted() {
    Vpc vpcs = new Vpc(ec2);
    var request = new VpcRequest(stack, "10.100.0.0/16");
    ResourceRecord vpc =
        createTwiceMakesOne(
            vpcs, request, () -> ec2.describeVpcs(r -> r.filters(owned())).vpcs().size());
    assertEquals("available", vpcs.state(vpc));
    assertEquals("10.100.0.0/16", vpc.attr("cidr"));
    var tags = ec2.describeVpcs(r -> r.vpcIds(vpc.id())).vpcs().get(0).tags();
    assertTrue(
        tags.stream()
            .anyMatch(t -> t.key().equals("Name") && t.value().equals(stack.name(AwsNames.VPC))));
    deleteTwiceIsFine(vpcs, vpc, () -> ec2.describeVpcs(r -> r.filters(owned())).vpcs().size());
  }

  @Test
  void subnet_is_created_once_in_its_zone_and_deleted() {
    ResourceRecord vpc = vpc();
    Subnet subnets = new Subnet(ec2);
    var request =
        new SubnetRequest(stack, vpc.id(), AwsNames.publicSubnet(0), "10.100.1.0/24", "us-east-1a");
    ResourceRecord subnet =
        createTwiceMakesOne(
            subnets, request, () -> ec2.describeSubnets(r -> r.filters(owned())).subnets().size());
    assertEquals("available", subnets.state(subnet));
    assertEquals("us-east-1a", subnet.attr("availabilityZone"));
    deleteTwiceIsFine(
        subnets, subnet, () -> ec2.describeSubnets(r -> r.filters(owned())).subnets().size());
  }

  @Test
  void internet_gateway_is_created_and_attached_once_then_detached_and_deleted() {
    ResourceRecord vpc = vpc();
    InternetGateway gateways = new InternetGateway(ec2);
    var request = new InternetGatewayRequest(stack, vpc.id());
    ResourceRecord gateway =
        createTwiceMakesOne(
            gateways,
            request,
            () -> ec2.describeInternetGateways(r -> r.filters(owned())).internetGateways().size());
    assertEquals("available", gateways.state(gateway), "attached");
    deleteTwiceIsFine(
        gateways,
        gateway,
        () -> ec2.describeInternetGateways(r -> r.filters(owned())).internetGateways().size());
  }

  @Test
  void internet_gateway_left_detached_by_a_crash_is_attached_by_the_retry() {
    ResourceRecord vpc = vpc();
    var request = new InternetGatewayRequest(stack, vpc.id());
    // the first attempt created the gateway, then the worker died before attaching it
    ec2.createInternetGateway(
        r ->
            r.tagSpecifications(
                Ec2Tags.on(
                    software.amazon.awssdk.services.ec2.model.ResourceType.INTERNET_GATEWAY,
                    stack,
                    request.name())));
    InternetGateway gateways = new InternetGateway(ec2);
    ResourceRecord gateway = gateways.create(request);
    assertEquals("available", gateway.state());
    assertEquals(
        1, ec2.describeInternetGateways(r -> r.filters(owned())).internetGateways().size());
    gateways.delete(gateway);
  }

  @Test
  void elastic_ip_and_nat_gateway_are_created_once_and_released_in_order() {
    ResourceRecord vpc = vpc();
    ResourceRecord subnet = subnet(vpc, AwsNames.publicSubnet(0), "10.100.1.0/24", "us-east-1a");
    ResourceRecord gateway =
        new InternetGateway(ec2).create(new InternetGatewayRequest(stack, vpc.id()));
    ElasticIp addresses = new ElasticIp(ec2);
    ResourceRecord address =
        createTwiceMakesOne(
            addresses,
            new ElasticIpRequest(stack),
            () -> ec2.describeAddresses(r -> r.filters(owned())).addresses().size());
    assertEquals("allocated", addresses.state(address));

    NatGateway nats = new NatGateway(ec2);
    var natRequest = new NatGatewayRequest(stack, subnet.id(), address.id());
    ResourceRecord nat =
        createTwiceMakesOne(
            nats,
            natRequest,
            () ->
                ec2
                    .describeNatGateways(
                        r ->
                            r.filter(
                                owned(),
                                Filter.builder()
                                    .name("state")
                                    .values("pending", "available")
                                    .build()))
                    .natGateways()
                    .stream()
                    .filter(g -> Ec2Tags.isOwned(g.tags(), stack, natRequest.name()))
                    .mapToInt(g -> 1)
                    .sum());
    assertEquals("available", nats.state(nat));
    // moto answers this gateway to any pipeline's tag filter: find must still not take it
    AwsStack other = Moto.newStack("net");
    assertTrue(
        nats.find(new NatGatewayRequest(other, subnet.id(), address.id())).isEmpty(),
        "another pipeline finds no NAT gateway");
    assertEquals(address.id(), nat.attr("allocationId"));
    assertEquals("associated", addresses.state(address));
    assertEquals(
        natRequest.clientToken(),
        new NatGatewayRequest(stack, subnet.id(), address.id()).clientToken(),
        "the client token is a function of the inputs");

    // a deleted NAT gateway stays listed as "deleted"; find no longer counts it
    deleteTwiceIsFine(nats, nat, "deleted", () -> nats.find(natRequest).isPresent() ? 1 : 0);
    deleteTwiceIsFine(
        addresses,
        address,
        () -> ec2.describeAddresses(r -> r.filters(owned())).addresses().size());
    new InternetGateway(ec2).delete(gateway);
  }

  @Test
  void route_tables_routes_and_associations_are_created_once_and_removed() {
    ResourceRecord vpc = vpc();
    ResourceRecord subnet = subnet(vpc, AwsNames.publicSubnet(0), "10.100.1.0/24", "us-east-1a");
    ResourceRecord gateway =
        new InternetGateway(ec2).create(new InternetGatewayRequest(stack, vpc.id()));

    RouteTable tables = new RouteTable(ec2);
    var tableRequest = new RouteTableRequest(stack, vpc.id(), true);
    ResourceRecord table =
        createTwiceMakesOne(
            tables,
            tableRequest,
            () -> ec2.describeRouteTables(r -> r.filters(owned())).routeTables().size());
    assertEquals(AwsResource.AVAILABLE, tables.state(table));

    Route routes = new Route(ec2);
    var routeRequest =
        new RouteRequest(stack, table.id(), RouteRequest.DEFAULT_DESTINATION, gateway.id());
    ResourceRecord route =
        createTwiceMakesOne(routes, routeRequest, () -> defaultRoutes(table.id()));
    assertEquals("active", routes.state(route));

    RouteTableAssociation associations = new RouteTableAssociation(ec2);
    var associationRequest = new RouteTableAssociationRequest(stack, table.id(), subnet.id());
    ResourceRecord association =
        createTwiceMakesOne(
            associations,
            associationRequest,
            () ->
                (int)
                    ec2
                        .describeRouteTables(r -> r.routeTableIds(table.id()))
                        .routeTables()
                        .get(0)
                        .associations()
                        .stream()
                        .filter(a -> subnet.id().equals(a.subnetId()))
                        .count());
    assertEquals("associated", associations.state(association));

    deleteTwiceIsFine(
        associations, association, () -> associations.find(associationRequest).isPresent() ? 1 : 0);
    deleteTwiceIsFine(routes, route, () -> defaultRoutes(table.id()));
    deleteTwiceIsFine(
        tables, table, () -> ec2.describeRouteTables(r -> r.filters(owned())).routeTables().size());
    new InternetGateway(ec2).delete(gateway);
  }

  private int defaultRoutes(String tableId) {
    return (int)
        ec2
            .describeRouteTables(r -> r.routeTableIds(tableId))
            .routeTables()
            .get(0)
            .routes()
            .stream()
            .filter(r -> RouteRequest.DEFAULT_DESTINATION.equals(r.destinationCidrBlock()))
            .count();
  }

  @Test
  void security_groups_and_rules_are_created_once_and_never_open_to_the_world() {
    ResourceRecord vpc = vpc();
    SecurityGroup groups = new SecurityGroup(ec2);
    var externalRequest = new SecurityGroupRequest(stack, vpc.id(), AwsNames.EXTERNAL_SG, "ALB");
    ResourceRecord external =
        createTwiceMakesOne(
            groups,
            externalRequest,
            () -> ec2.describeSecurityGroups(r -> r.filters(owned())).securityGroups().size());
    ResourceRecord internal =
        groups.create(new SecurityGroupRequest(stack, vpc.id(), AwsNames.INTERNAL_SG, "tasks"));
    assertEquals(AwsResource.AVAILABLE, groups.state(external));

    SecurityGroupRule rules = new SecurityGroupRule(ec2);
    var fromOperator =
        new SecurityGroupRuleRequest(stack, external.id(), 80, 80, "203.0.113.0/24", "operator");
    ResourceRecord operatorRule =
        createTwiceMakesOne(rules, fromOperator, () -> ingressRules(external.id()));
    var fromAlb =
        new SecurityGroupRuleRequest(
            stack, internal.id(), 8083, 8083, external.id(), "ALB to Connect");
    ResourceRecord albRule = createTwiceMakesOne(rules, fromAlb, () -> ingressRules(internal.id()));
    assertEquals(external.id(), albRule.attr("source"));
    assertEquals(AwsResource.AVAILABLE, rules.state(operatorRule));

    assertThrows(
        IllegalArgumentException.class,
        () -> new SecurityGroupRuleRequest(stack, external.id(), 80, 80, "0.0.0.0/0", "world"));

    deleteTwiceIsFine(rules, albRule, () -> ingressRules(internal.id()));
    deleteTwiceIsFine(rules, operatorRule, () -> ingressRules(external.id()));
    groups.delete(internal);
    deleteTwiceIsFine(
        groups,
        external,
        () -> ec2.describeSecurityGroups(r -> r.filters(owned())).securityGroups().size());
  }

  private int ingressRules(String groupId) {
    return (int)
        ec2
            .describeSecurityGroupRules(r -> r.filters(Ec2Tags.filter("group-id", groupId)))
            .securityGroupRules()
            .stream()
            .filter(rule -> !rule.isEgress())
            .count();
  }
}
