package io.cdcorchestrator.model;

import java.util.regex.Pattern;

/** Names derived from the pipeline name: one place, so every resource is found again by name. */
public final class PipelineNames {
  public static final String NAME_RULE =
      "1-32 characters: lowercase letters, digits and hyphens, starting with a letter";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public static final String WORKFLOW_ID_PREFIX = "cdc-pipeline-";
  public static final String CONNECTOR_NAME = "inventory-connector";
  public static final String DATABASE = "inventory";
  public static final String CAPTURED_TABLE = "public.inventory";
  public static final String HEARTBEAT_TABLE = "public.cdc_heartbeat";

  /** Debezium's signal table: an {@code execute-snapshot} row starts an incremental snapshot. */
  public static final String SIGNAL_TABLE = "public.cdc_signal";

  public static final String REPLICATION_USER = "cdc_replicator";

  private PipelineNames() {}

  /** Returns null when valid, otherwise the one-line reason naming the field. */
  public static String validate(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return "name: '" + name + "' is not a valid pipeline name (" + NAME_RULE + ")";
    }
    return null;
  }

  public static String workflowId(String name) {
    return WORKFLOW_ID_PREFIX + name;
  }

  /**
   * Kafka topic prefix = the pipeline name, so the change topic of {@code demo} is {@code
   * demo.public.inventory}.
   */
  public static String changeTopic(String name) {
    return name + "." + CAPTURED_TABLE;
  }

  /** Replication slot and publication names allow only [a-z0-9_]. */
  public static String slotName(String name) {
    return "cdc_" + name.replace('-', '_');
  }

  /**
   * On an adopted database each pipeline has its own replication user, so tearing one pipeline down
   * never drops another's.
   */
  public static String replicationUser(String name) {
    return "cdc_" + name.replace('-', '_') + "_replicator";
  }

  /** On an adopted database: the pipeline's own heartbeat table. */
  public static String heartbeatTable(String name) {
    return "public.cdc_" + name.replace('-', '_') + "_heartbeat";
  }

  /** On an adopted database: the pipeline's own signal table. */
  public static String signalTable(String name) {
    return "public.cdc_" + name.replace('-', '_') + "_signal";
  }

  public static String publicationName(String name) {
    return "cdc_" + name.replace('-', '_') + "_pub";
  }
}
