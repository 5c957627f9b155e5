package io.cdcorchestrator.sandbox;

import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.SandboxRepair;
import io.temporal.activity.ActivityInterface;

/**
 * The sandbox target: a real PostgreSQL, Kafka broker and Kafka Connect worker owned by the worker
 * JVM, each listening on 127.0.0.1 only, with all data under one work directory per pipeline.
 *
 * <p>Every create is find-or-create: a retry returns what the first attempt started, and after the
 * worker JVM died the component comes back from its state on disk (PostgreSQL from its data
 * directory, still running or not; Kafka from its log directory; Connect from its topics). Every
 * await finds a component again the same way, every delete treats "not there" as done.
 *
 * <p>{@link #createWorkDirectory} runs on {@code cdc-control} and answers the task queue of the
 * worker that hosts the pipeline from then on ({@code taskQueue}); the workflow sends every other
 * sandbox activity of the pipeline there.
 */
@ActivityInterface(namePrefix = "Sandbox")
public interface SandboxActivities {

  /**
   * Creates {@code <root>/<pipeline>}; attributes: {@code path}, {@code taskQueue} (this host's
   * sandbox queue).
   */
  ResourceRecord createWorkDirectory(String pipeline);

  /** Removes the work directory and everything in it. */
  void deleteWorkDirectory(String pipeline);

  /**
   * PostgreSQL 17 with {@code wal_level=logical}, database {@code inventory}; attributes: {@code
   * host}, {@code port}, {@code database}, {@code adminUser}, {@code adminPassword} (a secret
   * reference), {@code replicationPassword} (a secret reference to a password generated for the
   * replication user).
   */
  ResourceRecord createPostgres(String pipeline);

  Readiness awaitPostgres(String pipeline);

  /**
   * The user's own PostgreSQL ({@code database.existing}), adopted: nothing is started or ever
   * stopped; a password for the pipeline's replication user is generated into the work directory.
   * Attributes as {@link #createPostgres} (the admin password is the spec's reference) and {@code
   * ownership=adopted}.
   */
  ResourceRecord adoptPostgres(String pipeline, Existing.Database database);

  void deletePostgres(String pipeline);

  /** A one-node KRaft broker+controller; attributes: {@code bootstrap}. */
  ResourceRecord createKafka(String pipeline);

  Readiness awaitKafka(String pipeline);

  void deleteKafka(String pipeline);

  /**
   * A distributed Kafka Connect worker with the Debezium PostgreSQL connector on its classpath and
   * the {@code file} config provider enabled; attributes: {@code url}.
   */
  ResourceRecord createConnect(String pipeline, String kafkaBootstrap);

  Readiness awaitConnect(String pipeline);

  void deleteConnect(String pipeline);

  /**
   * The liveness check of the watch: every component of the pipeline that exists is alive
   * afterwards, started again from its state on disk if it had died. Says what it found and did.
   */
  SandboxRepair repair(String pipeline);
}
