package io.cdcorchestrator.aws.rds;

import static io.cdcorchestrator.aws.ResourceContract.createTwiceMakesOne;
import static io.cdcorchestrator.aws.ResourceContract.deleteTwiceIsFine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.NetworkFixture;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.aws.rds.DbParameterGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

@ExtendWith(Moto.class)
class DatabaseResourcesTest {
  private final AwsClients clients;
  private final RdsClient rds;
  private final AwsStack stack = Moto.newStack("db");

  DatabaseResourcesTest(AwsClients clients) {
    this.clients = clients;
    this.rds = clients.rds();
  }

  private int owned(String type) {
    return switch (type) {
      case DbParameterGroupRequest.TYPE ->
          count(
              rds.describeDBParameterGroups(r -> {}).dbParameterGroups().stream()
                  .map(g -> g.dbParameterGroupName()));
      case DbSubnetGroupRequest.TYPE ->
          count(
              rds.describeDBSubnetGroups(r -> {}).dbSubnetGroups().stream()
                  .map(g -> g.dbSubnetGroupName()));
      default ->
          count(
              rds.describeDBInstances(r -> {}).dbInstances().stream()
                  .map(DBInstance::dbInstanceIdentifier));
    };
  }

  private int count(java.util.stream.Stream<String> names) {
    return (int) names.filter(n -> n.startsWith("cdc-" + stack.pipeline() + "-")).count();
  }

  @Test
  void parameter_group_enables_logical_replication_once() {
    DbParameterGroup groups = new DbParameterGroup(rds);
    var request = new DbParameterGroupRequest(stack, "17");
    ResourceRecord group =
        createTwiceMakesOne(groups, request, () -> owned(DbParameterGroupRequest.TYPE));
    assertEquals("postgres17", group.attr("family"));
    assertEquals(AwsResource.AVAILABLE, groups.state(group));
    var replication =
        rds
            .describeDBParameters(r -> r.dbParameterGroupName(group.id()).source("user"))
            .parameters()
            .stream()
            .filter(p -> p.parameterName().equals(DbParameterGroup.LOGICAL_REPLICATION))
            .findFirst();
    assertEquals("1", replication.orElseThrow().parameterValue());
    deleteTwiceIsFine(groups, group, () -> owned(DbParameterGroupRequest.TYPE));
  }

  @Test
  void instance_is_created_once_private_with_a_managed_password_and_deleted() {
    NetworkFixture network = NetworkFixture.create(clients.ec2(), stack);
    ResourceRecord parameters =
        new DbParameterGroup(rds).create(new DbParameterGroupRequest(stack, "17"));
    DbSubnetGroup subnetGroups = new DbSubnetGroup(rds);
    var subnetRequest = new DbSubnetGroupRequest(stack, network.privateSubnets());
    ResourceRecord subnetGroup =
        createTwiceMakesOne(subnetGroups, subnetRequest, () -> owned(DbSubnetGroupRequest.TYPE));
    assertEquals("Complete", subnetGroups.state(subnetGroup));

    DbInstance instances = new DbInstance(rds);
    var request =
        new DbInstanceRequest(
            stack,
            "17",
            "db.t4g.micro",
            20,
            parameters.id(),
            subnetGroup.id(),
            network.internalGroup());
    ResourceRecord instance =
        createTwiceMakesOne(instances, request, () -> owned(DbInstanceRequest.TYPE));
    assertEquals(stack.name(AwsNames.DB_INSTANCE), instance.id());
    assertEquals("available", instances.state(instance));
    ResourceRecord refreshed = instances.describe(instance).orElseThrow();
    assertTrue(
        refreshed.attr("host").endsWith(".rds.amazonaws.com"), "the endpoint, once RDS has one");
    assertEquals("5432", refreshed.attr("port"));

    // security, on moto's state: not publicly accessible, the password managed by RDS, none in the
    // record
    DBInstance described =
        rds.describeDBInstances(r -> r.dbInstanceIdentifier(instance.id())).dbInstances().get(0);
    assertFalse(described.publiclyAccessible());
    assertNotNull(described.masterUserSecret().secretArn());
    assertEquals(described.masterUserSecret().secretArn(), instance.attr("masterUserSecretArn"));
    assertTrue(
        instance.attributes().keySet().stream()
            .noneMatch(k -> k.toLowerCase().contains("password")));
    assertTrue(described.storageEncrypted());
    assertEquals("gp3", described.storageType());

    deleteTwiceIsFine(instances, instance, () -> owned(DbInstanceRequest.TYPE));
    deleteTwiceIsFine(subnetGroups, subnetGroup, () -> owned(DbSubnetGroupRequest.TYPE));
    new DbParameterGroup(rds).delete(parameters);
  }
}
