package io.cdcorchestrator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Everything the data-plane activities need to reach one pipeline's database, Kafka Connect and
 * Kafka. Secrets appear only as references.
 *
 * @param kafkaBootstrap null where the data-plane worker cannot reach Kafka (the CDC proof then
 *     falls back to the connector's topic list)
 * @param rdsReplicationRole true on RDS: replication is granted through the {@code rds_replication}
 *     role, not the REPLICATION attribute
 * @param bastion null for direct access (the worker reaches the database and Connect itself);
 *     otherwise every call tunnels through it
 * @param embedded true when the database and Kafka Connect are the pipeline's own sandbox
 *     processes: one that refuses connections is not running, and what lived in it goes with its
 *     state, which the sandbox teardown removes (a dead Connect's connector with Kafka's topics,
 *     the slot with PostgreSQL's data directory). False (and absent from earlier histories)
 *     elsewhere.
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
    String publicationName,
    BastionAccess bastion,
    boolean embedded) {

  /** Through a bastion or direct, not embedded: the AWS target. */
  public DataPlaneAccess(
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
      String publicationName,
      BastionAccess bastion) {
    this(
        pipeline,
        dbHost,
        dbPort,
        database,
        adminUser,
        adminPassword,
        replicationUser,
        replicationPassword,
        rdsReplicationRole,
        connectUrl,
        kafkaBootstrap,
        connectorName,
        topicPrefix,
        slotName,
        publicationName,
        bastion,
        false);
  }

  /** Direct access: what every target built before the bastion existed. */
  public DataPlaneAccess(
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
    this(
        pipeline,
        dbHost,
        dbPort,
        database,
        adminUser,
        adminPassword,
        replicationUser,
        replicationPassword,
        rdsReplicationRole,
        connectUrl,
        kafkaBootstrap,
        connectorName,
        topicPrefix,
        slotName,
        publicationName,
        null);
  }

  public DataPlaneAccess withBastion(BastionAccess b) {
    return new DataPlaneAccess(
        pipeline,
        dbHost,
        dbPort,
        database,
        adminUser,
        adminPassword,
        replicationUser,
        replicationPassword,
        rdsReplicationRole,
        connectUrl,
        kafkaBootstrap,
        connectorName,
        topicPrefix,
        slotName,
        publicationName,
        b,
        embedded);
  }

  /**
   * The same pipeline reached at other addresses (a tunnel's local ends); the bastion is not used
   * again.
   */
  public DataPlaneAccess reachedAt(String host, int port, String connect) {
    return new DataPlaneAccess(
        pipeline,
        host,
        port,
        database,
        adminUser,
        adminPassword,
        replicationUser,
        replicationPassword,
        rdsReplicationRole,
        connect,
        kafkaBootstrap,
        connectorName,
        topicPrefix,
        slotName,
        publicationName,
        null,
        embedded);
  }

  /** The same access, marked as the pipeline's own embedded sandbox processes. */
  public DataPlaneAccess asEmbedded() {
    return new DataPlaneAccess(
        pipeline,
        dbHost,
        dbPort,
        database,
        adminUser,
        adminPassword,
        replicationUser,
        replicationPassword,
        rdsReplicationRole,
        connectUrl,
        kafkaBootstrap,
        connectorName,
        topicPrefix,
        slotName,
        publicationName,
        bastion,
        true);
  }

  /**
   * The replication user is the admin (master) user: SQL init must leave its password and role
   * alone.
   */
  @JsonIgnore
  public boolean replicatesAsAdmin() {
    return adminUser.equals(replicationUser);
  }

  /** For status: how the data-plane worker reaches this pipeline. */
  @JsonIgnore
  public String accessPath() {
    return bastion == null ? "direct" : "via " + bastion;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database;
  }

  public String changeTopic() {
    return topicPrefix + "." + PipelineNames.CAPTURED_TABLE;
  }
}
