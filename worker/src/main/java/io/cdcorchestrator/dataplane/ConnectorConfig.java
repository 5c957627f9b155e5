package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The Debezium PostgreSQL connector config of a pipeline (Debezium 3.x property names). */
final class ConnectorConfig {
  static final String POSTGRES_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";

  private ConnectorConfig() {}

  /**
   * On AWS the ECS task definition hands Connect the RDS secret's password as the environment
   * variable {@value TaskDefinitionRequest#DATABASE_PASSWORD_ENV} (ECS resolves it at task start),
   * and Connect's env config provider reads it; elsewhere a file reference is Connect's file
   * provider.
   */
  static String passwordPlaceholder(SecretRef password) {
    if (password.uri().startsWith(SecretResolver.AWS_SECRETS_MANAGER)) {
      return "${env:" + TaskDefinitionRequest.DATABASE_PASSWORD_ENV + "}";
    }
    return password.connectPlaceholder();
  }

  static Map<String, String> debezium(DataPlaneAccess a) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", POSTGRES_CONNECTOR);
    c.put("tasks.max", "1");
    c.put("database.hostname", a.dbHost());
    c.put("database.port", Integer.toString(a.dbPort()));
    c.put("database.dbname", a.database());
    c.put("database.user", a.replicationUser());
    // a config-provider placeholder: Connect resolves it when it starts the task, and its REST API
    // (GET /connectors/<name>/config) and config topic only ever show the placeholder
    c.put("database.password", passwordPlaceholder(a.replicationPassword()));
    c.put("topic.prefix", a.topicPrefix());
    c.put("plugin.name", "pgoutput");
    c.put("slot.name", a.slotName());
    c.put("publication.name", a.publicationName());
    // initDatabase created the publication as admin; the replication user may not create one
    c.put("publication.autocreate.mode", "disabled");
    c.put("table.include.list", includeList(a));
    c.put("snapshot.mode", "initial");
    // heartbeats write to a captured table, so an idle inventory table cannot make the slot hold
    // WAL forever
    c.put("heartbeat.interval.ms", "10000");
    c.put("heartbeat.action.query", SqlInit.heartbeatUpsert(a.heartbeatTable()));
    c.put("poll.interval.ms", "100");
    // schemaless JSON would otherwise show numeric columns as base64 bytes
    c.put("decimal.handling.mode", "string");
    // an execute-snapshot row in the signal table starts an incremental snapshot of a new table;
    // Debezium's window markers go into the same table and are deleted again at once
    c.put("signal.data.collection", a.signalTable());
    c.put("incremental.snapshot.watermarking.strategy", "insert_delete");
    // its progress (STARTED ... TABLE_SCAN_COMPLETED, COMPLETED, with the signal's id) as records
    c.put("notification.enabled.channels", "sink");
    c.put("notification.sink.topic.name", a.notificationTopic());
    return c;
  }

  /** The captured tables and the heartbeat table, in the connector's comma-separated form. */
  static String includeList(DataPlaneAccess a) {
    List<String> tables = new ArrayList<>(a.tables());
    tables.add(a.heartbeatTable());
    return String.join(",", tables);
  }

  /**
   * The keys whose running value (Connect's {@code GET /connectors/<name>/config}, which adds
   * {@code name}) differs from what the pipeline registers: changed, added or removed behind its
   * back.
   */
  static List<String> drift(Map<String, String> expected, Map<String, String> running) {
    TreeSet<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(running.keySet());
    keys.remove("name");
    List<String> differ = new ArrayList<>();
    for (String k : keys) {
      if (!java.util.Objects.equals(expected.get(k), running.get(k))) {
        differ.add(k);
      }
    }
    return differ;
  }
}
