package io.cdcorchestrator.pipeline;

/**
 * Everything the data-plane activities need to reach one pipeline's database, Kafka Connect and
 * Kafka. Secrets appear only as references.
 *
 * @param kafkaBootstrap null where the data-plane worker cannot reach Kafka (the CDC proof then
 *     falls back to the connector's topic list)
 * @param rdsReplicationRole true on RDS: replication is granted through the {@code rds_replication}
 *     role, not the REPLICATION attribute
 */
public record DataPlaneAccess(
    String pipeline,
    String dbHost,
    int dbPort,
    String database,
    String adminUser,
    SecretRef adminPassword,
    String replicationUser,
    SecretRef replicationPassword,
    boolean rdsReplicationRole,
    String connectUrl,
    String kafkaBootstrap,
    String connectorName,
    String topicPrefix,
    String slotName,
    String publicationName) {

  public String jdbcUrl() {
    return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database;
  }

  public String changeTopic() {
    return topicPrefix + "." + PipelineNames.CAPTURED_TABLE;
  }
}
