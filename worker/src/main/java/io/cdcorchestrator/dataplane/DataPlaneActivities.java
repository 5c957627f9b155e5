package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.WatchWindow;
import io.cdcorchestrator.model.preflight.Finding;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The shared tail of every target: database, Kafka Connect and the CDC proof, reached over JDBC and
 * HTTP. Served on the {@code cdc-dataplane} task queue, which a worker inside a private network can
 * serve. Secrets are resolved here, at run time, from the references in {@link DataPlaneAccess}.
 */
@ActivityInterface(namePrefix = "DataPlane")
public interface DataPlaneActivities {

  /**
   * The first SSH connection to the pipeline's bastion (via EC2 Instance Connect): returns the
   * bastion with the host key it presented, which the workflow pins; every later connection must
   * see the same key. Not ready while the bastion's sshd does not answer yet.
   */
  BastionAccess pinBastionHostKey(DataPlaneAccess access);

  /**
   * Read-only checks of a database the pipeline adopts ({@code database.existing}), before anything
   * is created: reachability, server version, {@code wal_level}, free replication slots and WAL
   * senders, the admin's right to create the replication role, tables and publication, and the
   * captured tables' keys. Problems are BLOCKER findings (one line, with the remedy), not failures.
   */
  List<Finding> preflightDatabase(DataPlaneAccess access);

  /** Returns once the database accepts an admin connection; otherwise "not ready". */
  Readiness awaitDatabase(DataPlaneAccess access);

  /**
   * Idempotent: the seed's table (with a primary key), the heartbeat and signal tables, the
   * least-privilege replication user and the publication of the captured tables ({@link
   * DataPlaneAccess#tables()}, each checked first). Type {@code postgres:cdc-objects}.
   */
  ResourceRecord initDatabase(DataPlaneAccess access);

  /**
   * Compensation of {@link #initDatabase}: drops the slot, publication and replication user; keeps
   * data tables.
   */
  void dropDatabaseObjects(DataPlaneAccess access);

  /**
   * Returns once the Connect REST API answers and lists the Debezium PostgreSQL connector plugin.
   */
  Readiness awaitConnect(DataPlaneAccess access);

  /**
   * Validates, then {@code PUT /connectors/<name>/config} (create or update). Type {@code
   * connect:connector}.
   */
  ResourceRecord registerConnector(DataPlaneAccess access);

  /** Compensation of {@link #registerConnector}: deletes the connector (absent = done). */
  void deleteConnector(DataPlaneAccess access);

  /**
   * Returns once the connector and all its tasks are RUNNING with the pipeline's current table list
   * (after a config change Connect restarts the tasks asynchronously); a FAILED task is
   * non-retryable with its trace.
   */
  Readiness awaitConnectorRunning(DataPlaneAccess access);

  /** Kafka Connect's pause: the connector's tasks stop polling and keep their resources. */
  void pauseConnector(DataPlaneAccess access);

  /**
   * Kafka Connect's resume of a PAUSED or STOPPED connector; FAILED instances are restarted first
   * (resume alone leaves them FAILED).
   */
  void resumeConnector(DataPlaneAccess access);

  /** Kafka Connect's stop: the connector releases its tasks and keeps its config and offsets. */
  void stopConnector(DataPlaneAccess access);

  /**
   * Returns once the connector is in {@code state} (PAUSED: with every task PAUSED; STOPPED: with
   * no task); RUNNING is {@link #awaitConnectorRunning}.
   */
  Readiness awaitConnectorState(DataPlaneAccess access, ConnectorState state);

  /**
   * Read-only: each captured table exists and can be keyed (a primary key, or REPLICA IDENTITY FULL
   * or USING INDEX); otherwise non-retryable {@code TableRefused} naming the table and the remedy.
   * Returns a one-line summary.
   */
  String checkTables(DataPlaneAccess access);

  /**
   * The publication converges to the captured tables (plus heartbeat and signal tables), which the
   * replication user may read; a refused table changes nothing. Also the compensation of a table
   * change, called with the previous list.
   */
  void publishTables(DataPlaneAccess access);

  /**
   * Debezium's {@code execute-snapshot} signal (an incremental snapshot of {@code tables}) through
   * the signal table; returns the signal's id.
   */
  String requestSnapshot(DataPlaneAccess access, List<String> tables);

  /**
   * Returns once Debezium's notifications say the incremental snapshot {@code signalId} COMPLETED;
   * ABORTED ends the wait. Where Kafka is not reachable, the change topics Connect reports stand
   * in: every table with rows has had events written to its topic.
   */
  Readiness awaitSnapshot(DataPlaneAccess access, String signalId, List<String> tables);

  /** Writes a canary row and waits for its change event; removes the canary row afterwards. */
  CdcProof proveCdc(DataPlaneAccess access);

  /**
   * Connector and task states, the WAL the replication slot retains, the newest change event's age
   * and the config keys that differ from the pipeline's.
   */
  ConnectorHealth checkHealth(DataPlaneAccess access);

  /**
   * The watch for one window: {@link #checkHealth} at once, then once per interval (on the kept
   * bastion session), up to the window's checks; heartbeats after each, so a cancel, or the end of
   * the workflow run, ends it at its next heartbeat that reaches the server. Returns the last check
   * as soon as one differs from the window's baseline in anything but the lag figures (a state, a
   * failed task, an error, config drift, a lag limit crossed), otherwise after the window's checks.
   */
  WatchWindow.Result watchWindow(DataPlaneAccess access, WatchWindow window);

  /** Restarts the connector's failed instances ({@code includeTasks=true&onlyFailed=true}). */
  void restartFailed(DataPlaneAccess access);
}
