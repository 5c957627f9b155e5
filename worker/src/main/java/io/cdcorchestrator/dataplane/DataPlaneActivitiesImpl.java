package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.WatchWindow;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.observability.ActivityMetrics;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane over JDBC (pgjdbc), the Kafka Connect REST API (OkHttp) and Kafka (the CDC proof).
 * Stateless: everything comes in with {@link DataPlaneAccess}, secrets are resolved per call.
 */
public class DataPlaneActivitiesImpl implements DataPlaneActivities, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataPlaneActivitiesImpl.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration DB_POLL = Duration.ofSeconds(1);
  private static final Duration SNAPSHOT_POLL = Duration.ofSeconds(1);
  private static final Duration SNAPSHOT_LATE_POLL = Duration.ofSeconds(10);
  private static final int SNAPSHOT_EARLY_POLLS = 60;
  private static final int MAX_TRACE_CHARS = 2000;
  private static final Duration SSH_POLL = Duration.ofSeconds(5);

  /** pgjdbc's SQLSTATE when the server refused the TCP connection (nothing listens). */
  private static final String CONNECTION_REFUSED = "08001";

  private final SshKeyPush keys;
  private final BastionSessions sessions;
  private final WatchLoop.Sleeper sleeper;

  /** Keys for the bastion go through EC2 Instance Connect. */
  public DataPlaneActivitiesImpl() {
    this(new InstanceConnectKeyPush());
  }

  public DataPlaneActivitiesImpl(SshKeyPush keys) {
    this(keys, d -> Thread.sleep(d.toMillis()));
  }

  /** With the watch window's wait between checks given (tests: a fake clock). */
  DataPlaneActivitiesImpl(SshKeyPush keys, WatchLoop.Sleeper sleeper) {
    this.keys = keys;
    this.sessions = new BastionSessions(keys);
    this.sleeper = sleeper;
  }

  @Override
  public BastionAccess pinBastionHostKey(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.openTrustingOnFirstUse(a, keys)) {
      LOG.info("{} answers with host key {}", a.bastion(), BastionTunnel.fingerprint(t.hostKey()));
      return a.bastion().pinned(t.hostKey());
    } catch (ApplicationFailure e) {
      if ("BastionUnreachable".equals(e.getType())) { // sshd not up yet right after boot
        throw NotReady.retryAfter(SSH_POLL, e.getOriginalMessage());
      }
      throw e;
    }
  }

  @Override
  public List<Finding> preflightDatabase(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      return DatabasePreflight.check(t.local());
    }
  }

  @Override
  public Readiness awaitDatabase(DataPlaneAccess a) {
    String where = a.dbHost() + ":" + a.dbPort() + "/" + a.database();
    try (BastionTunnel t = BastionTunnel.open(a, keys);
        Connection c = PostgresAdmin.connect(t.local())) {
      PostgresAdmin.ServerFacts facts = PostgresAdmin.serverFacts(c);
      if (!"logical".equals(facts.walLevel())) {
        throw NotReady.terminal(
            "PostgreSQL at "
                + where
                + " runs with wal_level="
                + facts.walLevel()
                + "; CDC needs wal_level=logical (RDS: set rds.logical_replication=1 in the DB parameter group and "
                + "reboot; self-managed: ALTER SYSTEM SET wal_level = logical, then restart)");
      }
      return ready("PostgreSQL " + facts.version() + " at " + where + ", wal_level=logical");
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
        throw NotReady.terminal(
            "PostgreSQL at " + where + " rejected user " + a.adminUser() + ": " + e.getMessage());
      }
      throw NotReady.retryAfter(
          DB_POLL,
          "PostgreSQL at " + where + " does not accept connections yet: " + e.getMessage());
    } catch (SecretResolver.UnresolvableSecret e) {
      throw Failures.secret(e);
    }
  }

  @Override
  public ResourceRecord initDatabase(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.open(a, keys);
        Connection c = PostgresAdmin.connect(t.local())) {
      // the admin replicating keeps its own password (RDS's master secret): nothing to resolve or
      // set
      String password =
          a.replicatesAsAdmin() ? null : SecretResolver.resolve(a.replicationPassword());
      if (password == null && !a.replicatesAsAdmin()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the replication user "
                + a.replicationUser()
                + " needs a password; its reference is 'none'",
            "SecretUnavailable");
      }
      SqlInit.init(c, a, password);
    } catch (SqlInit.TableRefused e) {
      throw tableRefused(e);
    } catch (SQLException e) {
      throw Failures.sql("initialising the CDC objects in " + a.database(), e);
    } catch (SecretResolver.UnresolvableSecret e) {
      throw Failures.secret(e);
    }
    return new ResourceRecord(
        ResourceTypes.DB_CDC_OBJECTS,
        a.publicationName(),
        "created",
        Map.of(
            "user", a.replicationUser(), "publication", a.publicationName(), "slot", a.slotName()));
  }

  @Override
  public void dropDatabaseObjects(DataPlaneAccess a) {
    sessions.close(a.pipeline()); // teardown: the watch's session is done
    try (BastionTunnel t = BastionTunnel.open(a, keys);
        Connection c = PostgresAdmin.connect(t.local())) {
      SqlInit.drop(c, a);
    } catch (SQLException e) {
      if (a.embedded() && CONNECTION_REFUSED.equals(e.getSQLState())) {
        LOG.info(
            "PostgreSQL of sandbox pipeline {} is not running: slot {} goes with its data directory",
            a.pipeline(),
            a.slotName());
        return;
      }
      throw Failures.sql("dropping the CDC objects in " + a.database(), e);
    } catch (SecretResolver.UnresolvableSecret e) {
      throw Failures.secret(e);
    }
  }

  @Override
  public Readiness awaitConnect(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      ConnectApi connect = new ConnectApi(t.local().connectUrl());
      ConnectApi.ServerInfo info = connect.root();
      List<ConnectApi.PluginInfo> plugins = connect.connectorPlugins();
      Optional<ConnectApi.PluginInfo> debezium =
          plugins.stream()
              .filter(p -> ConnectorConfig.POSTGRES_CONNECTOR.equals(p.className()))
              .findFirst();
      if (debezium.isEmpty()) {
        throw NotReady.terminal(
            "Kafka Connect at "
                + a.connectUrl()
                + " has no "
                + ConnectorConfig.POSTGRES_CONNECTOR
                + " plugin; it offers "
                + plugins.stream().map(ConnectApi.PluginInfo::className).toList());
      }
      return ready(
          "Kafka Connect "
              + info.version()
              + " at "
              + a.connectUrl()
              + " with "
              + ConnectorConfig.POSTGRES_CONNECTOR
              + " "
              + debezium.get().version());
    } catch (ConnectApiException e) {
      // A Connect worker that is (re)starting answers 404 on every path until its REST resources
      // are registered: that is "not yet", bounded by the wait's deadline like a refused
      // connection.
      if (e.transientFailure() || e.notFound()) {
        throw NotReady.retryAfter(
            POLL,
            "Kafka Connect at " + a.connectUrl() + " is not answering yet: " + e.getMessage());
      }
      throw NotReady.terminal("Kafka Connect at " + a.connectUrl() + " answered " + e.getMessage());
    }
  }

  @Override
  public ResourceRecord registerConnector(DataPlaneAccess a) {
    Map<String, String> config;
    try {
      config = ConnectorConfig.debezium(a);
    } catch (IllegalStateException e) { // a secret reference Connect has no config provider for
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "SecretUnavailable");
    }
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      // the config names the database as Connect reaches it (a); only this call goes through the
      // tunnel
      ConnectApi connect = new ConnectApi(t.local().connectUrl());
      Map<String, String> named = new LinkedHashMap<>(config);
      named.put("name", a.connectorName());
      // a config that fails Debezium's checks makes the PUT below answer a bare 500 (an NPE);
      // validate says why
      ConnectApi.Validation validation =
          connect.validate(ConnectorConfig.POSTGRES_CONNECTOR, named);
      if (validation.errorCount() > 0) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Kafka Connect rejects the config of connector "
                + a.connectorName()
                + ":\n"
                + String.join("\n", validation.errors()),
            "ConnectorConfigInvalid");
      }
      ConnectApi.Upsert upsert = connect.createOrUpdate(a.connectorName(), config);
      String state = upsert == ConnectApi.Upsert.CREATED ? "created" : "updated";
      LOG.info("Connector {} {} at {}", a.connectorName(), state, a.connectUrl());
      return new ResourceRecord(
          ResourceTypes.CONNECTOR,
          a.connectorName(),
          state,
          Map.of("url", a.connectUrl() + "/connectors/" + a.connectorName()));
    } catch (ConnectApiException e) {
      throw Failures.connect("registering connector " + a.connectorName(), e);
    }
  }

  @Override
  public void deleteConnector(DataPlaneAccess a) {
    sessions.close(a.pipeline()); // teardown: the watch's session is done
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      boolean deleted = new ConnectApi(t.local().connectUrl()).delete(a.connectorName());
      LOG.info("Connector {} {}", a.connectorName(), deleted ? "deleted" : "was already absent");
    } catch (ConnectApiException e) {
      if (a.embedded() && e.refused()) {
        LOG.info(
            "Kafka Connect of sandbox pipeline {} is not running: connector {} goes with its"
                + " Kafka topics",
            a.pipeline(),
            a.connectorName());
        return;
      }
      throw Failures.connect("deleting connector " + a.connectorName(), e);
    }
  }

  @Override
  public Readiness awaitConnectorRunning(DataPlaneAccess a) {
    ConnectorStatus status;
    List<String> staleTasks;
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      ConnectApi connect = new ConnectApi(t.local().connectUrl());
      status = connect.status(a.connectorName());
      String tables = ConnectorConfig.includeList(a);
      staleTasks =
          connect.tasks(a.connectorName()).stream()
              .filter(task -> !tables.equals(task.config().get("table.include.list")))
              .map(task -> "task " + task.id().task())
              .toList();
    } catch (ConnectApiException e) {
      if (e.notFound() || e.transientFailure()) { // 404 for a moment after the create
        throw NotReady.retryAfter(
            POLL, "no status of connector " + a.connectorName() + " yet: " + e.getMessage());
      }
      throw Failures.connect("reading the status of connector " + a.connectorName(), e);
    }
    if (status.connectorFailed()) {
      throw NotReady.terminal(
          "connector " + a.connectorName() + " FAILED: " + truncate(status.connector().trace()));
    }
    if (!status.failedTasks().isEmpty()) {
      ConnectorStatus.TaskState task = status.failedTasks().get(0);
      throw NotReady.terminal(
          "task "
              + task.id()
              + " of connector "
              + a.connectorName()
              + " FAILED: "
              + truncate(task.trace()));
    }
    if (status.allRunning() && staleTasks.isEmpty()) {
      return ready(
          "connector " + a.connectorName() + " and " + status.tasks().size() + " task(s) RUNNING");
    }
    if (status.allRunning()) {
      throw NotReady.retryAfter(
          POLL,
          staleTasks
              + " of connector "
              + a.connectorName()
              + " still run(s) the previous table list; Connect restarts them with "
              + ConnectorConfig.includeList(a));
    }
    throw NotReady.retryAfter(
        POLL,
        "connector "
            + a.connectorName()
            + " is "
            + status.connector().state()
            + ", tasks "
            + status.tasks().stream().map(t -> t.id() + "=" + t.state()).toList());
  }

  @Override
  public CdcProof proveCdc(DataPlaneAccess a) {
    boolean viaKafka = a.kafkaBootstrap() != null && !a.kafkaBootstrap().isBlank();
    Runnable heartbeat =
        () ->
            Activity.getExecutionContext()
                .heartbeat("waiting for the canary on " + CanaryProbe.topic(a));
    Optional<CdcProof> proof;
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      DataPlaneAccess l = t.local();
      proof =
          viaKafka
              ? CanaryProbe.viaKafka(l, heartbeat)
              : CanaryProbe.viaConnectTopics(l, new ConnectApi(l.connectUrl()), heartbeat);
    } catch (SQLException e) {
      throw Failures.sql("writing the canary row", e);
    } catch (ConnectApiException e) {
      throw Failures.connect("reading the topics of connector " + a.connectorName(), e);
    } catch (SecretResolver.UnresolvableSecret e) {
      throw Failures.secret(e);
    } catch (KafkaException e) {
      throw ApplicationFailure.newFailureWithCause(
          "consuming " + CanaryProbe.topic(a) + " failed: " + e.getMessage(),
          "KafkaUnavailable",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause(
          "interrupted while waiting for the canary", "Interrupted", e);
    } catch (ActivityCompletionException e) { // cancelled or timed out: let Temporal see it as such
      throw e;
    } catch (Exception e) {
      throw ApplicationFailure.newFailureWithCause(
          "CDC proof failed: " + e.getMessage(), "CdcProofFailed", e);
    }
    return proof.orElseThrow(
        () ->
            ApplicationFailure.newFailure(
                "no change event for the canary row reached "
                    + CanaryProbe.topic(a)
                    + " within "
                    + CanaryProbe.WAIT.toSeconds()
                    + " s (checked via "
                    + (viaKafka ? "kafka" : "connect-topics")
                    + ")",
                "CdcProofTimeout"));
  }

  @Override
  public ConnectorHealth checkHealth(DataPlaneAccess a) {
    try (BastionSessions.Lease t = sessions.open(a)) { // one session for every check of the watch
      return health(a, t.local());
    }
  }

  @Override
  public WatchWindow.Result watchWindow(DataPlaneAccess a, WatchWindow window) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    try {
      // each heartbeat is throttled by the SDK (at most one to the server per 0.8 × the heartbeat
      // timeout); one that reaches it learns of a cancel and throws here
      return WatchLoop.run(
          window,
          () -> {
            ConnectorHealth health = checkHealth(a);
            ActivityMetrics.windowChecked(health); // scraped at each check, not the window's end
            return health;
          },
          context::heartbeat,
          sleeper);
    } catch (InterruptedException e) { // the worker stops: the window is retried elsewhere
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  private ConnectorHealth health(DataPlaneAccess a, DataPlaneAccess l) {
    List<String> reasons = new ArrayList<>();
    String state;
    List<Integer> failedTasks = List.of();
    Map<String, Integer> taskStates = Map.of();
    List<String> drift = List.of();
    ConnectApi connect = new ConnectApi(l.connectUrl());
    try {
      ConnectorStatus status = connect.status(a.connectorName());
      state = status.connector().state();
      taskStates = countByState(status);
      failedTasks = status.failedTasks().stream().map(ConnectorStatus.TaskState::id).toList();
      if (status.connectorFailed()) {
        reasons.add(
            "connector " + a.connectorName() + " FAILED: " + firstLine(status.connector().trace()));
      } else if (ConnectorState.of(state) == null) {
        // RUNNING, PAUSED and STOPPED are judged by the workflow, which knows the state it wants
        reasons.add("connector " + a.connectorName() + " is " + state);
      }
      status
          .failedTasks()
          .forEach(t -> reasons.add("task " + t.id() + " FAILED: " + firstLine(t.trace())));
      drift = configDrift(a, connect);
    } catch (ConnectApiException e) {
      state = e.notFound() ? "MISSING" : "UNREACHABLE";
      reasons.add(
          e.notFound()
              ? "connector " + a.connectorName() + " does not exist"
              : "Kafka Connect: " + e.getMessage());
    }
    EventClock clock = EventClock.read(l);
    long retained;
    Long eventAge = clock.ageSeconds(System.currentTimeMillis());
    try (Connection c = PostgresAdmin.connect(l)) {
      retained = PostgresAdmin.retainedWalBytes(c, a.slotName());
      if (retained < 0) {
        reasons.add("replication slot " + a.slotName() + " is missing");
      }
      if (!clock.viaKafka()) {
        eventAge = heartbeatRowAgeSeconds(c, a.heartbeatTable());
      }
    } catch (SQLException | SecretResolver.UnresolvableSecret e) {
      retained = -1;
      reasons.add("database: " + e.getMessage());
    }
    return new ConnectorHealth(
        state,
        failedTasks,
        retained,
        reasons.isEmpty() ? null : String.join("; ", reasons),
        eventAge,
        drift,
        taskStates,
        clock.changeMillis(),
        clock.heartbeatMillis());
  }

  private static Map<String, Integer> countByState(ConnectorStatus status) {
    Map<String, Integer> counts = new TreeMap<>();
    status.tasks().forEach(t -> counts.merge(t.state(), 1, Integer::sum));
    return counts;
  }

  private static List<String> configDrift(DataPlaneAccess a, ConnectApi connect) {
    Map<String, String> expected;
    try {
      expected = ConnectorConfig.debezium(a);
    } catch (IllegalStateException e) { // a secret reference no config provider reads: no drift
      LOG.warn("No config drift check for {}: {}", a.connectorName(), e.getMessage());
      return List.of();
    }
    return ConnectorConfig.drift(expected, connect.config(a.connectorName()));
  }

  /**
   * Where Kafka is out of the data-plane worker's reach: the age of the heartbeat row Debezium
   * rewrites every 10 s while it streams (its own write, captured too).
   */
  private static Long heartbeatRowAgeSeconds(Connection db, String table) throws SQLException {
    try (PreparedStatement s =
            db.prepareStatement(
                "select extract(epoch from now() - beat_at)::bigint from "
                    + table
                    + " where id = 1");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }

  /**
   * When the pipeline's topics last received an event: the captured tables' change topics and
   * Debezium's heartbeat topic, by the broker timestamp of each one's newest record. Nothing when
   * the data-plane worker cannot reach Kafka.
   */
  private record EventClock(boolean viaKafka, Long changeMillis, Long heartbeatMillis) {
    static EventClock read(DataPlaneAccess l) {
      if (l.kafkaBootstrap() == null || l.kafkaBootstrap().isBlank()) {
        return new EventClock(false, null, null);
      }
      String heartbeatTopic = l.changeTopic(l.heartbeatTable());
      List<String> topics = new ArrayList<>();
      l.tables().forEach(table -> topics.add(l.changeTopic(table)));
      topics.add(heartbeatTopic);
      Map<String, Long> newest;
      try (ChangeTopics kafka = new ChangeTopics(l.kafkaBootstrap(), "cdc-lag-" + l.pipeline())) {
        newest = kafka.newestTimestamps(topics);
      } catch (KafkaException e) { // the age is a figure, not a verdict: the check goes on
        LOG.warn("No event age for {}: {}", l.pipeline(), e.getMessage());
        return new EventClock(true, null, null);
      }
      Long change =
          newest.entrySet().stream()
              .filter(e -> !e.getKey().equals(heartbeatTopic))
              .map(Map.Entry::getValue)
              .max(Long::compare)
              .orElse(null);
      return new EventClock(true, change, newest.get(heartbeatTopic));
    }

    /** Seconds since the newest event on any of the topics, heartbeats included. */
    Long ageSeconds(long nowMillis) {
      Long newest = changeMillis;
      if (newest == null || (heartbeatMillis != null && heartbeatMillis > newest)) {
        newest = heartbeatMillis;
      }
      return newest == null ? null : Math.max(0, (nowMillis - newest) / 1000);
    }
  }

  @Override
  public void restartFailed(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      new ConnectApi(t.local().connectUrl()).restart(a.connectorName(), true, true);
      LOG.info(
          "pipeline {}: restarted the failed instances of connector {}",
          a.pipeline(),
          a.connectorName());
    } catch (ConnectApiException e) {
      throw Failures.connect("restarting connector " + a.connectorName(), e);
    }
  }

  @Override
  public void pauseConnector(DataPlaneAccess a) {
    connectorCall(a, "pausing", connect -> connect.pause(a.connectorName()));
  }

  @Override
  public void resumeConnector(DataPlaneAccess a) {
    connectorCall(
        a,
        "resuming",
        connect -> {
          ConnectorStatus status = connect.status(a.connectorName());
          if (status.connectorFailed() || !status.failedTasks().isEmpty()) {
            connect.restart(a.connectorName(), true, true);
          }
          connect.resume(a.connectorName());
        });
  }

  @Override
  public void stopConnector(DataPlaneAccess a) {
    connectorCall(a, "stopping", connect -> connect.stop(a.connectorName()));
  }

  private void connectorCall(
      DataPlaneAccess a, String doing, java.util.function.Consumer<ConnectApi> call) {
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      call.accept(new ConnectApi(t.local().connectUrl()));
      LOG.info("{} connector {}", doing, a.connectorName());
    } catch (ConnectApiException e) {
      throw Failures.connect(doing + " connector " + a.connectorName(), e);
    }
  }

  @Override
  public Readiness awaitConnectorState(DataPlaneAccess a, ConnectorState wanted) {
    if (wanted == ConnectorState.RUNNING) {
      return awaitConnectorRunning(a);
    }
    ConnectorStatus status;
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      status = new ConnectApi(t.local().connectUrl()).status(a.connectorName());
    } catch (ConnectApiException e) {
      if (e.transientFailure()) {
        throw NotReady.retryAfter(POLL, "no status of connector " + a.connectorName() + " yet");
      }
      throw Failures.connect("reading the status of connector " + a.connectorName(), e);
    }
    if (status.connectorFailed() || !status.failedTasks().isEmpty()) {
      throw NotReady.terminal(
          "connector "
              + a.connectorName()
              + " FAILED instead of becoming "
              + wanted
              + ": "
              + truncate(
                  status.connectorFailed()
                      ? status.connector().trace()
                      : status.failedTasks().get(0).trace()));
    }
    boolean there =
        wanted.name().equals(status.connector().state())
            && (wanted == ConnectorState.STOPPED
                ? status.tasks().isEmpty()
                : status.tasks().stream().allMatch(task -> wanted.name().equals(task.state())));
    String now =
        "connector "
            + a.connectorName()
            + " "
            + status.connector().state()
            + ", tasks "
            + status.tasks().stream().map(task -> task.id() + "=" + task.state()).toList();
    if (there) {
      return ready(now);
    }
    throw NotReady.retryAfter(POLL, now + ", waiting for " + wanted);
  }

  @Override
  public String checkTables(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.open(a, keys);
        Connection c = PostgresAdmin.connect(t.local())) {
      List<String> refused = SqlInit.check(c, a.tables());
      if (!refused.isEmpty()) {
        throw tableRefused(new SqlInit.TableRefused(String.join("; ", refused)));
      }
      return a.tables() + " exist and have a key";
    } catch (SQLException e) {
      throw Failures.sql("checking the tables " + a.tables(), e);
    } catch (SecretResolver.UnresolvableSecret e) {
      throw Failures.secret(e);
    }
  }

  @Override
  public void publishTables(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.open(a, keys);
        Connection c = PostgresAdmin.connect(t.local())) {
      SqlInit.publishTables(c, a);
    } catch (SqlInit.TableRefused e) {
      throw tableRefused(e);
    } catch (SQLException e) {
      throw Failures.sql("publishing " + a.tables(), e);
    } catch (SecretResolver.UnresolvableSecret e) {
      throw Failures.secret(e);
    }
  }

  @Override
  public String requestSnapshot(DataPlaneAccess a, List<String> tables) {
    try (BastionTunnel t = BastionTunnel.open(a, keys);
        Connection c = PostgresAdmin.connect(t.local())) {
      return SqlInit.requestSnapshot(c, a, tables);
    } catch (SQLException e) {
      throw Failures.sql("signalling the snapshot of " + tables, e);
    } catch (SecretResolver.UnresolvableSecret e) {
      throw Failures.secret(e);
    }
  }

  @Override
  public Readiness awaitSnapshot(DataPlaneAccess a, String signalId, List<String> tables) {
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      DataPlaneAccess l = t.local();
      return l.kafkaBootstrap() != null && !l.kafkaBootstrap().isBlank()
          ? snapshotByNotifications(l, signalId, tables)
          : snapshotByTopics(l, tables);
    } catch (KafkaException e) {
      throw NotReady.retryAfter(SNAPSHOT_POLL, "Kafka: " + e.getMessage());
    } catch (ConnectApiException e) {
      throw Failures.connect("reading the topics of connector " + a.connectorName(), e);
    } catch (SQLException e) {
      throw Failures.sql("reading " + tables, e);
    } catch (SecretResolver.UnresolvableSecret e) {
      throw Failures.secret(e);
    }
  }

  private static Readiness snapshotByNotifications(
      DataPlaneAccess l, String signalId, List<String> tables) {
    List<ChangeTopics.Notification> ours;
    try (ChangeTopics kafka =
        new ChangeTopics(l.kafkaBootstrap(), "cdc-snapshot-" + l.pipeline())) {
      ours =
          kafka.notifications(l.notificationTopic()).stream()
              .filter(n -> signalId.equals(n.id()))
              .toList();
    }
    List<String> scanned =
        ours.stream()
            .filter(n -> "TABLE_SCAN_COMPLETED".equals(n.type()))
            .map(
                n ->
                    n.data().getOrDefault("scanned_collection", "?")
                        + " "
                        + n.data().getOrDefault("total_rows_scanned", "?")
                        + " rows")
            .toList();
    if (ours.stream().anyMatch(n -> "ABORTED".equals(n.type()))) {
      throw NotReady.terminal("incremental snapshot " + signalId + " of " + tables + " ABORTED");
    }
    if (ours.stream().anyMatch(n -> "COMPLETED".equals(n.type()))) {
      return ready(
          "incremental snapshot of "
              + tables
              + " COMPLETED"
              + (scanned.isEmpty() ? "" : ": " + scanned));
    }
    throw NotReady.retryAfter(
        snapshotPoll(),
        "incremental snapshot "
            + signalId
            + " of "
            + tables
            + (ours.isEmpty()
                ? ": no notification on " + l.notificationTopic() + " yet"
                : " is "
                    + ours.get(ours.size() - 1).type()
                    + (scanned.isEmpty() ? "" : ", " + scanned)));
  }

  /**
   * Without Kafka: Connect lists the topics the connector wrote to; every table with rows has had
   * its snapshot events written once its topic is there (the notification says when the last chunk
   * was, which this worker cannot read).
   */
  private static Readiness snapshotByTopics(DataPlaneAccess l, List<String> tables)
      throws SQLException {
    List<String> written = new ConnectApi(l.connectUrl()).topics(l.connectorName());
    List<String> waiting = new ArrayList<>();
    try (Connection c = PostgresAdmin.connect(l)) {
      for (String table : tables) {
        if (SqlInit.hasRows(c, table) && !written.contains(l.changeTopic(table))) {
          waiting.add(l.changeTopic(table));
        }
      }
    }
    if (waiting.isEmpty()) {
      return ready(
          "snapshot events of "
              + tables
              + " written (Kafka is not reachable from this worker: Connect's topic list checked)");
    }
    throw NotReady.retryAfter(snapshotPoll(), "no snapshot events on " + waiting + " yet");
  }

  /** Every second for the first minute (a small table), then every 10 s (a big one's chunks). */
  private static Duration snapshotPoll() {
    return Activity.getExecutionContext().getInfo().getAttempt() <= SNAPSHOT_EARLY_POLLS
        ? SNAPSHOT_POLL
        : SNAPSHOT_LATE_POLL;
  }

  private static ApplicationFailure tableRefused(SqlInit.TableRefused e) {
    return ApplicationFailure.newNonRetryableFailure(e.getMessage(), "TableRefused");
  }

  private static Readiness ready(String detail) {
    return new Readiness(Activity.getExecutionContext().getInfo().getAttempt(), detail);
  }

  private static String truncate(String trace) {
    if (trace == null) {
      return "(no trace)";
    }
    return trace.length() <= MAX_TRACE_CHARS
        ? trace
        : trace.substring(0, MAX_TRACE_CHARS) + "... (truncated)";
  }

  private static String firstLine(String trace) {
    return trace == null ? "(no trace)" : trace.lines().findFirst().orElse("");
  }

  /** The worker stops: the bastion sessions kept for health checks close. */
  @Override
  public void close() {
    sessions.close();
  }
}
