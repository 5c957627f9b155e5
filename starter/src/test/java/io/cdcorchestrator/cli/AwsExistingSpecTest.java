package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code database.existing}, {@code network.existing} and {@code kafka.existing} in an AWS spec:
 * read into the workflow's input as given; each bad field is exit 2 naming it, before anything
 * connects.
 */
class AwsExistingSpecTest {
  private static final String SECRET =
      "aws-secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-AbCdEf:password";
  private static final String NETWORK =
      "network:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n"
          + "    privateSubnetIds: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2]\n"
          + "    publicSubnetIds: [subnet-0bbbbbbbbbbbbbbb1]\n";

  @TempDir Path dir;

  private PipelineSpec load(String yaml) throws Exception {
    return SpecFile.loadAws(
        "mine",
        Files.writeString(dir.resolve("spec.yaml"), "operatorCidr: 203.0.113.7/32\n" + yaml));
  }

  @Test
  void adoptedDatabaseNetworkAndKafka_reachTheWorkflowInput() throws Exception {
    PipelineSpec spec =
        load(
            NETWORK
                + "database:\n  existing: {instanceId: shop-prod, user: admin, passwordRef: '"
                + SECRET
                + "'}\n"
                + "kafka:\n  existing:\n    clusterArn:"
                + " arn:aws:kafka:us-east-1:123456789012:cluster/shop/0a1b2c3d-4e5f-6789-abcd-ef0123456789-3\n"
                + "tables: [sales.orders]\n");
    Existing.Database db = spec.existingDatabase();
    assertEquals("shop-prod", db.instanceId());
    assertEquals("admin", db.user());
    assertEquals(SECRET, db.passwordRef());
    assertNull(db.jdbcUrl(), "by instance id: RDS says where it is");
    Existing.Network net = spec.existingNetwork();
    assertEquals("vpc-0123456789abcdef0", net.vpcId());
    assertEquals(
        List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"), net.privateSubnetIds());
    assertEquals(List.of("subnet-0bbbbbbbbbbbbbbb1"), net.publicSubnetIds());
    assertTrue(
        spec.existingKafka().clusterArn().endsWith("/shop/0a1b2c3d-4e5f-6789-abcd-ef0123456789-3"));
    assertEquals(List.of("sales.orders"), spec.tables());
  }

  @Test
  void endpointInsteadOfInstanceId_becomesTheUrl() throws Exception {
    PipelineSpec spec =
        load(
            NETWORK
                + "database:\n  existing: {endpoint: 'db.internal:6543', database: shop,"
                + " passwordRef: '"
                + SECRET
                + "'}\ntables: [sales.orders]\n");
    Existing.Database db = spec.existingDatabase();
    assertEquals("db.internal", db.host());
    assertEquals(6543, db.port());
    assertEquals("shop", db.databaseName());
    assertEquals("postgres", db.user(), "the default admin");
  }

  @Test
  void onlyTheNetwork_everythingElseCreatedAsToday() throws Exception {
    PipelineSpec spec = load(NETWORK + "database: {instanceClass: db.t4g.small}\n");
    assertNull(spec.existingDatabase());
    assertEquals("db.t4g.small", spec.aws().database().instanceClass());
    assertEquals("vpc-0123456789abcdef0", spec.existingNetwork().vpcId());
  }

  @Test
  void noExisting_theSpecIsAsBefore() throws Exception {
    assertNull(load("").existing());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "database: {existing: {instanceId: shop, password: hunter2}}"
            + "|spec.database.existing.password: a literal password is never accepted",
        "database: {existing: {instanceId: shop, passwordRef: 'file:/etc/a:password'}}"
            + "|spec.database.existing.passwordRef: on --target aws the admin's secret is",
        "database: {existing: {instanceId: shop, passwordRef: 'aws-secretsmanager:arn:x:pw'}}"
            + "|spec.database.existing.passwordRef: on --target aws",
        "database: {existing: {passwordRef: '"
            + SECRET
            + "'}}"
            + "|spec.database.existing: give exactly one of instanceId",
        "database: {existing: {instanceId: a, endpoint: 'h:5432', passwordRef: '"
            + SECRET
            + "'}}"
            + "|spec.database.existing: give exactly one of instanceId",
        "database: {existing: {instanceId: 9lives, passwordRef: '"
            + SECRET
            + "'}}"
            + "|spec.database.existing.instanceId: '9lives' is not an RDS instance identifier",
        "database: {existing: {endpoint: 'h', passwordRef: '"
            + SECRET
            + "'}}"
            + "|spec.database.existing.endpoint: 'h' is not host:port",
        "database: {existing: {endpoint: 'h:99999', passwordRef: '"
            + SECRET
            + "'}}"
            + "|spec.database.existing.endpoint: port 99999 is out of range",
        "database: {existing: {jdbcUrl: 'jdbc:postgresql://h/d'}}"
            + "|spec.database.existing.jdbcUrl: on --target aws give instanceId",
        "database: {existing: {instanceId: a, port: 1}}|spec: unknown key 'database.existing.port'",
        "database: {existing: {instanceId: a, passwordRef: '"
            + SECRET
            + "'}, engineVersion: '17'}"
            + "|spec.database.engineVersion: not with database.existing",
        "network: {existing: {vpcId: vpc-1, privateSubnetIds: []}}"
            + "|spec.network.existing.vpcId: 'vpc-1' is not a VPC id",
        "network: {existing: {privateSubnetIds: []}}|spec.network.existing.vpcId: required",
        "network: {existing: {vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0aaaaaaaaaaaaaaa1]}}"
            + "|spec.network.existing.privateSubnetIds: at least 2 subnets",
        "network: {existing: {vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0aaaaaaaaaaaaaaa1, nope]}}"
            + "|spec.network.existing.privateSubnetIds[1]: 'nope' is not a subnet id",
        "network: {existing: {vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa1]}}"
            + "|spec.network.existing.privateSubnetIds[1]: subnet-0aaaaaaaaaaaaaaa1 is listed twice",
        "network: {existing: {vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2]}}"
            + "|spec.network.existing.publicSubnetIds: required with dataPlaneAccess: bastion",
        "network: {existing: {vpcId: vpc-0123456789abcdef0}, vpcCidr: 10.0.0.0/16}"
            + "|spec.network.vpcCidr: not with network.existing",
        "kafka: {existing: {clusterArn: 'arn:aws:kafka:x'}}"
            + "|spec.kafka.existing.clusterArn: 'arn:aws:kafka:x' is not an MSK cluster ARN",
        "kafka: {existing: {bootstrap: 'h:9092'}}"
            + "|spec.kafka.existing.bootstrap: on --target aws give clusterArn",
      })
  void badExistingField_isNamed(String yaml, String message) {
    CliException e = assertThrows(CliException.class, () -> load(yaml.replace("\\n", "\n")));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertEquals(2, e.exitCode(), e.getMessage());
  }

  @Test
  void adoptedDatabaseWithoutTheNetwork_isRefused() {
    CliException e =
        assertThrows(
            CliException.class,
            () ->
                load(
                    "database: {existing: {instanceId: shop, passwordRef: '"
                        + SECRET
                        + "'}}\ntables: [a.b]\n"));
    assertTrue(e.getMessage().startsWith("spec.database.existing: needs network.existing"));
  }

  @Test
  void adoptedDatabaseWithoutTables_isRefused() {
    CliException e =
        assertThrows(
            CliException.class,
            () ->
                load(
                    NETWORK
                        + "database: {existing: {instanceId: shop, passwordRef: '"
                        + SECRET
                        + "'}}\n"));
    assertTrue(e.getMessage().startsWith("spec.tables: required with database.existing"));
  }

  @Test
  void brokersNotAMultipleOfTheAdoptedSubnets_isRefused() {
    CliException e =
        assertThrows(
            CliException.class,
            () ->
                load(
                    "network:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n"
                        + "    privateSubnetIds: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2,"
                        + " subnet-0aaaaaaaaaaaaaaa3]\n"
                        + "    publicSubnetIds: [subnet-0bbbbbbbbbbbbbbb1]\n"));
    assertTrue(e.getMessage().startsWith("spec.kafka.brokers: MSK needs a multiple of the 3"));
  }

  @Test
  void allowReboot_marksTheAdoptedInstance_andIsRefusedWhereThereIsNone() throws Exception {
    PipelineSpec spec =
        load(
            NETWORK
                + "database: {existing: {instanceId: shop, passwordRef: '"
                + SECRET
                + "'}}\ntables: [a.b]\n");
    assertFalse(spec.existingDatabase().allowReboot(), "off unless asked for");
    assertTrue(UpCommand.allowingReboot(spec).existingDatabase().allowReboot());
    assertEquals(
        spec.existing(),
        UpCommand.allowingReboot(spec).existing().resources(),
        "apply compares the resources only");
    for (PipelineSpec none :
        List.of(
            load(NETWORK),
            load(
                NETWORK
                    + "database: {existing: {endpoint: 'db.internal:5432', passwordRef: '"
                    + SECRET
                    + "'}}\ntables: [a.b]\n"),
            PipelineSpec.of("mine", io.cdcorchestrator.model.Target.SANDBOX))) {
      CliException e = assertThrows(CliException.class, () -> UpCommand.allowingReboot(none));
      assertTrue(e.getMessage().startsWith("--allow-reboot: only with --target aws"));
      assertEquals(2, e.exitCode());
    }
  }
}
