package io.cdcorchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A sandbox pipeline seen from outside, as a user would: its endpoints from {@code cdc status
 * --json}, plain JDBC, a plain Kafka consumer, the Connect REST API, and the processes of its work
 * directory.
 */
final class Sandbox {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  final int pgPort;
  final String bootstrap;
  final URI connect;

  private Sandbox(String name, int pgPort, String bootstrap, URI connect) {
    this.name = name;
    this.pgPort = pgPort;
    this.bootstrap = bootstrap;
    this.connect = connect;
  }

  /** From a status's resources; null when the pipeline has no PostgreSQL yet. */
  static Sandbox of(Path home, String name, JsonNode status) {
    String pg = id(status, "sandbox:postgres");
    if (pg == null || pg.equals(name)) { // an intent ("creating") carries the expected id
      return null;
    }
    String kafka = id(status, "sandbox:kafka");
    String connect = id(status, "sandbox:connect");
    return new Sandbox(
        name,
        Integer.parseInt(pg.substring(pg.lastIndexOf(':') + 1)),
        kafka == null || kafka.equals(name) ? null : kafka,
        connect == null || connect.equals(name) ? null : URI.create(connect));
  }

  static List<Integer> ports(JsonNode status) {
    List<Integer> ports = new ArrayList<>();
    for (String type : List.of("sandbox:postgres", "sandbox:kafka", "sandbox:connect")) {
      String id = id(status, type);
      if (id != null && id.contains(":")) {
        String port = id.substring(id.lastIndexOf(':') + 1);
        if (port.matches("\\d+")) {
          ports.add(Integer.parseInt(port));
        }
      }
    }
    return ports;
  }

  private static String id(JsonNode status, String type) {
    for (JsonNode r : status.path("resources")) {
      if (r.path("type").asText().equals(type)) {
        return r.path("id").asText();
      }
    }
    return null;
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pgPort + "/inventory?connectTimeout=5", "postgres", "");
  }

  boolean hasTable() throws SQLException {
    try (Connection c = admin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select to_regclass('public.inventory') is not null")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Inserts a row; its sku. */
  String insert(String tag) throws SQLException {
    String sku = tag + "-" + UUID.randomUUID();
    try (Connection c = admin();
        PreparedStatement s =
            c.prepareStatement("insert into public.inventory (sku, name) values (?, 'crash')")) {
      s.setString(1, sku);
      s.executeUpdate();
    }
    return sku;
  }

  int slots() throws SQLException {
    try (Connection c = admin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from pg_replication_slots")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  int connectors() throws Exception {
    try (var in = connect.resolve("/connectors").toURL().openStream()) {
      return JSON.readTree(in).size();
    }
  }

  /** Change events of {@code sku} on the change topic (at least one within 90 s, then all seen). */
  int awaitEvents(String sku) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    int seen = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(name + ".public.inventory"));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      long settle = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settle)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null
              && sku.equals(JSON.readTree(r.value()).path("after").path("sku").asText())) {
            seen++;
            settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
          }
        }
      }
    }
    return seen;
  }

  /** Postmasters serving the pipeline's data directory. */
  static List<Long> postmasters(Path workDir) {
    String data = workDir.resolve("pgdata").toString();
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().command().orElse("").endsWith("/postgres"))
        .filter(h -> h.info().commandLine().orElse("").contains(data))
        .map(ProcessHandle::pid)
        .toList();
  }

  /** Every process whose command line names the work directory. */
  static List<String> processesOf(Path workDir) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().orElse("").contains(workDir.toString()))
        .map(h -> h.pid() + " " + h.info().command().orElse("?"))
        .toList();
  }
}
