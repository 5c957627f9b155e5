package io.cdcorchestrator.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.sandbox.SharedSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The shared sandbox stack as the data-plane tests use it: a pipeline's access per test (its own
 * connector, slot, publication and topic prefix), the admin's JDBC connection, and a consumer of
 * change events.
 */
final class SandboxDatabase {
  static final Duration AWAIT = Duration.ofSeconds(60);

  private SandboxDatabase() {}

  /** Per-test connector, slot, publication and topic prefix on the shared stack. */
  static DataPlaneAccess access(String test) {
    SharedSandbox.Stack s = SharedSandbox.stack();
    String id = test.replace('-', '_');
    return new DataPlaneAccess(
        SharedSandbox.PIPELINE,
        "127.0.0.1",
        Integer.parseInt(s.postgres().attr("port")),
        s.postgres().attr("database"),
        s.postgres().attr("adminUser"),
        new SecretRef(s.postgres().attr("adminPassword")),
        PipelineNames.REPLICATION_USER,
        new SecretRef(s.postgres().attr("replicationPassword")),
        false,
        s.connect().attr("url"),
        s.kafka().attr("bootstrap"),
        "connector-" + test,
        "t-" + test,
        "slot_" + id,
        "pub_" + id);
  }

  static String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:"
        + SharedSandbox.stack().postgres().attr("port")
        + "/inventory";
  }

  static Connection admin() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  static void execute(String sql) throws SQLException {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static long count(String sql, String param) {
    try (Connection c = admin();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, param);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static KafkaConsumer<String, String> consumer(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedSandbox.stack().kafka().attr("bootstrap"));
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "300");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** The next change event (schemaless JSON, as the sandbox's converters write it) that matches. */
  static JsonNode next(KafkaConsumer<String, String> consumer, Predicate<JsonNode> match)
      throws Exception {
    List<String> seen = new ArrayList<>();
    return next(consumer, match, AWAIT, seen)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no matching change event within " + AWAIT + "; events seen: " + seen));
  }

  /** The next {@code n} matching change events (the rest of each batch read is dropped). */
  static List<JsonNode> next(
      KafkaConsumer<String, String> consumer, Predicate<JsonNode> match, int n) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (found.size() < n && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.value() != null && found.size() < n) {
          JsonNode event = ConnectApi.JSON.readTree(r.value());
          if (match.test(event)) {
            found.add(event);
          }
        }
      }
    }
    if (found.size() < n) {
      throw new AssertionError(
          "only " + found.size() + " of " + n + " matching events within " + AWAIT + ": " + found);
    }
    return found;
  }

  /** The next matching change event within {@code wait}, if one comes. */
  static java.util.Optional<JsonNode> next(
      KafkaConsumer<String, String> consumer, Predicate<JsonNode> match, Duration wait)
      throws Exception {
    return next(consumer, match, wait, new ArrayList<>());
  }

  private static java.util.Optional<JsonNode> next(
      KafkaConsumer<String, String> consumer,
      Predicate<JsonNode> match,
      Duration wait,
      List<String> seen)
      throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.value() != null) {
          JsonNode event = ConnectApi.JSON.readTree(r.value());
          seen.add(r.value().length() > 300 ? r.value().substring(0, 300) : r.value());
          if (match.test(event)) {
            return java.util.Optional.of(event);
          }
        }
      }
    }
    return java.util.Optional.empty();
  }
}
