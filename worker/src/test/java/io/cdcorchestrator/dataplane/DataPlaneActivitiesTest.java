package io.cdcorchestrator.dataplane;

import static io.cdcorchestrator.dataplane.SandboxDatabase.access;
import static io.cdcorchestrator.dataplane.SandboxDatabase.admin;
import static io.cdcorchestrator.dataplane.SandboxDatabase.consumer;
import static io.cdcorchestrator.dataplane.SandboxDatabase.count;
import static io.cdcorchestrator.dataplane.SandboxDatabase.execute;
import static io.cdcorchestrator.dataplane.SandboxDatabase.jdbcUrl;
import static io.cdcorchestrator.dataplane.SandboxDatabase.next;
import static io.cdcorchestrator.sandbox.ActivityCalls.applicationFailure;
import static io.cdcorchestrator.sandbox.ActivityCalls.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.sandbox.ActivityCalls;
import io.cdcorchestrator.sandbox.SharedSandbox;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The data-plane activities against the real shared stack. Each test has its own connector, slot,
 * publication and topic prefix; they share the database, its tables and the replication user.
 */
@ExtendWith(SharedSandbox.class)
class DataPlaneActivitiesTest {
  private static final Duration AWAIT = Duration.ofSeconds(60);
  private static TestActivityEnvironment env;
  private static DataPlaneActivities dataPlane;

  @BeforeAll
  static void startEnvironment() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new DataPlaneActivitiesImpl());
    dataPlane = env.newActivityStub(DataPlaneActivities.class, ActivityCalls.ONCE);
  }

  @AfterAll
  static void closeEnvironment() {
    env.close();
  }

  @Test
  void databaseAndConnectAreReadyAndUnreachableOnesAreNotYet() {
    DataPlaneAccess a = access("ready");
    Readiness db = dataPlane.awaitDatabase(a);
    assertTrue(db.detail().contains("wal_level=logical"), db.detail());
    Readiness connect = dataPlane.awaitConnect(a);
    assertTrue(connect.detail().contains(ConnectorConfig.POSTGRES_CONNECTOR), connect.detail());

    DataPlaneAccess nowhere = with(a, Map.of("dbPort", "1", "connectUrl", "http://127.0.0.1:1"));
    for (Runnable await :
        List.<Runnable>of(
            () -> dataPlane.awaitDatabase(nowhere), () -> dataPlane.awaitConnect(nowhere))) {
      ApplicationFailure f = applicationFailure(assertThrows(ActivityFailure.class, await::run));
      assertEquals(NotReady.TYPE, f.getType());
      assertFalse(f.isNonRetryable(), "connection refused may pass: " + f.getOriginalMessage());
    }
  }

  @Test
  void connectStillRegisteringItsResourcesIsNotReadyYetButAWrongAnswerIsFinal() throws Exception {
    // Doubles of Connect: one mid-restart (HTTP server up, REST resources not yet), one refusing.
    try (MockWebServer starting = new MockWebServer();
        MockWebServer broken = new MockWebServer()) {
      starting.enqueue(json(404, "{\"code\":404,\"message\":\"HTTP 404 Not Found\"}"));
      broken.enqueue(json(401, "{\"code\":401,\"message\":\"Unauthorized\"}"));
      DataPlaneAccess a = access("restarting");
      ApplicationFailure notYet =
          applicationFailure(
              assertThrows(
                  ActivityFailure.class,
                  () -> dataPlane.awaitConnect(with(a, Map.of("connectUrl", url(starting))))));
      assertEquals(NotReady.TYPE, notYet.getType());
      assertFalse(notYet.isNonRetryable(), notYet.getOriginalMessage());
      ApplicationFailure wrong =
          applicationFailure(
              assertThrows(
                  ActivityFailure.class,
                  () -> dataPlane.awaitConnect(with(a, Map.of("connectUrl", url(broken))))));
      assertTrue(
          wrong.isNonRetryable(), "401 does not pass by waiting: " + wrong.getOriginalMessage());
    }
  }

  private static String url(MockWebServer server) {
    return "http://127.0.0.1:" + server.getPort();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  @Test
  void initDatabaseTwiceLeavesOneOfEachAndNoPlaintextInServerLogs() throws Exception {
    DataPlaneAccess a = access("init");
    String password = SecretResolver.resolve(a.replicationPassword());
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute(
          "alter role postgres set log_statement = 'all'"); // every admin statement into the server
      // log
    }
    ResourceRecord first;
    ResourceRecord second;
    try {
      first = dataPlane.initDatabase(a);
      second = dataPlane.initDatabase(a);
    } finally {
      try (Connection c = admin();
          Statement s = c.createStatement()) {
        s.execute("alter role postgres reset log_statement");
      }
    }
    assertEquals(first, second);
    assertEquals(
        new ResourceRecord(
            "postgres:cdc-objects",
            a.publicationName(),
            "created",
            Map.of(
                "user",
                PipelineNames.REPLICATION_USER,
                "publication",
                a.publicationName(),
                "slot",
                a.slotName())),
        first);
    assertFalse(first.toString().contains(password));

    assertEquals(
        1,
        count(
            "select count(*) from pg_tables where schemaname = 'public' and tablename = ?",
            "inventory"));
    assertEquals(
        1,
        count(
            "select count(*) from pg_tables where schemaname = 'public' and tablename = ?",
            "cdc_heartbeat"));
    assertEquals(
        1, count("select count(*) from pg_publication where pubname = ?", a.publicationName()));
    assertEquals(
        3, // the captured table, the heartbeat and the signal table
        count("select count(*) from pg_publication_tables where pubname = ?", a.publicationName()));
    assertEquals(
        1,
        count("select count(*) from pg_roles where rolname = ?", PipelineNames.REPLICATION_USER));
    assertEquals(
        1,
        count(
            "select count(*) from pg_roles where rolname = ? and rolreplication and rolcanlogin "
                + "and not rolsuper and not rolcreatedb and not rolcreaterole",
            PipelineNames.REPLICATION_USER));
    assertEquals(
        1,
        count(
            "select count(*) from pg_authid where rolname = ? and rolpassword like 'SCRAM-SHA-256$%'",
            PipelineNames.REPLICATION_USER));
    String u = PipelineNames.REPLICATION_USER;
    assertEquals(
        1,
        count(
            "select count(*) where has_table_privilege(?, 'public.inventory', 'SELECT') "
                + "and not has_table_privilege('"
                + u
                + "', 'public.inventory', 'INSERT') "
                + "and has_table_privilege('"
                + u
                + "', 'public.cdc_heartbeat', 'INSERT, UPDATE') "
                + "and not has_table_privilege('"
                + u
                + "', 'public.cdc_heartbeat', 'DELETE')",
            u));

    try (Connection c = DriverManager.getConnection(jdbcUrl(), u, password)) {
      assertTrue(
          c.isValid(2), "the replication user logs in with the generated password over SCRAM");
    }
    SQLException wrong =
        assertThrows(
            SQLException.class, () -> DriverManager.getConnection(jdbcUrl(), u, password + "x"));
    assertEquals("28P01", wrong.getSQLState());

    String serverLog = serverLog();
    assertTrue(
        serverLog.contains("PASSWORD 'SCRAM-SHA-256$"),
        "the server logged the ALTER USER, with a hash");
    assertFalse(serverLog.contains(password), "the plaintext password never reached the server");
  }

  @Test
  void registerTwiceKeepsOneConnectorWhoseConfigHoldsNoPassword() {
    DataPlaneAccess a = access("register");
    dataPlane.initDatabase(a);
    try {
      ResourceRecord created = dataPlane.registerConnector(a);
      ResourceRecord updated = dataPlane.registerConnector(a);
      assertEquals("connect:connector", created.type());
      assertEquals("created", created.state());
      assertEquals("updated", updated.state());
      assertEquals(a.connectUrl() + "/connectors/" + a.connectorName(), created.attr("url"));

      ConnectApi api = new ConnectApi(a.connectUrl());
      assertEquals(1, api.list().stream().filter(a.connectorName()::equals).count());
      Map<String, String> config = api.config(a.connectorName());
      String password = SecretResolver.resolve(a.replicationPassword());
      assertEquals(a.replicationPassword().connectPlaceholder(), config.get("database.password"));
      assertEquals(
          "${file:"
              + SharedSandbox.ROOT.resolve("shared/secrets/replication.properties")
              + ":password}",
          config.get("database.password"));
      config.forEach((k, v) -> assertFalse(v.contains(password), "the password is in " + k));
      assertEquals("disabled", config.get("publication.autocreate.mode"));
      assertEquals(a.slotName(), config.get("slot.name"));
      assertTrue(config.get("heartbeat.action.query").contains("cdc_heartbeat"));
      assertFalse(created.toString().contains(password));
    } finally {
      cleanUp(a);
    }
  }

  @Test
  void insertUpdateAndDeleteArriveAsChangeEventsAndTheProofPasses() throws Exception {
    DataPlaneAccess a = access("cdc");
    dataPlane.initDatabase(a);
    try (KafkaConsumer<String, String> consumer = consumer(a.changeTopic())) {
      dataPlane.registerConnector(a);
      Readiness running = awaitReady(() -> dataPlane.awaitConnectorRunning(a), AWAIT);
      assertTrue(running.detail().contains("1 task(s) RUNNING"), running.detail());

      String sku = "sku-" + UUID.randomUUID();
      String id;
      long insertedAt;
      try (Connection c = admin();
          PreparedStatement s =
              c.prepareStatement(
                  "insert into public.inventory (sku, name, price, available) values (?, 'widget', 9.99, 3) returning id")) {
        s.setString(1, sku);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          id = rs.getString(1);
          insertedAt = System.nanoTime();
        }
      }
      JsonNode created =
          next(
              consumer,
              e ->
                  "c".equals(e.path("op").asText())
                      && id.equals(e.path("after").path("id").asText()));
      long insertLatencyMs = (System.nanoTime() - insertedAt) / 1_000_000;
      assertEquals(sku, created.path("after").path("sku").asText());
      assertEquals("9.99", created.path("after").path("price").asText());

      long updatedAt = System.nanoTime();
      execute("update public.inventory set price = 12.50 where id = '" + id + "'");
      JsonNode updated =
          next(
              consumer,
              e ->
                  "u".equals(e.path("op").asText())
                      && id.equals(e.path("after").path("id").asText()));
      long updateLatencyMs = (System.nanoTime() - updatedAt) / 1_000_000;
      assertEquals("12.50", updated.path("after").path("price").asText());

      execute("delete from public.inventory where id = '" + id + "'");
      JsonNode deleted =
          next(
              consumer,
              e ->
                  "d".equals(e.path("op").asText())
                      && id.equals(e.path("before").path("id").asText()));
      assertTrue(deleted.path("after").isNull());
      // the first event also waits for the topic to be created and the consumer to be assigned to
      // it
      System.out.printf(
          "INSERT -> change event consumed: %d ms (first event of the topic), UPDATE -> event: %d ms%n",
          insertLatencyMs, updateLatencyMs);

      CdcProof viaKafka = dataPlane.proveCdc(a);
      assertEquals(
          new CdcProof(
              a.changeTopic(), viaKafka.canaryId(), "c", viaKafka.latencyMillis(), "kafka"),
          viaKafka);
      assertEquals(
          0,
          count("select count(*) from public.inventory where id = ?::uuid", viaKafka.canaryId()),
          "canary removed");
      System.out.printf("proveCdc via kafka: %d ms%n", viaKafka.latencyMillis());

      CdcProof viaConnect = dataPlane.proveCdc(with(a, Map.of("kafkaBootstrap", "")));
      assertEquals("connect-topics", viaConnect.via());
      assertEquals(a.changeTopic(), viaConnect.topic());

      ConnectorHealth health = dataPlane.checkHealth(a);
      assertNull(health.reason(), health.reason());
      assertEquals("RUNNING", health.connectorState());
      assertTrue(health.retainedWalBytes() >= 0);
      assertTrue(health.healthy());

      dataPlane.restartFailed(
          a); // nothing failed: a no-op that must not disturb the running connector
      awaitReady(() -> dataPlane.awaitConnectorRunning(a), AWAIT);
    } finally {
      cleanUp(a);
    }
  }

  @Test
  void dropDatabaseObjectsRemovesSlotPublicationAndRoleButKeepsTheTables() {
    DataPlaneAccess a = access("drop");
    dataPlane.initDatabase(a);
    dataPlane.registerConnector(a);
    awaitReady(() -> dataPlane.awaitConnectorRunning(a), AWAIT);
    assertEquals(
        1, count("select count(*) from pg_replication_slots where slot_name = ?", a.slotName()));

    dataPlane.deleteConnector(a);
    dataPlane.deleteConnector(a); // absent = done
    dataPlane.dropDatabaseObjects(a);
    dataPlane.dropDatabaseObjects(a); // nothing left = done

    assertEquals(
        0, count("select count(*) from pg_replication_slots where slot_name = ?", a.slotName()));
    assertEquals(
        0, count("select count(*) from pg_publication where pubname = ?", a.publicationName()));
    assertEquals(
        0,
        count("select count(*) from pg_roles where rolname = ?", PipelineNames.REPLICATION_USER));
    assertEquals(
        1,
        count(
            "select count(*) from pg_tables where schemaname = 'public' and tablename = ?",
            "inventory"));
    assertEquals(
        1,
        count(
            "select count(*) from pg_tables where schemaname = 'public' and tablename = ?",
            "cdc_heartbeat"));

    ConnectorHealth health = dataPlane.checkHealth(a);
    assertEquals("MISSING", health.connectorState());
    assertEquals(-1, health.retainedWalBytes());
    assertTrue(health.reason().contains("slot " + a.slotName() + " is missing"), health.reason());
  }

  @Test
  void aConnectorWhoseTaskFailsIsReportedNonRetryableWithItsTrace() {
    DataPlaneAccess a = access("fails");
    dataPlane.initDatabase(a);
    // the publication exists under another name only, and the connector may not create one
    DataPlaneAccess noPublication = with(a, Map.of("publicationName", "cdc_missing_pub"));
    try {
      dataPlane.registerConnector(noPublication);
      ActivityFailure f =
          assertThrows(
              ActivityFailure.class,
              () -> awaitReady(() -> dataPlane.awaitConnectorRunning(noPublication), AWAIT));
      ApplicationFailure af = applicationFailure(f);
      assertEquals(NotReady.TERMINAL_TYPE, af.getType());
      assertTrue(af.isNonRetryable());
      assertTrue(
          af.getOriginalMessage().contains("Publication autocreation is disabled"),
          af.getOriginalMessage());
      assertTrue(af.getOriginalMessage().length() < 2300, "the trace is truncated");

      ConnectorHealth health = dataPlane.checkHealth(noPublication);
      assertFalse(health.healthy());
      assertEquals(List.of(0), health.failedTasks());
    } finally {
      cleanUp(noPublication);
    }
  }

  @Test
  void aConfigThatFailsValidationIsNonRetryableAndCreatesNothing() {
    DataPlaneAccess a = with(access("invalid"), Map.of("dbPort", "1"));
    ApplicationFailure f =
        applicationFailure(
            assertThrows(ActivityFailure.class, () -> dataPlane.registerConnector(a)));
    assertTrue(f.isNonRetryable());
    assertEquals("ConnectorConfigInvalid", f.getType());
    assertTrue(f.getOriginalMessage().contains("\ndatabase.hostname: "), f.getOriginalMessage());
    assertFalse(new ConnectApi(a.connectUrl()).list().contains(a.connectorName()));
  }

  /**
   * RDS's master user replicating (the AWS path): SQL init neither resolves nor sets its password
   * and leaves its role as it is; dropping the CDC objects keeps the user and the data tables.
   */
  @Test
  void theAdminReplicatingKeepsItsPasswordAndRole() throws Exception {
    String admin = "cdc_master_test";
    Path secret = Files.createTempFile("master", ".properties");
    Files.writeString(secret, "password=Master-Pass-1\n");
    execute("create role " + admin + " login superuser password 'Master-Pass-1'");
    try {
      String hashBefore = rolpassword(admin);
      DataPlaneAccess base = access("master");
      SecretRef password = SecretRef.file(secret.toString(), "password");
      DataPlaneAccess a =
          new DataPlaneAccess(
              base.pipeline(),
              base.dbHost(),
              base.dbPort(),
              base.database(),
              admin,
              password,
              admin,
              new SecretRef("file:/nonexistent/never-read.properties:password"),
              true,
              base.connectUrl(),
              base.kafkaBootstrap(),
              base.connectorName(),
              base.topicPrefix(),
              base.slotName(),
              base.publicationName());
      assertTrue(a.replicatesAsAdmin());
      dataPlane.initDatabase(a);
      assertEquals(hashBefore, rolpassword(admin), "the master password is RDS's, not ours to set");
      assertEquals(
          1, count("select count(*) from pg_publication where pubname = ?", a.publicationName()));

      dataPlane.dropDatabaseObjects(a);
      assertEquals(
          0, count("select count(*) from pg_publication where pubname = ?", a.publicationName()));
      assertEquals(
          1,
          count("select count(*) from pg_roles where rolname = ? and rolcanlogin", admin),
          "still logs in");
      assertEquals(hashBefore, rolpassword(admin));
      assertEquals(
          1,
          count("select count(*) from pg_tables where tablename = ?", "inventory"),
          "data tables stay");
    } finally {
      execute("drop owned by " + admin);
      execute("drop role " + admin);
      Files.deleteIfExists(secret);
    }
  }

  private static String rolpassword(String role) throws SQLException {
    try (Connection c = admin();
        PreparedStatement s =
            c.prepareStatement("select rolpassword from pg_authid where rolname = ?")) {
      s.setString(1, role);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** A copy of {@code a} with some fields replaced, by record component name. */
  private static DataPlaneAccess with(DataPlaneAccess a, Map<String, String> changes) {
    Map<String, Object> f = new HashMap<>();
    for (var c : DataPlaneAccess.class.getRecordComponents()) {
      try {
        f.put(c.getName(), c.getAccessor().invoke(a));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    changes.forEach((k, v) -> f.put(k, k.equals("dbPort") ? Integer.parseInt(v) : v));
    return new DataPlaneAccess(
        (String) f.get("pipeline"),
        (String) f.get("dbHost"),
        (int) f.get("dbPort"),
        (String) f.get("database"),
        (String) f.get("adminUser"),
        (SecretRef) f.get("adminPassword"),
        (String) f.get("replicationUser"),
        (SecretRef) f.get("replicationPassword"),
        (boolean) f.get("rdsReplicationRole"),
        (String) f.get("connectUrl"),
        (String) f.get("kafkaBootstrap"),
        (String) f.get("connectorName"),
        (String) f.get("topicPrefix"),
        (String) f.get("slotName"),
        (String) f.get("publicationName"));
  }

  private static void cleanUp(DataPlaneAccess a) {
    dataPlane.deleteConnector(a);
    dataPlane.dropDatabaseObjects(a);
  }

  /** The sandbox PostgreSQL's own log files (logging_collector writes them under pgdata/log). */
  private static String serverLog() throws IOException {
    Path logDir = Path.of(SharedSandbox.stack().workDir().attr("path"), "pgdata", "log");
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path f : files.sorted().toList()) {
        all.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return all.toString();
  }
}
