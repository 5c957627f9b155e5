package io.cdcorchestrator.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one pipeline. Each {@code ensureX} is find-or-create: a retried activity gets
 * the instance the first attempt started. Creates and deletes of one pipeline are serialised on
 * this object; readiness checks read the volatile fields without waiting for a create in progress.
 */
final class SandboxStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxStack.class);

  final String pipeline;
  final Path workDir;
  private final Path binaryCache;
  private volatile SandboxPostgres postgres;
  private volatile KafkaBroker kafka;
  private volatile ConnectWorker connect;

  SandboxStack(String pipeline, Path workDir, Path binaryCache) {
    this.pipeline = pipeline;
    this.workDir = workDir;
    this.binaryCache = binaryCache;
  }

  Path secretFile() {
    return workDir.resolve("secrets").resolve("replication.properties");
  }

  synchronized SandboxPostgres ensurePostgres() throws IOException {
    if (postgres != null && !postgres.alive()) {
      LOG.warn(
          "PostgreSQL of pipeline {} (port {}) is gone; starting a new one",
          pipeline,
          postgres.port());
      stopPostgres();
    }
    if (postgres == null) {
      ReplicationSecret.ensure(secretFile());
      postgres = SandboxPostgres.start(workDir.resolve("pgdata"), binaryCache);
    }
    return postgres;
  }

  synchronized KafkaBroker ensureKafka() throws IOException {
    if (kafka == null) {
      kafka = KafkaBroker.start(workDir.resolve("kafka"));
    }
    return kafka;
  }

  synchronized ConnectWorker ensureConnect(String kafkaBootstrap) throws IOException {
    if (connect != null && !connect.alive()) {
      LOG.warn(
          "Kafka Connect of pipeline {} ({}) has died; starting a new one",
          pipeline,
          connect.url());
      stopConnect();
    }
    if (connect == null) {
      connect = ConnectWorker.start(pipeline, kafkaBootstrap, secretFile().getParent());
    }
    return connect;
  }

  SandboxPostgres postgres() {
    return postgres;
  }

  KafkaBroker kafka() {
    return kafka;
  }

  ConnectWorker connect() {
    return connect;
  }

  /** Also stops a postmaster that a previous worker JVM left running in this work directory. */
  synchronized void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
    SandboxPostgres.stopStale(workDir.resolve("pgdata"));
  }

  synchronized void stopKafka() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }

  synchronized void stopConnect() {
    if (connect != null) {
      connect.close();
      connect = null;
    }
  }

  /** Stops everything, dependants first: Connect needs Kafka, nothing needs PostgreSQL to stop. */
  @Override
  public synchronized void close() throws IOException {
    try {
      stopConnect();
    } finally {
      try {
        stopKafka();
      } finally {
        stopPostgres();
      }
    }
  }
}
