package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane over JDBC (pgjdbc), the Kafka Connect REST API (OkHttp) and Kafka (the CDC proof).
 * Stateless: everything comes in with {@link DataPlaneAccess}, secrets are resolved per call.
 */
public class DataPlaneActivitiesImpl implements DataPlaneActivities {
  private static final Logger LOG = LoggerFactory.getLogger(DataPlaneActivitiesImpl.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration DB_POLL = Duration.ofSeconds(1);
  private static final long WAL_LIMIT_BYTES = 1L << 30;
  private static final int MAX_TRACE_CHARS = 2000;
  private static final Duration SSH_POLL = Duration.ofSeconds(5);

  /** pgjdbc's SQLSTATE when the server refused the TCP connection (nothing listens). */
  private static final String CONNECTION_REFUSED = "08001";

  private final SshKeyPush keys;

  /** Keys for the bastion go through EC2 Instance Connect. */
  public DataPlaneActivitiesImpl() {
    this(new InstanceConnectKeyPush());
  }

  public DataPlaneActivitiesImpl(SshKeyPush keys) {
    this.keys = keys;
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
      if (e.transientFailure()) {
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
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      status = new ConnectApi(t.local().connectUrl()).status(a.connectorName());
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
    if (status.allRunning()) {
      return ready(
          "connector " + a.connectorName() + " and " + status.tasks().size() + " task(s) RUNNING");
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
                .heartbeat("waiting for the canary on " + a.changeTopic());
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
          "consuming " + a.changeTopic() + " failed: " + e.getMessage(), "KafkaUnavailable", e);
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
                    + a.changeTopic()
                    + " within "
                    + CanaryProbe.WAIT.toSeconds()
                    + " s (checked via "
                    + (viaKafka ? "kafka" : "connect-topics")
                    + ")",
                "CdcProofTimeout"));
  }

  @Override
  public ConnectorHealth checkHealth(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      return health(a, t.local());
    }
  }

  private ConnectorHealth health(DataPlaneAccess a, DataPlaneAccess l) {
    List<String> reasons = new ArrayList<>();
    String state;
    List<Integer> failedTasks = List.of();
    try {
      ConnectorStatus status = new ConnectApi(l.connectUrl()).status(a.connectorName());
      state = status.connector().state();
      failedTasks = status.failedTasks().stream().map(ConnectorStatus.TaskState::id).toList();
      if (!ConnectorStatus.RUNNING.equals(state)) {
        reasons.add("connector " + a.connectorName() + " is " + state);
      }
      status
          .failedTasks()
          .forEach(t -> reasons.add("task " + t.id() + " FAILED: " + firstLine(t.trace())));
    } catch (ConnectApiException e) {
      state = e.notFound() ? "MISSING" : "UNREACHABLE";
      reasons.add(
          e.notFound()
              ? "connector " + a.connectorName() + " does not exist"
              : "Kafka Connect: " + e.getMessage());
    }
    long retained;
    try (Connection c = PostgresAdmin.connect(l)) {
      retained = PostgresAdmin.retainedWalBytes(c, a.slotName());
      if (retained < 0) {
        reasons.add("replication slot " + a.slotName() + " is missing");
      } else if (retained > WAL_LIMIT_BYTES) {
        reasons.add(
            "replication slot "
                + a.slotName()
                + " retains "
                + (retained >> 20)
                + " MiB of WAL (limit "
                + (WAL_LIMIT_BYTES >> 20)
                + " MiB)");
      }
    } catch (SQLException | SecretResolver.UnresolvableSecret e) {
      retained = -1;
      reasons.add("database: " + e.getMessage());
    }
    return new ConnectorHealth(
        state, failedTasks, retained, reasons.isEmpty() ? null : String.join("; ", reasons));
  }

  @Override
  public void restartFailed(DataPlaneAccess a) {
    try (BastionTunnel t = BastionTunnel.open(a, keys)) {
      new ConnectApi(t.local().connectUrl()).restart(a.connectorName(), true, true);
      LOG.info("Restarted the failed instances of connector {}", a.connectorName());
    } catch (ConnectApiException e) {
      throw Failures.connect("restarting connector " + a.connectorName(), e);
    }
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
}
