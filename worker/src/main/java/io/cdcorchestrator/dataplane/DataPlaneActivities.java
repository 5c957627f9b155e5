package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.activity.ActivityInterface;

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

  /** Returns once the database accepts an admin connection; otherwise "not ready". */
  Readiness awaitDatabase(DataPlaneAccess access);

  /**
   * Idempotent: the captured table (with a primary key), the heartbeat table, the least-privilege
   * replication user and the publication. Type {@code postgres:cdc-objects}.
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
   * Returns once the connector and all its tasks are RUNNING; a FAILED task is non-retryable with
   * its trace.
   */
  Readiness awaitConnectorRunning(DataPlaneAccess access);

  /** Writes a canary row and waits for its change event; removes the canary row afterwards. */
  CdcProof proveCdc(DataPlaneAccess access);

  /** Connector and task states plus the WAL the replication slot retains. */
  ConnectorHealth checkHealth(DataPlaneAccess access);

  /** Restarts the connector's failed instances ({@code includeTasks=true&onlyFailed=true}). */
  void restartFailed(DataPlaneAccess access);
}
