package io.cdcorchestrator.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDC proof: write a canary row with a unique sku and watch it arrive, then remove the row.
 * With Kafka reachable the proof is the canary's own {@code op=c} event; without, it is the
 * connector reporting the change topic among the topics it wrote to.
 *
 * <p>On an adopted database the user's tables are not written to: the canary is a row of the
 * pipeline's own heartbeat table (captured too), keyed by a random negative id that Debezium's
 * heartbeat (id 1) never uses.
 */
final class CanaryProbe {
  static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Logger LOG = LoggerFactory.getLogger(CanaryProbe.class);

  private record Canary(String id, String sku, long insertedAtNanos) {}

  /** Where the canary goes: the seed's table, or an adopted database's heartbeat table. */
  static String topic(DataPlaneAccess a) {
    return a.adoptedDatabase() ? a.changeTopic(a.heartbeatTable()) : a.changeTopic();
  }

  private interface Arrival {
    boolean seen(Canary canary) throws Exception;
  }

  private CanaryProbe() {}

  /** Empty when the canary's event did not arrive within {@link #WAIT}. */
  static Optional<CdcProof> viaKafka(DataPlaneAccess a, Runnable heartbeat) throws Exception {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(a))) {
      consumer.subscribe(List.of(topic(a)));
      return withCanary(
          a,
          heartbeat,
          "kafka",
          canary -> {
            for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
              if (a.adoptedDatabase()
                  ? isCreateOfId(r.value(), canary.id())
                  : isCreateOf(r.value(), canary.sku())) {
                return true;
              }
            }
            return false;
          });
    }
  }

  /** Empty when the connector did not list the change topic within {@link #WAIT}. */
  static Optional<CdcProof> viaConnectTopics(
      DataPlaneAccess a, ConnectApi connect, Runnable heartbeat) throws Exception {
    return withCanary(
        a,
        heartbeat,
        "connect-topics",
        canary -> {
          if (connect.topics(a.connectorName()).contains(topic(a))) {
            return true;
          }
          Thread.sleep(POLL.toMillis());
          return false;
        });
  }

  /**
   * A Debezium change event (JSON with or without the schema envelope) that creates the row with
   * this sku.
   */
  static boolean isCreateOf(String value, String sku) {
    return isCreate(value, "sku", sku);
  }

  /** A Debezium change event that creates the heartbeat-table row with this id. */
  static boolean isCreateOfId(String value, String id) {
    return isCreate(value, "id", id);
  }

  private static boolean isCreate(String value, String column, String expected) {
    if (value == null || !value.contains(expected)) {
      return false; // tombstones, and every event of other rows, without parsing
    }
    try {
      JsonNode event = ConnectApi.JSON.readTree(value);
      if (event.has("schema") && event.has("payload")) {
        event = event.get("payload");
      }
      return "c".equals(event.path("op").asText())
          && expected.equals(event.path("after").path(column).asText());
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static Optional<CdcProof> withCanary(
      DataPlaneAccess a, Runnable heartbeat, String via, Arrival arrival) throws Exception {
    try (Connection db = PostgresAdmin.connect(a)) {
      Canary canary = a.adoptedDatabase() ? insertBeat(db, a.heartbeatTable()) : insert(db);
      try {
        long deadline = canary.insertedAtNanos() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
          heartbeat.run();
          if (arrival.seen(canary)) {
            long latency = (System.nanoTime() - canary.insertedAtNanos()) / 1_000_000;
            LOG.info(
                "CDC proof via {}: canary {} arrived on {} after {} ms",
                via,
                canary.id(),
                topic(a),
                latency);
            return Optional.of(new CdcProof(topic(a), canary.id(), "c", latency, via));
          }
        }
        return Optional.empty();
      } finally {
        if (a.adoptedDatabase()) {
          removeBeat(db, a.heartbeatTable(), canary.id());
        } else {
          remove(db, canary.id());
        }
      }
    }
  }

  private static Canary insert(Connection db) throws SQLException {
    String sku = "cdc-canary-" + UUID.randomUUID();
    try (PreparedStatement s =
        db.prepareStatement(
            "insert into "
                + PipelineNames.CAPTURED_TABLE
                + " (sku, name, description, price, available) "
                + "values (?, 'CDC canary', 'written by the CDC proof, removed right after', 0, 0) returning id")) {
      s.setString(1, sku);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Canary(
            rs.getString(1), sku, System.nanoTime()); // autocommit: committed once this returns
      }
    }
  }

  /** A canary row of the pipeline's own heartbeat table, under a random negative id. */
  private static Canary insertBeat(Connection db, String table) throws SQLException {
    int id = -1 - new java.security.SecureRandom().nextInt(Integer.MAX_VALUE - 1);
    try (PreparedStatement s =
        db.prepareStatement("insert into " + table + " (id, beat_at) values (?, now())")) {
      s.setInt(1, id);
      s.executeUpdate();
    }
    return new Canary(Integer.toString(id), null, System.nanoTime());
  }

  private static void removeBeat(Connection db, String table, String id) {
    try (PreparedStatement s = db.prepareStatement("delete from " + table + " where id = ?")) {
      s.setInt(1, Integer.parseInt(id));
      s.executeUpdate();
    } catch (SQLException e) {
      LOG.warn("Could not remove canary row {} of {}: {}", id, table, e.getMessage());
    }
  }

  /** Best effort: a leftover canary row is harmless, a masked proof result would not be. */
  private static void remove(Connection db, String id) {
    try (PreparedStatement s =
        db.prepareStatement(
            "delete from " + PipelineNames.CAPTURED_TABLE + " where id = ?::uuid")) {
      s.setString(1, id);
      s.executeUpdate();
    } catch (SQLException e) {
      LOG.warn("Could not remove canary row {}: {}", id, e.getMessage());
    }
  }

  private static Properties consumerConfig(DataPlaneAccess a) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "cdc-proof-" + a.pipeline() + "-" + UUID.randomUUID());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cdc-proof-" + a.pipeline());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // the default (5 min) can hide a topic Debezium creates after we subscribed
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "300");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return p;
  }
}
