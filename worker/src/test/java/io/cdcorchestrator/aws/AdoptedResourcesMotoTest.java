package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.ec2.SecurityGroup;
import io.cdcorchestrator.aws.rds.LogicalReplication;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.cdcorchestrator.preflight.Preflight;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * On moto: a VPC, subnets and an RDS PostgreSQL instance the test makes itself with the AWS SDK
 * (not the pipeline), then adopted. The preflight names a parameter group without {@code
 * rds.logical_replication=1} and each missing ingress rule, with the exact command, and creates
 * nothing; the adoption activities check what they are given and return adopted records. The test
 * deletes what it made even on failure: later tests of the JVM assert an empty account.
 */
@ExtendWith(Moto.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdoptedResourcesMotoTest {
  private static final String ID = "h13a-shop-db";
  private static final String PARAMS = "h13a-shop-params";
  private static final String SUBNET_GROUP = "h13a-shop-subnets";

  /** The rule the preflight asks for: PostgreSQL from the private subnets' range. */
  private static final IpPermission DB_FROM_PRIVATE_SUBNETS =
      UsersAws.tcpFrom(5432, "10.77.0.0/20");

  /** A second instance, on RDS's default parameter group. */
  private static final String ON_DEFAULTS = "h13a-shop-db2";

  private final AwsClients clients;
  private String vpcId;
  private String otherVpcId;
  private String groupId;
  private final List<String> privateIds = new ArrayList<>();
  private String publicId;
  private String strayId;

  AdoptedResourcesMotoTest(AwsClients clients) {
    this.clients = clients;
  }

  @BeforeAll
  void makeTheUsersOwnStack() {
    Ec2Client ec2 = clients.ec2();
    RdsClient rds = clients.rds();
    vpcId = ec2.createVpc(r -> r.cidrBlock("10.77.0.0/16")).vpc().vpcId();
    otherVpcId = ec2.createVpc(r -> r.cidrBlock("10.78.0.0/16")).vpc().vpcId();
    privateIds.add(UsersAws.subnet(ec2, vpcId, "10.77.1.0/24", "us-east-1a"));
    privateIds.add(UsersAws.subnet(ec2, vpcId, "10.77.2.0/24", "us-east-1b"));
    publicId = UsersAws.subnet(ec2, vpcId, "10.77.3.0/24", "us-east-1a");
    strayId = UsersAws.subnet(ec2, otherVpcId, "10.78.1.0/24", "us-east-1a");
    groupId =
        ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName("h13a-db").description("db"))
            .groupId();
    UsersAws.parameterGroup(rds, PARAMS);
    logicalReplication("0");
    UsersAws.subnetGroup(rds, SUBNET_GROUP, privateIds);
    UsersAws.instance(rds, ID, PARAMS, SUBNET_GROUP, groupId, "not-a-real-one-1");
    UsersAws.instance(rds, ON_DEFAULTS, null, SUBNET_GROUP, groupId, "not-a-real-one-1");
  }

  @AfterAll
  void deleteWhatTheTestMade() {
    Ec2Client ec2 = clients.ec2();
    RdsClient rds = clients.rds();
    UsersAws.quietly(
        () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(ID).skipFinalSnapshot(true)));
    UsersAws.quietly(
        () ->
            rds.deleteDBInstance(r -> r.dbInstanceIdentifier(ON_DEFAULTS).skipFinalSnapshot(true)));
    UsersAws.quietly(
        () ->
            rds.deleteDBParameterGroup(
                r -> r.dbParameterGroupName(LogicalReplication.copyName(ON_DEFAULTS))));
    UsersAws.quietly(() -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(SUBNET_GROUP)));
    UsersAws.quietly(() -> rds.deleteDBParameterGroup(r -> r.dbParameterGroupName(PARAMS)));
    UsersAws.quietly(() -> ec2.deleteSecurityGroup(r -> r.groupId(groupId)));
    for (String s : List.of(privateIds.get(0), privateIds.get(1), publicId, strayId)) {
      UsersAws.quietly(() -> ec2.deleteSubnet(r -> r.subnetId(s)));
    }
    UsersAws.quietly(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)));
    UsersAws.quietly(() -> ec2.deleteVpc(r -> r.vpcId(otherVpcId)));
  }

  private PipelineSpec spec(String access) {
    return PipelineSpec.aws(
            "h13a-shop",
            new AwsSpec(
                    null,
                    AwsSpec.DIRECT.equals(access) ? "10.77.0.0/24" : "203.0.113.0/24",
                    null,
                    null,
                    null,
                    null,
                    null,
                    access)
                .withDefaults())
        .withTables(List.of("sales.orders"))
        .withExisting(
            new Existing(
                new Existing.Database(
                    null,
                    ID,
                    "shopadmin",
                    "aws-secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:s:password",
                    null),
                new Existing.Network(vpcId, privateIds, List.of(publicId)),
                null));
  }

  @Test
  void preflight_namesTheParameterAndEachMissingRule_withTheirCommands_andCreatesNothing() {
    int vpcsBefore = clients.ec2().describeVpcs().vpcs().size();
    PreflightReport report = Preflight.check(spec(AwsSpec.BASTION), clients);

    Finding logical = only(report, "aws.database.logical-replication");
    assertTrue(logical.blocks(), logical.line());
    assertTrue(logical.message().contains(PARAMS + " of " + ID + " has rds.logical_replication=0"));
    assertTrue(
        logical
            .remedy()
            .startsWith(
                "aws rds modify-db-parameter-group --db-parameter-group-name "
                    + PARAMS
                    + " --parameters ParameterName=rds.logical_replication,ParameterValue=1,"
                    + "ApplyMethod=pending-reboot && aws rds reboot-db-instance"
                    + " --db-instance-identifier "
                    + ID),
        logical.remedy());
    List<Finding> ingress =
        report.findings().stream().filter(f -> f.check().equals("aws.database.ingress")).toList();
    assertEquals(3, ingress.size(), "two private subnets and the bastion's: " + ingress);
    for (String cidr : List.of("10.77.1.0/24", "10.77.2.0/24", "10.77.3.0/24")) {
      assertTrue(
          ingress.stream()
              .anyMatch(
                  f ->
                      f.blocks()
                          && f.remedy()
                              .equals(
                                  "aws ec2 authorize-security-group-ingress --group-id "
                                      + groupId
                                      + " --protocol tcp --port 5432 --cidr "
                                      + cidr)),
          cidr + ": " + ingress);
    }
    assertTrue(!report.clear(), "up stops here");
    assertEquals(vpcsBefore, clients.ec2().describeVpcs().vpcs().size(), "nothing created");
  }

  @Test
  void preflight_isClearForTheDatabase_onceTheRulesAndParameterAreThere() {
    clients
        .ec2()
        .authorizeSecurityGroupIngress(
            r -> r.groupId(groupId).ipPermissions(DB_FROM_PRIVATE_SUBNETS));
    logicalReplication("1");
    try {
      PreflightReport report = Preflight.check(spec(AwsSpec.DIRECT), clients);
      assertTrue(
          report.findings().stream()
              .filter(f -> f.check().startsWith("aws.database."))
              .noneMatch(Finding::blocks),
          report.findings().toString());
      assertEquals(
          2,
          report.findings().stream().filter(f -> f.check().equals("aws.database.ingress")).count());
    } finally {
      UsersAws.quietly(
          () ->
              clients
                  .ec2()
                  .revokeSecurityGroupIngress(
                      r -> r.groupId(groupId).ipPermissions(DB_FROM_PRIVATE_SUBNETS)));
      UsersAws.quietly(() -> logicalReplication("0"));
    }
  }

  @Test
  void allowReboot_turnsTheParameterFindingsIntoWarnings() {
    PipelineSpec spec = spec(AwsSpec.BASTION);
    Existing e = spec.existing();
    PreflightReport report =
        Preflight.check(
            spec.withExisting(
                new Existing(e.database().withAllowReboot(true), e.network(), e.kafka())),
            clients);
    Finding logical = only(report, "aws.database.logical-replication");
    assertEquals(Finding.Severity.WARNING, logical.severity(), logical.line());
    assertEquals("none: --allow-reboot sets it and reboots " + ID, logical.remedy());
  }

  @Test
  void allowReboot_setsTheParameter_inTheGroup_orInACopyOfADefaultOne_andReboots() {
    DatabaseActivitiesImpl activities = new DatabaseActivitiesImpl(clients);
    try {
      ResourceRecord own = activities.enableLogicalReplication(record(ID));
      assertEquals("rebooting", own.state());
      assertEquals(PARAMS, own.attr("parameterGroup"), "the instance's own group, changed");
      assertEquals("1", parameter(PARAMS));

      ResourceRecord copied = activities.enableLogicalReplication(record(ON_DEFAULTS));
      String copy = LogicalReplication.copyName(ON_DEFAULTS);
      assertEquals(copy, copied.attr("parameterGroup"), "a default group is copied");
      assertEquals("1", parameter(copy));
      assertEquals(
          copy,
          clients
              .rds()
              .describeDBInstances(r -> r.dbInstanceIdentifier(ON_DEFAULTS))
              .dbInstances()
              .get(0)
              .dbParameterGroups()
              .get(0)
              .dbParameterGroupName(),
          "the copy is attached");
      assertEquals(
          "in-sync",
          new LogicalReplication(clients.rds()).state(ON_DEFAULTS, copy),
          "moto reboots at once");
      assertEquals(
          "in-sync",
          activities.enableLogicalReplication(record(ON_DEFAULTS)).state(),
          "again: nothing left to change, no second reboot");
    } finally {
      UsersAws.quietly(() -> logicalReplication("0"));
    }
  }

  /** Sets the user's group's parameter, as the user would. */
  private void logicalReplication(String value) {
    UsersAws.logicalReplication(clients.rds(), PARAMS, value);
  }

  private static ResourceRecord record(String id) {
    return new ResourceRecord(
        DbInstanceRequest.TYPE,
        id,
        "available",
        java.util.Map.of(ResourceRecord.OWNERSHIP, ResourceRecord.ADOPTED));
  }

  private String parameter(String group) {
    return clients
        .rds()
        .describeDBParametersPaginator(r -> r.dbParameterGroupName(group))
        .parameters()
        .stream()
        .filter(p -> p.parameterName().equals("rds.logical_replication"))
        .map(p -> p.parameterValue())
        .findFirst()
        .orElse(null);
  }

  @Test
  void sweep_findsThePipelinesOwnGroupInTheAdoptedVpc_andNothingAdopted() {
    AwsStack stack = AwsStack.of("h13a-sweep");
    ResourceRecord own =
        new SecurityGroup(clients.ec2())
            .create(new SecurityGroupRequest(stack, vpcId, AwsNames.INTERNAL_SG, "the pipeline's"));
    try {
      List<String> found =
          new AwsDiscovery(clients)
              .discover(stack.pipeline()).stream().map(f -> f.record().id()).toList();
      assertTrue(found.contains(own.id()), found.toString());
      List<String> adopted = new ArrayList<>(List.of(vpcId, publicId, groupId, ID, ON_DEFAULTS));
      adopted.addAll(privateIds);
      for (String id : adopted) {
        assertTrue(!found.contains(id), id + " is the user's: " + found);
      }
    } finally {
      UsersAws.quietly(() -> clients.ec2().deleteSecurityGroup(r -> r.groupId(own.id())));
    }
  }

  @Test
  void adoptingTheNetworkAndDatabase_describesThem_asAdopted() {
    List<ResourceRecord> net =
        new NetworkActivitiesImpl(clients)
            .adoptNetwork(new Existing.Network(vpcId, privateIds, List.of(publicId)));
    assertEquals(vpcId, net.get(0).id());
    assertEquals("10.77.0.0/16", net.get(0).attr("cidr"));
    assertEquals(4, net.size());
    assertTrue(net.stream().allMatch(ResourceRecord::adopted), net.toString());

    ResourceRecord db =
        new DatabaseActivitiesImpl(clients).adoptInstance(spec(null).existingDatabase(), vpcId);
    assertTrue(db.adopted());
    assertEquals(ID, db.id());
    assertEquals("5432", db.attr("port"));
    assertEquals("shopadmin", db.attr("masterUsername"));
    assertTrue(db.attr("host").contains(ID), db.toString());
  }

  @Test
  void aSubnetOfAnotherVpc_orAnInstanceElsewhere_isRefusedByName() {
    ApplicationFailure subnet =
        assertThrows(
            ApplicationFailure.class,
            () ->
                new NetworkActivitiesImpl(clients)
                    .adoptNetwork(
                        new Existing.Network(
                            vpcId, List.of(privateIds.get(0), strayId), List.of())));
    assertTrue(
        subnet
            .getOriginalMessage()
            .equals(
                "network.existing.privateSubnetIds[1]: "
                    + strayId
                    + " is in "
                    + otherVpcId
                    + ", not in "
                    + vpcId),
        subnet.getOriginalMessage());
    assertTrue(subnet.isNonRetryable());
    ApplicationFailure db =
        assertThrows(
            ApplicationFailure.class,
            () ->
                new DatabaseActivitiesImpl(clients)
                    .adoptInstance(spec(null).existingDatabase(), otherVpcId));
    assertTrue(
        db.getOriginalMessage()
            .startsWith("database.existing.instanceId: " + ID + " is in " + vpcId),
        db.getOriginalMessage());
    ApplicationFailure missing =
        assertThrows(
            ApplicationFailure.class,
            () ->
                new DatabaseActivitiesImpl(clients)
                    .adoptInstance(
                        new Existing.Database(null, "no-such-db", null, null, null), vpcId));
    assertEquals(
        "database.existing.instanceId: no-such-db does not exist", missing.getOriginalMessage());
  }

  private static Finding only(PreflightReport report, String check) {
    List<Finding> found = report.findings().stream().filter(f -> f.check().equals(check)).toList();
    assertEquals(1, found.size(), report.findings().toString());
    return found.get(0);
  }
}
