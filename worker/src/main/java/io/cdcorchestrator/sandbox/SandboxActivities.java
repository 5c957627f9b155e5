package io.cdcorchestrator.sandbox;

import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.activity.ActivityInterface;

/**
 * The sandbox target: a real PostgreSQL, Kafka broker and Kafka Connect worker owned by the worker
 * JVM, each listening on 127.0.0.1 only, with all data under one work directory per pipeline.
 *
 * <p>Every create is find-or-create (a retry after a crash returns what the first attempt started),
 * every delete treats "not there" as done, every await returns when ready or throws a retryable
 * "not ready" failure. Served on the {@code cdc-control} task queue.
 */
@ActivityInterface(namePrefix = "Sandbox")
public interface SandboxActivities {

  /** Creates {@code <root>/<pipeline>}; attributes: {@code path}. */
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
}
