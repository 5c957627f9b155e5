package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcorchestrator.existing.ExistingPostgres;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.local.PortProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", through the command line, with no test double: {@code cdc up mine
 * --target sandbox --spec FILE} with {@code database.existing} pointing at a PostgreSQL this test
 * started itself. With {@code wal_level=replica} preflight refuses it with the remedy and nothing
 * is created; with it fixed the pipeline reaches READY with the CDC proof, a row of the user's
 * table arrives as an event, and {@code cdc down mine} leaves the database exactly as it was before
 * {@code up}.
 */
class AdoptedDatabaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "admin-pw-4f1c9e";

  @TempDir static Path home;
  static LocalStack stack;
  static Cli cli;
  static ExistingPostgres db;

  @BeforeAll
  static void start() throws Exception {
    db = ExistingPostgres.start(home.resolve("existing-pg"), "replica");
    db.execute(
        "create table public.orders (id serial primary key, item text not null)",
        "insert into public.orders (item) values ('apple'), ('pear')",
        "create table public.audit_log (at timestamptz, what text)",
        "alter role postgres password '" + ADMIN_PASSWORD + "'");
    stack = LocalStack.start(LocalTemporal.Flavour.AUTO, FreePort.find(), home, null);
    cli = stack.cli;
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private static Path spec(String name, String tables) throws Exception {
    Path secret =
        Files.writeString(home.resolve("admin.properties"), "pw=" + ADMIN_PASSWORD + "\n");
    return Files.writeString(
        home.resolve(name),
        "database:\n"
            + "  existing:\n"
            + "    jdbcUrl: "
            + db.jdbcUrl()
            + "\n"
            + "    user: postgres\n"
            + "    passwordRef: file:"
            + secret
            + ":pw\n"
            + "tables: ["
            + tables
            + "]\n");
  }

  @Test
  @Timeout(600)
  void wrongWalLevelRefused_fixedReady_rowArrives_downLeavesTheDatabaseAsItWas() throws Exception {
    Path spec = spec("mine.yaml", "public.orders");
    Map<String, List<String>> before = db.snapshot();

    Cli.Result checked =
        cli.run("preflight", "mine", "--target", "sandbox", "--spec", spec.toString());
    assertEquals(1, checked.code(), checked::toString);
    assertTrue(
        checked
            .out()
            .contains(
                "BLOCKER database.wal_level: wal_level is replica; logical decoding (and so CDC)"
                    + " needs wal_level = logical — remedy: ALTER SYSTEM SET wal_level = logical;"
                    + " then restart PostgreSQL"),
        checked::toString);

    Cli.Result refused =
        cli.run("up", "mine", "--target", "sandbox", "--spec", spec.toString(), "--follow");
    assertEquals(1, refused.code(), refused::toString);
    assertTrue(refused.out().contains("database.wal_level"), refused::toString);
    assertTrue(
        refused.out().contains("ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL"),
        refused::toString);
    assertEquals(before, db.snapshot(), "nothing created: no role, publication, slot or table");
    assertFalse(Files.exists(home.resolve("sandbox/mine")), "not even a work directory");

    db.execute("alter system set wal_level = logical");
    db.restart();
    Cli.Result clear =
        cli.run("preflight", "mine", "--target", "sandbox", "--spec", spec.toString());
    assertEquals(0, clear.code(), clear::toString);
    Cli.Result up =
        cli.run("up", "mine", "--target", "sandbox", "--spec", spec.toString(), "--follow");
    assertEquals(0, up.code(), up::toString);
    JsonNode ready = JSON.readTree(cli.run("status", "mine", "--json").out());
    assertEquals("READY", ready.path("phase").asText(), ready::toPrettyString);
    JsonNode outputs = ready.path("outputs");
    assertEquals(db.jdbcUrl(), outputs.path("jdbcUrl").asText());
    assertEquals("mine.public.orders", outputs.path("changeTopic").asText());
    assertTrue(outputs.path("cdcProof").asText().contains("mine.public.cdc_mine_heartbeat"));
    assertTrue(
        ready.path("resources").toString().contains("\"state\":\"adopted\""),
        "the database is listed as adopted: " + ready.path("resources"));
    assertEquals(
        List.of("cdc_mine_replicator"),
        db.query("select rolname from pg_roles where rolname like 'cdc%'"));

    db.execute("insert into public.orders (item) values ('quince')");
    Cli.Result events =
        cli.run(
            "events",
            "mine",
            "--table",
            "public.orders",
            "--from-beginning",
            "--max",
            "3",
            "--timeout",
            "90");
    assertEquals(0, events.code(), events::toString);
    List<JsonNode> lines =
        events.out().lines().filter(l -> l.startsWith("{")).map(AdoptedDatabaseTest::json).toList();
    assertEquals(3, lines.size(), events::toString);
    JsonNode inserted = lines.get(2).path("value");
    assertEquals("c", inserted.path("op").asText(), inserted::toPrettyString);
    assertEquals("quince", inserted.path("after").path("item").asText(), inserted::toPrettyString);

    // a second pipeline on the same database and on the first one's Kafka: both adopted, and its
    // teardown takes only its own objects
    String bootstrap = outputs.path("kafkaBootstrap").asText();
    Path theirs =
        Files.writeString(
            home.resolve("theirs.yaml"),
            Files.readString(spec) + "kafka:\n  existing: {bootstrap: '" + bootstrap + "'}\n");
    Cli.Result second =
        cli.run("up", "theirs", "--target", "sandbox", "--spec", theirs.toString(), "--follow");
    assertEquals(0, second.code(), second::toString);
    JsonNode theirsReady = JSON.readTree(cli.run("status", "theirs", "--json").out());
    assertEquals(bootstrap, theirsReady.path("outputs").path("kafkaBootstrap").asText());
    assertTrue(
        theirsReady
            .path("resources")
            .toString()
            .contains(
                "\"type\":\"sandbox:kafka\",\"id\":\"" + bootstrap + "\",\"state\":\"adopted\""),
        theirsReady.path("resources")::toString);
    assertEquals(
        List.of("cdc_mine_replicator", "cdc_theirs_replicator"),
        db.query("select rolname from pg_roles where rolname like 'cdc%' order by 1"));
    Cli.Result downTheirs = cli.run("down", "theirs");
    assertEquals(0, downTheirs.code(), downTheirs::toString);
    assertEquals(
        List.of("cdc_mine_replicator"),
        db.query("select rolname from pg_roles where rolname like 'cdc%'"));
    assertEquals(List.of("cdc_mine"), db.query("select slot_name from pg_replication_slots"));
    assertTrue(
        PortProbe.accepts(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1))),
        "the adopted broker (mine's) still runs");
    assertEquals(
        "READY", JSON.readTree(cli.run("status", "mine", "--json").out()).path("phase").asText());

    Cli.Result down = cli.run("down", "mine");
    assertEquals(0, down.code(), down::toString);
    JsonNode destroyed = JSON.readTree(cli.run("status", "mine", "--json").out());
    assertEquals("DESTROYED", destroyed.path("phase").asText(), destroyed::toPrettyString);
    assertEquals(0, destroyed.path("resources").size(), destroyed::toPrettyString);

    Map<String, List<String>> after = db.snapshot();
    List<String> orders = after.remove("rows of public.orders");
    List<String> ordersBefore = before.remove("rows of public.orders");
    assertEquals(before, after, "no slot, publication, role or table of the pipeline is left");
    assertEquals(ordersBefore.size() + 1, orders.size(), "the user's rows are untouched");
    assertTrue(orders.containsAll(ordersBefore), orders::toString);
    assertEquals("logical", db.walLevel());

    Cli.Result history = cli.run("history", "mine");
    assertEquals(0, history.code());
    assertTrue(history.out().contains("DataPlanePreflightDatabase"), "a whole history");
    assertFalse(history.out().contains(ADMIN_PASSWORD), "no secret in the workflow history");
    String recordTo = System.getProperty("cdc.recordHistories");
    if (recordTo != null) {
      Files.writeString(Path.of(recordTo, "sandbox-adopted-database.json"), history.out());
    }
  }

  @Test
  void aTableWithoutAPrimaryKeyIsNamedByPreflight_andNothingIsCreated() throws Exception {
    Path spec = spec("nokey.yaml", "public.audit_log");
    Map<String, List<String>> before = db.snapshot();
    Cli.Result checked =
        cli.run("preflight", "nokey", "--target", "sandbox", "--spec", spec.toString());
    assertEquals(1, checked.code(), checked::toString);
    assertTrue(
        checked.out().contains("BLOCKER database.table: public.audit_log has no primary key"),
        checked::toString);
    Cli.Result refused =
        cli.run("up", "nokey", "--target", "sandbox", "--spec", spec.toString(), "--follow");
    assertEquals(1, refused.code(), refused::toString);
    assertTrue(refused.out().contains("public.audit_log has no primary key"), refused::toString);
    assertTrue(
        refused.out().contains("ALTER TABLE public.audit_log REPLICA IDENTITY FULL"),
        refused::toString);
    assertEquals(before, db.snapshot(), "nothing created");
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(line, e);
    }
  }
}
