package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * {@code database.existing} and {@code kafka.existing} in a sandbox spec: read into the workflow's
 * input as given; bad input is exit 2 naming the field, before anything connects (TEMPORAL_ADDRESS
 * is a closed port, so a command that connected first would exit 1).
 */
class ExistingSpecTest {
  private final Cli cli = new Cli().address("127.0.0.1:" + FreePort.find());

  @TempDir Path dir;

  private Path file(String yaml) throws Exception {
    return Files.writeString(dir.resolve("spec.yaml"), yaml);
  }

  @Test
  void existingDatabaseAndKafka_reachTheWorkflowInput() throws Exception {
    PipelineSpec spec =
        SpecFile.loadSandbox(
            "mine",
            file(
                "database:\n  existing:\n    jdbcUrl: jdbc:postgresql://db.internal:6543/shop\n"
                    + "    passwordRef: file:/etc/cdc/admin.properties:password\n"
                    + "kafka:\n  existing: {bootstrap: 'kafka.internal:9092'}\n"
                    + "tables: [sales.orders]\n"));
    Existing.Database db = spec.existingDatabase();
    assertEquals("db.internal", db.host());
    assertEquals(6543, db.port());
    assertEquals("shop", db.databaseName());
    assertEquals("postgres", db.user(), "the default admin");
    assertEquals("file:/etc/cdc/admin.properties:password", db.password().uri());
    assertEquals("kafka.internal:9092", spec.existingKafka().bootstrap());
    assertEquals(List.of("sales.orders"), spec.tables(), "no seed table needed on one's own db");
  }

  @Test
  void noExistingKeys_theSpecIsAsBefore() throws Exception {
    PipelineSpec spec = SpecFile.loadSandbox("mine", file("watchIntervalSeconds: 5\n"));
    assertEquals(null, spec.existing());
    assertEquals(PipelineSpec.of("mine", spec.target()).withWatch(5, 100), spec);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "database: {existing: {jdbcUrl: 'jdbc:postgresql://h/d', password: hunter2}}\\ntables: [a.b]"
            + "|spec.database.existing.password: a literal password is never accepted",
        "database: {existing: {instanceId: shop-prod}}\\ntables: [a.b]"
            + "|spec.database.existing.instanceId: an RDS instance is for --target aws",
        "database: {existing: {jdbcUrl: 'postgres://h/d'}}\\ntables: [a.b]"
            + "|spec.database.existing.jdbcUrl: 'postgres://h/d' is not a PostgreSQL JDBC URL",
        "database: {existing: {user: me}}\\ntables: [a.b]|spec.database.existing.jdbcUrl: required",
        "database: {existing: {jdbcUrl: 'jdbc:postgresql://h/d', passwordRef: s3cret}}\\ntables: [a.b]"
            + "|spec.database.existing.passwordRef: 's3cret:…' is not a secret reference",
        "database: {existing: {jdbcUrl: 'jdbc:postgresql://h/d', port: 1}}\\ntables: [a.b]"
            + "|spec: unknown key 'database.existing.port'",
        "database: {existing: {jdbcUrl: 'jdbc:postgresql://h/d'}}"
            + "|spec.tables: required with database.existing",
        "database: {instanceClass: db.t3.micro}|spec: unknown key 'database.instanceClass'",
        "network: {existing: {vpcId: vpc-1}}|spec.network: the sandbox runs on this machine",
        "kafka: {existing: {clusterArn: 'arn:aws:kafka:x'}}"
            + "|spec.kafka.existing.clusterArn: an MSK cluster is for --target aws",
        "kafka: {existing: {bootstrap: nowhere}}|spec.kafka.existing.bootstrap: 'nowhere' is not"
      })
  void badInput_exit2_namingTheField_beforeConnecting(String yaml, String message)
      throws Exception {
    Path spec = file(yaml.replace("\\n", "\n"));
    Cli.Result r = cli.run("up", "mine", "--target", "sandbox", "--spec", spec.toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains(message), r::toString);
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
    assertFalse(r.err().contains("hunter2"), "the password is not repeated: " + r);
    assertFalse(r.err().contains("cannot reach"), "validated before connecting: " + r);
  }

  @Test
  void awsExistingKeys_areCheckedThroughTheCli_beforeConnecting() throws Exception {
    Path spec =
        file("operatorCidr: 203.0.113.7/32\ndatabase:\n  existing: {instanceId: shop-prod}\n");
    Cli.Result r = cli.run("up", "mine", "--target", "aws", "--spec", spec.toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(
        r.err().startsWith("spec.database.existing.passwordRef: on --target aws"), r::toString);
    assertFalse(r.err().contains("cannot reach"), "validated before connecting: " + r);
  }
}
