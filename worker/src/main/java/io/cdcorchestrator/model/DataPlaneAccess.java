package io.cdcorchestrator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

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
 * @param tables the captured tables ({@code schema.table}); null in runs recorded before the list
 *     existed, which captured the seed's table alone
 * @param embedded true when the database and Kafka Connect are the pipeline's own sandbox
 *     processes: one that refuses connections is not running, and what lived in it goes with its
 *     state, which the sandbox teardown removes (a dead Connect's connector with Kafka's topics,
 *     the slot with PostgreSQL's data directory). False (and absent from earlier histories)
 *     elsewhere.
 * @param adoptedDatabase the user's own database ({@code database.existing}): the pipeline's
 *     heartbeat and signal tables carry its name (two pipelines may share the database), SQL init
 *     creates no seed table, the CDC proof writes to the heartbeat table instead of a user's table,
 *     and teardown drops the pipeline's tables too; never {@code embedded}; false in runs recorded
 *     before the field
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
    List<String> tables,
    boolean embedded,
    boolean adoptedDatabase) {

  public DataPlaneAccess {
    tables = tables == null || tables.isEmpty() ? PipelineSpec.DEFAULT_TABLES : List.copyOf(tables);
  }

  /**
   * A pipeline on the user's own database ({@code database.existing}): its own replication user,
   * slot and publication; before Connect exists (the preflight) {@code connectUrl} is null.
   */
  public static DataPlaneAccess adopted(
      String pipeline,
      Existing.Database db,
      List<String> tables,
      SecretRef replicationPassword,
      String connectUrl,
      String kafkaBootstrap) {
    return onUsersDatabase(
        pipeline,
        db.host(),
        db.port(),
        db.databaseName(),
        db.user(),
        db.password(),
        PipelineNames.replicationUser(pipeline),
        replicationPassword,
        false,
        connectUrl,
        kafkaBootstrap,
        tables);
  }

  /**
   * A pipeline on the user's database on AWS ({@code database.existing}): the admin of the spec
   * replicates (on RDS through {@code rds_replication}), Kafka Connect reads its credentials from
   * the admin's secret, so the pipeline creates no role of its own there; before Connect exists
   * (the preflight) {@code connectUrl} is null.
   */
  public static DataPlaneAccess adoptedOnAws(
      String pipeline,
      Existing.Database db,
      String host,
      int port,
      String database,
      List<String> tables,
      String connectUrl) {
    SecretRef password = db.password();
    return onUsersDatabase(
        pipeline,
        host,
        port,
        database,
        db.user(),
        password,
        db.user(),
        password,
        db.instanceId() != null,
        connectUrl,
        null,
        tables);
  }

  /** The pipeline's own names (connector, topic prefix, slot, publication) on a user's database. */
  private static DataPlaneAccess onUsersDatabase(
      String pipeline,
      String host,
      int port,
      String database,
      String admin,
      SecretRef adminPassword,
      String replicationUser,
      SecretRef replicationPassword,
      boolean rds,
      String connectUrl,
      String kafkaBootstrap,
      List<String> tables) {
    return new DataPlaneAccess(
        pipeline,
        host,
        port,
        database,
        admin,
        adminPassword,
        replicationUser,
        replicationPassword,
        rds,
        connectUrl,
        kafkaBootstrap,
        PipelineNames.CONNECTOR_NAME,
        pipeline,
        PipelineNames.slotName(pipeline),
        PipelineNames.publicationName(pipeline),
        null,
        tables,
        false,
        true);
  }

  /** Access as it was before the table list existed: the seed's table alone; not embedded. */
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
        null,
        false,
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
    return copy(dbHost, dbPort, connectUrl, b, tables, embedded);
  }

  /** The same pipeline capturing {@code captured} instead. */
  public DataPlaneAccess withTables(List<String> captured) {
    return copy(dbHost, dbPort, connectUrl, bastion, captured, embedded);
  }

  /**
   * The same pipeline reached at other addresses (a tunnel's local ends); the bastion is not used
   * again.
   */
  public DataPlaneAccess reachedAt(String host, int port, String connect) {
    return copy(host, port, connect, null, tables, embedded);
  }

  /** The same access, marked as the pipeline's own embedded sandbox processes. */
  public DataPlaneAccess asEmbedded() {
    return copy(dbHost, dbPort, connectUrl, bastion, tables, true);
  }

  /** This access with the fields the withers change; the pipeline's names and secrets stay. */
  private DataPlaneAccess copy(
      String host, int port, String connect, BastionAccess b, List<String> t, boolean e) {
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
        b,
        t,
        e,
        adoptedDatabase);
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

  /** The first captured table's topic: the seed's table, or on an adopted database the user's. */
  public String changeTopic() {
    return changeTopic(adoptedDatabase ? tables.get(0) : PipelineNames.CAPTURED_TABLE);
  }

  /**
   * The table Debezium's heartbeat writes to; on an adopted database one per pipeline, so that
   * dropping it never touches another pipeline's.
   */
  @JsonIgnore
  public String heartbeatTable() {
    return adoptedDatabase ? PipelineNames.heartbeatTable(pipeline) : PipelineNames.HEARTBEAT_TABLE;
  }

  /** Debezium's signal table; on an adopted database one per pipeline. */
  @JsonIgnore
  public String signalTable() {
    return adoptedDatabase ? PipelineNames.signalTable(pipeline) : PipelineNames.SIGNAL_TABLE;
  }

  /** Debezium's topic for {@code table}: {@code <prefix>.<schema>.<table>}. */
  public String changeTopic(String table) {
    return topicPrefix + "." + table;
  }

  /** Debezium's notifications (e.g. an incremental snapshot's progress) go to this topic. */
  @JsonIgnore
  public String notificationTopic() {
    return "__debezium-notifications." + topicPrefix;
  }

  /**
   * What the publication holds: the captured tables, the heartbeat table (Debezium writes it, so
   * the slot advances while the data is idle) and the signal table (Debezium reads its signals from
   * the WAL).
   */
  @JsonIgnore
  public List<String> publishedTables() {
    List<String> all = new ArrayList<>(tables);
    all.add(heartbeatTable());
    all.add(signalTable());
    return all;
  }
}
