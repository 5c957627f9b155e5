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
import java.util.ArrayList;
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
                "insert into public.inventory (sku, name, price, available) values (?, 'widget', 9.99, true)")) {
      insert.setString(1, sku);
      assertEquals(1, insert.executeUpdate());
    }
    JsonNode event = awaitEvent(bootstrap, "e2e.public.inventory", sku);
    assertEquals("c", event.path("op").asText(), event::toPrettyString);

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

  private static JsonNode awaitEvent(String bootstrap, String topic, String sku) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() == null) {
            continue;
          }
          JsonNode v = JSON.readTree(r.value());
          JsonNode payload = v.has("payload") ? v.path("payload") : v;
          seen.add(payload.path("op").asText());
          if (sku.equals(payload.path("after").path("sku").asText())) {
            return payload;
          }
        }
      }
    }
    return fail("no change event for " + sku + " on " + topic + "; ops seen " + seen);
  }
}
