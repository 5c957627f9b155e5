package io.cdcorchestrator.dataplane;

import static io.cdcorchestrator.dataplane.SandboxDatabase.AWAIT;
import static io.cdcorchestrator.dataplane.SandboxDatabase.access;
import static io.cdcorchestrator.dataplane.SandboxDatabase.consumer;
import static io.cdcorchestrator.dataplane.SandboxDatabase.count;
import static io.cdcorchestrator.dataplane.SandboxDatabase.execute;
import static io.cdcorchestrator.dataplane.SandboxDatabase.next;
import static io.cdcorchestrator.sandbox.ActivityCalls.applicationFailure;
import static io.cdcorchestrator.sandbox.ActivityCalls.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.sandbox.ActivityCalls;
import io.cdcorchestrator.sandbox.SharedSandbox;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Day-2 data-plane activities against the real shared stack: pause, resume and stop through
 * Kafka Connect; a table added with its incremental snapshot through Debezium's signal table and
 * notifications; a table without a key refused; config drift; the lag figures.
 */
@ExtendWith(SharedSandbox.class)
class DataPlaneChangesTest {
  /** Long enough for an event to arrive if one were coming (they arrive in ~100 ms here). */
  private static final Duration QUIET = Duration.ofSeconds(4);

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

  private static void running(DataPlaneAccess a) {
    awaitReady(() -> dataPlane.awaitConnectorRunning(a), AWAIT);
  }

  private static void cleanUp(DataPlaneAccess a) {
    dataPlane.deleteConnector(a);
    dataPlane.dropDatabaseObjects(a);
  }

  private static String insert(String sku) throws Exception {
    // the seed's own column types: available is a quantity
    execute(
        "insert into public.inventory (sku, name, description, price, available) values ('"
            + sku
            + "', 'widget', 'a widget', 9.99, 3)");
    return sku;
  }

  private static boolean createOf(JsonNode e, String sku) {
    return "c".equals(e.path("op").asText()) && sku.equals(e.path("after").path("sku").asText());
  }

  @Test
  void pausedConnector_deliversNothing_untilResumed_andStopReleasesItsTasks() throws Exception {
    DataPlaneAccess a = access("pause");
    dataPlane.initDatabase(a);
    try (KafkaConsumer<String, String> events = consumer(a.changeTopic())) {
      dataPlane.registerConnector(a);
      running(a);
      String before = insert("before-" + UUID.randomUUID());
      JsonNode first = next(events, e -> createOf(e, before));
      assertEquals(3, first.path("after").path("available").asInt(), "the seed's quantity");

      dataPlane.pauseConnector(a);
      Readiness paused =
          awaitReady(() -> dataPlane.awaitConnectorState(a, ConnectorState.PAUSED), AWAIT);
      assertTrue(paused.detail().contains("PAUSED, tasks [0=PAUSED]"), paused.detail());
      ConnectorHealth health = dataPlane.checkHealth(a);
      assertEquals("PAUSED", health.connectorState());
      assertNull(health.reason(), "paused is not broken: the workflow judges it");

      String during = insert("during-" + UUID.randomUUID());
      assertTrue(next(events, e -> createOf(e, during), QUIET).isEmpty(), "no event while paused");

      dataPlane.resumeConnector(a);
      running(a);
      next(events, e -> createOf(e, during)); // arrives once resumed

      dataPlane.stopConnector(a);
      Readiness stopped =
          awaitReady(() -> dataPlane.awaitConnectorState(a, ConnectorState.STOPPED), AWAIT);
      assertTrue(stopped.detail().contains("STOPPED, tasks []"), stopped.detail());
      String whileStopped = insert("stopped-" + UUID.randomUUID());
      assertTrue(next(events, e -> createOf(e, whileStopped), QUIET).isEmpty());
      dataPlane.resumeConnector(a);
      running(a);
      next(events, e -> createOf(e, whileStopped));
    } finally {
      cleanUp(a);
    }
  }

  @Test
  void anAddedTable_isSnapshottedIncrementally_thenStreamed() throws Exception {
    String table = "public.orders_" + Long.toHexString(System.nanoTime());
    execute("create table " + table + " (id serial primary key, item text, quantity integer)");
    execute(
        "insert into " + table + " (item, quantity) values ('bolt', 10), ('nut', 20), ('gear', 3)");
    DataPlaneAccess a = access("snapshot");
    dataPlane.initDatabase(a);
    try {
      dataPlane.registerConnector(a);
      running(a);

      DataPlaneAccess wider = a.withTables(List.of(PipelineNames.CAPTURED_TABLE, table));
      assertTrue(dataPlane.checkTables(wider).contains(table));
      dataPlane.publishTables(wider);
      assertEquals(
          4,
          count(
              "select count(*) from pg_publication_tables where pubname = ?", a.publicationName()));
      dataPlane.registerConnector(wider);
      running(wider); // the tasks run with the new table list
      String signal = dataPlane.requestSnapshot(wider, List.of(table));
      Readiness done =
          awaitReady(() -> dataPlane.awaitSnapshot(wider, signal, List.of(table)), AWAIT);
      assertTrue(done.detail().contains("COMPLETED"), done.detail());
      assertTrue(done.detail().contains(table + " 3 rows"), done.detail());
      check(a, table);
    } finally {
      cleanUp(a);
      execute("drop table " + table);
    }
  }

  /** The table's rows arrived as snapshot reads, its new rows stream, and once removed do not. */
  private static void check(DataPlaneAccess a, String table) throws Exception {
    try (KafkaConsumer<String, String> events = consumer(a.changeTopic(table))) {
      Set<String> snapshotted = new HashSet<>();
      next(events, e -> "r".equals(e.path("op").asText()), 3)
          .forEach(e -> snapshotted.add(e.path("after").path("item").asText()));
      assertEquals(Set.of("bolt", "nut", "gear"), snapshotted);
      execute("insert into " + table + " (item, quantity) values ('spring', 7)");
      JsonNode streamed =
          next(
              events,
              e ->
                  "c".equals(e.path("op").asText())
                      && "spring".equals(e.path("after").path("item").asText()));
      assertEquals(7, streamed.path("after").path("quantity").asInt());

      // removing it again: unpublished, out of the connector; its changes stop
      dataPlane.publishTables(a);
      dataPlane.registerConnector(a);
      running(a);
      execute("insert into " + table + " (item, quantity) values ('washer', 1)");
      assertTrue(
          next(events, e -> "washer".equals(e.path("after").path("item").asText()), QUIET)
              .isEmpty(),
          "a removed table is not captured");
    }
  }

  @Test
  void aTableWithoutAKey_isRefused_andThePublicationStaysAsItWas() throws Exception {
    String table = "public.nokey_" + Long.toHexString(System.nanoTime());
    execute("create table " + table + " (item text, quantity integer)");
    DataPlaneAccess a = access("nokey");
    dataPlane.initDatabase(a);
    DataPlaneAccess wider = a.withTables(List.of(PipelineNames.CAPTURED_TABLE, table));
    try {
      ApplicationFailure checked =
          applicationFailure(
              assertThrows(ActivityFailure.class, () -> dataPlane.checkTables(wider)));
      assertEquals("TableRefused", checked.getType());
      assertTrue(checked.isNonRetryable());
      assertEquals(
          table
              + " has no primary key: Debezium cannot key its events (add a primary key, or ALTER"
              + " TABLE "
              + table
              + " REPLICA IDENTITY FULL)",
          checked.getOriginalMessage());
      ApplicationFailure published =
          applicationFailure(
              assertThrows(ActivityFailure.class, () -> dataPlane.publishTables(wider)));
      assertEquals("TableRefused", published.getType());
      assertEquals(
          3,
          count(
              "select count(*) from pg_publication_tables where pubname = ?", a.publicationName()));

      DataPlaneAccess missing = a.withTables(List.of(PipelineNames.CAPTURED_TABLE, "public.nope"));
      assertEquals(
          "public.nope does not exist in database inventory",
          applicationFailure(
                  assertThrows(ActivityFailure.class, () -> dataPlane.checkTables(missing)))
              .getOriginalMessage());

      execute("alter table " + table + " replica identity full");
      assertTrue(dataPlane.checkTables(wider).contains(table), "REPLICA IDENTITY FULL keys it");
    } finally {
      cleanUp(a);
      execute("drop table " + table);
    }
  }

  @Test
  void aConfigChangedThroughTheRestApi_isDrift_untilRegisteredAgain() throws Exception {
    DataPlaneAccess a = access("drift");
    dataPlane.initDatabase(a);
    try {
      dataPlane.registerConnector(a);
      running(a);
      assertEquals(List.of(), dataPlane.checkHealth(a).configDrift());

      ConnectApi connect = new ConnectApi(a.connectUrl());
      Map<String, String> changed = new LinkedHashMap<>(connect.config(a.connectorName()));
      changed.remove("name");
      changed.put("poll.interval.ms", "5000");
      changed.put("max.batch.size", "100");
      connect.createOrUpdate(a.connectorName(), changed);
      assertEquals(
          List.of("max.batch.size", "poll.interval.ms"), dataPlane.checkHealth(a).configDrift());

      dataPlane.registerConnector(a);
      assertEquals(List.of(), dataPlane.checkHealth(a).configDrift());
    } finally {
      cleanUp(a);
    }
  }

  @Test
  void theLagFigures_comeFromKafka_orFromTheHeartbeatRow() throws Exception {
    DataPlaneAccess a = access("lag");
    dataPlane.initDatabase(a);
    try {
      dataPlane.registerConnector(a);
      running(a);
      insert("lag-" + UUID.randomUUID());
      long deadline = System.nanoTime() + AWAIT.toNanos();
      ConnectorHealth viaKafka = dataPlane.checkHealth(a);
      while (viaKafka.lastEventAgeSeconds() == null && System.nanoTime() < deadline) {
        ActivityCalls.sleep(Duration.ofMillis(500));
        viaKafka = dataPlane.checkHealth(a);
      }
      assertNotNull(viaKafka.lastEventAgeSeconds(), "the insert's event is on the topic");
      assertTrue(viaKafka.lastEventAgeSeconds() < 30, viaKafka::toString);
      assertTrue(viaKafka.retainedWalBytes() >= 0);

      // without Kafka: the heartbeat row, which Debezium rewrites every 10 s while it streams
      execute(
          "insert into public.cdc_heartbeat (id, beat_at) values (1, now() - interval '42 seconds')"
              + " on conflict (id) do update set beat_at = excluded.beat_at");
      DataPlaneAccess noKafka =
          new DataPlaneAccess(
              a.pipeline(),
              a.dbHost(),
              a.dbPort(),
              a.database(),
              a.adminUser(),
              a.adminPassword(),
              a.replicationUser(),
              a.replicationPassword(),
              false,
              a.connectUrl(),
              null,
              a.connectorName(),
              a.topicPrefix(),
              a.slotName(),
              a.publicationName());
      Long age = dataPlane.checkHealth(noKafka).lastEventAgeSeconds();
      assertNotNull(age);
      assertTrue(age <= 42, "the row's age, or younger if Debezium beat meanwhile: " + age);
    } finally {
      cleanUp(a);
    }
  }
}
