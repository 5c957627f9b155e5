package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.local.PortProbe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product, for real: a local Temporal (the temporal CLI dev server when installed, else
 * the embedded test server), a worker with the real activities, the sandbox's PostgreSQL, Kafka and
 * Connect + Debezium, driven through the cdc command line. No test double anywhere.
 */
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  static LocalStack stack;
  static Cli cli;

  @BeforeAll
  static void startTemporalAndWorker() {
    stack = LocalStack.start(LocalTemporal.Flavour.AUTO, FreePort.find(), home, null);
    cli = stack.cli;
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void up_ready_insertArrivesAsEvent_down_destroyed_nothingLeft() throws Exception {
    Cli.Result up = cli.run("up", "e2e", "--target", "sandbox", "--follow");
    assertEquals(0, up.code(), up::toString);

    JsonNode ready = JSON.readTree(cli.run("status", "e2e", "--json").out());
    assertEquals("READY", ready.path("phase").asText(), ready::toPrettyString);
    JsonNode outputs = ready.path("outputs");
    String jdbcUrl = outputs.path("jdbcUrl").asText();
    String bootstrap = outputs.path("kafkaBootstrap").asText();
    String connectUrl = outputs.path("connectUrl").asText();
    assertEquals("e2e.public.inventory", outputs.path("changeTopic").asText());
    // the replication password exists only in the pipeline's 0600 secret file
    Properties secret = new Properties();
    try (var in =
        Files.newInputStream(home.resolve("sandbox/e2e/secrets/replication.properties"))) {
      secret.load(in);
    }
    String password = secret.getProperty("password");
    assertTrue(password != null && password.length() >= 16);
    assertFalse(ready.toString().contains(password), "no secret in status");
    String connectorConfig =
        new String(
            URI.create(connectUrl + "/connectors/inventory-connector/config")
                .toURL()
                .openStream()
                .readAllBytes());
    assertTrue(connectorConfig.contains("${file:"), connectorConfig);
    assertFalse(connectorConfig.contains(password), "no secret in the connector config");

    Cli.Result second = cli.run("up", "e2e", "--target", "sandbox");
    assertEquals(0, second.code(), second::toString);
    assertTrue(second.out().contains("READY"), "an existing run is reported: " + second);

    // an INSERT through plain JDBC arrives on the change topic, read by a plain Kafka consumer
    String sku = "e2e-" + UUID.randomUUID();
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement insert =
            db.prepareStatement(
                "insert into public.inventory (sku, name, price, available) values (?, 'widget', 9.99, 3)")) {
      insert.setString(1, sku);
      assertEquals(1, insert.executeUpdate());
    }
    JsonNode event = awaitEvent(bootstrap, "e2e.public.inventory", sku);
    assertEquals("c", event.path("op").asText(), event::toPrettyString);
    assertEquals(3, event.path("after").path("available").asInt(), "the seed's quantity column");

    List<Integer> ports =
        List.of(
            URI.create(jdbcUrl.substring("jdbc:".length())).getPort(),
            Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)),
            URI.create(connectUrl).getPort());
    ports.forEach(p -> assertTrue(PortProbe.accepts(p), "port " + p + " open while READY"));

    Cli.Result down = cli.run("down", "e2e");
    assertEquals(0, down.code(), down::toString);
    JsonNode destroyed = JSON.readTree(cli.run("status", "e2e", "--json").out());
    assertEquals("DESTROYED", destroyed.path("phase").asText(), destroyed::toPrettyString);
    assertEquals(0, destroyed.path("resources").size());
    ports.forEach(p -> assertFalse(PortProbe.accepts(p), "port " + p + " closed after down"));
    assertFalse(Files.exists(home.resolve("sandbox").resolve("e2e")), "work directory removed");

    Cli.Result downAgain = cli.run("down", "e2e");
    assertEquals(0, downAgain.code(), "down twice is a no-op success: " + downAgain);

    Cli.Result history = cli.run("history", "e2e");
    assertEquals(0, history.code());
    assertTrue(history.out().contains("SandboxCreatePostgres"), "a whole history");
    assertFalse(history.out().contains(password), "no secret in the workflow history");
    String recordTo = System.getProperty("cdc.recordHistories");
    if (recordTo != null) {
      Files.writeString(Path.of(recordTo, "sandbox-success.json"), history.out());
    }
  }

  @Test
  void downWhileProvisioning_compensatesWhatExists_andLeavesNothing() throws Exception {
    Cli.Result up = cli.run("up", "e2e-early", "--target", "sandbox");
    assertEquals(0, up.code(), up::toString);
    // wait until the sandbox processes are being created, then tear down mid-way
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode status = JSON.readTree(cli.run("status", "e2e-early", "--json").out());
    while (!status.toString().contains("\"createConnect\"") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = JSON.readTree(cli.run("status", "e2e-early", "--json").out());
    }
    assertTrue(status.toString().contains("\"createConnect\""), status::toPrettyString);

    Cli.Result down = cli.run("down", "e2e-early");
    assertEquals(0, down.code(), down::toString);
    JsonNode destroyed = JSON.readTree(cli.run("status", "e2e-early", "--json").out());
    assertEquals("DESTROYED", destroyed.path("phase").asText(), destroyed::toPrettyString);
    assertEquals(0, destroyed.path("resources").size(), destroyed::toPrettyString);
    assertTrue(destroyed.path("error").isNull(), destroyed::toPrettyString);
    assertFalse(
        Files.exists(home.resolve("sandbox").resolve("e2e-early")), "work directory removed");
    String recordTo = System.getProperty("cdc.recordHistories");
    if (recordTo != null) {
      Files.writeString(
          Path.of(recordTo, "sandbox-destroyed-while-provisioning.json"),
          cli.run("history", "e2e-early").out());
    }
  }

  /**
   * Day 2 on the real sandbox, through the CLI: pause (a row written meanwhile arrives only after
   * resume), apply adding a table with rows (snapshot, then streaming), a table without a key
   * refused, a config changed behind the workflow's back shown as drift and reconciled, a failed
   * task restarted automatically with the count in status.
   */
  @Test
  void day2_pauseResume_applyATable_driftReconciled_failedTaskRestarted() throws Exception {
    Path spec = Files.writeString(home.resolve("day2.yaml"), "watchIntervalSeconds: 2\n");
    Cli.Result up =
        cli.run("up", "day2", "--target", "sandbox", "--spec", spec.toString(), "--follow");
    assertEquals(0, up.code(), up::toString);
    JsonNode outputs = JSON.readTree(cli.run("status", "day2", "--json").out()).path("outputs");
    String jdbcUrl = outputs.path("jdbcUrl").asText();
    String bootstrap = outputs.path("kafkaBootstrap").asText();
    String connectUrl = outputs.path("connectUrl").asText();
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
      // pause: a row written while paused produces no event until resume
      Cli.Result pause = cli.run("pause", "day2");
      assertEquals(0, pause.code(), pause::toString);
      assertEquals("PAUSED", statusOf("day2").path("phase").asText());
      String sku = "paused-" + UUID.randomUUID();
      execute(
          db,
          "insert into public.inventory (sku, name, price, available) values ('"
              + sku
              + "', 'widget', 1, 3)");
      assertTrue(
          awaitEvent(bootstrap, "day2.public.inventory", sku, Duration.ofSeconds(5)).isEmpty(),
          "no event while paused");
      Cli.Result resume = cli.run("resume", "day2");
      assertEquals(0, resume.code(), resume::toString);
      assertEquals("c", awaitEvent(bootstrap, "day2.public.inventory", sku).path("op").asText());

      // apply: a second table with rows arrives by its snapshot, then its new rows stream
      execute(db, "create table public.orders (id serial primary key, item text, quantity int)");
      execute(db, "insert into public.orders (item, quantity) values ('bolt', 10), ('nut', 20)");
      Path wider =
          Files.writeString(
              home.resolve("day2-orders.yaml"),
              "watchIntervalSeconds: 2\ntables: [public.inventory, public.orders]\n");
      Cli.Result apply = cli.run("apply", "day2", "--spec", wider.toString(), "--yes");
      assertEquals(0, apply.code(), apply::toString);
      assertTrue(apply.out().contains("awaitSnapshot"), apply::toString);
      assertEquals(
          "r", awaitEvent(bootstrap, "day2.public.orders", "bolt", "item").path("op").asText());
      assertEquals(
          "r", awaitEvent(bootstrap, "day2.public.orders", "nut", "item").path("op").asText());
      execute(db, "insert into public.orders (item, quantity) values ('gear', 3)");
      assertEquals(
          "c", awaitEvent(bootstrap, "day2.public.orders", "gear", "item").path("op").asText());
      Cli.Result orders =
          cli.run(
              "events",
              "day2",
              "--table",
              "public.orders",
              "--from-beginning",
              "--max",
              "3",
              "--timeout",
              "60");
      assertEquals(0, orders.code(), orders::toString);
      assertEquals(
          List.of("r", "r", "c"),
          orders.out().lines().map(EndToEndTest::readOp).toList(),
          "the snapshot's reads, then the streamed insert: " + orders);
      JsonNode applied =
          awaitStatus("day2", s -> s.path("lag").path("lastEventAgeSeconds").isNumber());
      assertEquals("[\"public.inventory\",\"public.orders\"]", applied.path("tables").toString());
      assertEquals(0, applied.path("restarts").path("count").asInt());
      assertTrue(applied.path("lag").path("retainedWalBytes").isNumber(), applied::toPrettyString);
      assertEquals("[]", applied.path("drift").toString());

      // a table without a key is refused before anything changes
      execute(db, "create table public.nokey (item text)");
      Path nokey =
          Files.writeString(
              home.resolve("day2-nokey.yaml"),
              "watchIntervalSeconds: 2\ntables: [public.inventory, public.orders, public.nokey]\n");
      Cli.Result refused = cli.run("apply", "day2", "--spec", nokey.toString(), "--yes");
      assertEquals(1, refused.code(), refused::toString);
      assertTrue(
          refused.err().startsWith("apply refused: public.nokey has no primary key"),
          refused::toString);
      assertEquals(
          "[\"public.inventory\",\"public.orders\"]", statusOf("day2").path("tables").toString());

      // a config changed through the Connect REST API is drift until reconciled
      ConnectRest.put(connectUrl, "inventory-connector", "poll.interval.ms", "777");
      JsonNode drifted =
          awaitStatus("day2", s -> s.path("drift").toString().contains("poll.interval.ms"));
      assertEquals("[\"connector.poll.interval.ms\"]", drifted.path("drift").toString());
      Cli.Result reconcile = cli.run("apply", "day2", "--reconcile", "--yes");
      assertEquals(0, reconcile.code(), reconcile::toString);
      assertTrue(reconcile.out().contains("< connector.poll.interval.ms"), reconcile::toString);
      assertEquals("[]", statusOf("day2").path("drift").toString());
      assertEquals("100", ConnectRest.get(connectUrl, "inventory-connector", "poll.interval.ms"));

      // a task that fails (its publication gone) is restarted by the watch, counted in status
      execute(db, "drop publication cdc_day2_pub");
      ConnectRest.restartTasks(connectUrl, "inventory-connector");
      JsonNode restarted = awaitStatus("day2", s -> s.path("restarts").path("count").asInt() >= 1);
      assertEquals("DEGRADED", restarted.path("phase").asText(), restarted::toPrettyString);
      assertTrue(restarted.path("restarts").path("last").isTextual(), restarted::toPrettyString);
      JsonNode waiting = awaitStatus("day2", s -> s.path("error").asText().contains("due at"));
      assertTrue(
          waiting.path("error").asText().contains("automatic restart 2 due at"),
          waiting::toPrettyString);
      // put right and restarted by hand: READY, the count from zero again
      execute(
          db,
          "create publication cdc_day2_pub for table public.inventory, public.orders,"
              + " public.cdc_heartbeat, public.cdc_signal");
      Cli.Result again = cli.run("resume", "day2");
      assertEquals(0, again.code(), again::toString);
      JsonNode healed = awaitStatus("day2", s -> "READY".equals(s.path("phase").asText()));
      assertEquals(0, healed.path("restarts").path("count").asInt());
    } finally {
      assertEquals(0, cli.run("down", "day2").code());
    }
    String recordTo = System.getProperty("cdc.recordHistories");
    if (recordTo != null) {
      Files.writeString(
          Path.of(recordTo, "sandbox-day2-changes.json"), cli.run("history", "day2").out());
    }
  }

  private static String readOp(String eventLine) {
    try {
      return JSON.readTree(eventLine).path("value").path("op").asText();
    } catch (Exception e) {
      throw new AssertionError(eventLine, e);
    }
  }

  private static JsonNode statusOf(String name) throws Exception {
    return JSON.readTree(cli.run("status", name, "--json").out());
  }

  private static JsonNode awaitStatus(String name, java.util.function.Predicate<JsonNode> until)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode s = statusOf(name);
    while (!until.test(s) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      s = statusOf(name);
    }
    assertTrue(until.test(s), s::toPrettyString);
    return s;
  }

  private static void execute(Connection db, String sql) throws Exception {
    try (var s = db.createStatement()) {
      s.execute(sql);
    }
  }

  private static JsonNode awaitEvent(String bootstrap, String topic, String sku) throws Exception {
    return awaitEvent(bootstrap, topic, sku, "sku");
  }

  private static JsonNode awaitEvent(String bootstrap, String topic, String value, String column)
      throws Exception {
    return awaitEvent(bootstrap, topic, value, column, Duration.ofSeconds(60))
        .orElseGet(() -> fail("no change event with " + column + " " + value + " on " + topic));
  }

  private static java.util.Optional<JsonNode> awaitEvent(
      String bootstrap, String topic, String sku, Duration wait) throws Exception {
    return awaitEvent(bootstrap, topic, sku, "sku", wait);
  }

  /** The change event whose row has {@code column} = {@code value}, if one comes in time. */
  private static java.util.Optional<JsonNode> awaitEvent(
      String bootstrap, String topic, String value, String column, Duration wait) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "300"); // a topic Debezium creates meanwhile
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() == null) {
            continue;
          }
          JsonNode v = JSON.readTree(r.value());
          JsonNode payload = v.has("payload") ? v.path("payload") : v;
          if (value.equals(payload.path("after").path(column).asText())) {
            return java.util.Optional.of(payload);
          }
        }
      }
    }
    return java.util.Optional.empty();
  }
}
