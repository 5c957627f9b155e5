package io.cdcorchestrator.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one pipeline in this JVM, and what they keep on disk so they can come back:
 * PostgreSQL's data directory (with the replication slot), Kafka's log directory (with Connect's
 * config, offset and status topics), and the ports they listen on. Each {@code ensureX} is
 * find-or-create: a component still alive is returned, a dead one (or one that lived in a worker
 * JVM that died) is started again from its state on disk, and only what never existed is created.
 * Each {@code recoverX} does the same but creates nothing new.
 *
 * <p>Creates and deletes of one pipeline are serialised on this object; readiness checks read the
 * volatile fields without waiting for a create in progress. The first start takes the work
 * directory's {@link OwnerLock}, so no other worker process runs the same pipeline's processes.
 */
final class SandboxStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxStack.class);
  static final Duration START_WAIT = Duration.ofSeconds(90);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  /** Asked before Kafka and Connect of a pipeline start in this JVM: they live in its heap. */
  @FunctionalInterface
  interface Admission {
    void admit(SandboxStack stack) throws IOException;
  }

  final String pipeline;
  final Path workDir;
  private final Path binaryCache;
  private final SandboxPorts ports;
  private final Admission admission;
  private OwnerLock lock;
  private volatile boolean admitted;
  private volatile SandboxPostgres postgres;
  private volatile KafkaBroker kafka;
  private volatile ConnectWorker connect;

  SandboxStack(String pipeline, Path workDir, Path binaryCache, Admission admission) {
    this.pipeline = pipeline;
    this.workDir = workDir;
    this.binaryCache = binaryCache;
    this.ports = new SandboxPorts(workDir);
    this.admission = admission;
  }

  Path secretFile() {
    return workDir.resolve("secrets").resolve("replication.properties");
  }

  private Path pgData() {
    return workDir.resolve("pgdata");
  }

  private Path kafkaDir() {
    return workDir.resolve("kafka");
  }

  /** Where the bootstrap of a broker the pipeline does not own ({@code kafka.existing}) is kept. */
  private Path externalKafkaFile() {
    return workDir.resolve("kafka-external");
  }

  /**
   * Kafka Connect stands on a broker this pipeline does not own ({@code kafka.existing}); kept on
   * disk so that a restarted Connect finds it again instead of starting a broker of its own.
   */
  synchronized void useExternalKafka(String bootstrap) throws IOException {
    own();
    Files.writeString(externalKafkaFile(), bootstrap + "\n");
  }

  /** The bootstrap of the broker this pipeline does not own; null when it runs its own. */
  private String externalKafka() throws IOException {
    Path f = externalKafkaFile();
    return Files.exists(f) ? Files.readString(f).trim() : null;
  }

  /** Whether this pipeline's own broker was ever created here. */
  synchronized boolean ownsKafka() {
    return Files.exists(kafkaDir().resolve("formatted"));
  }

  private Path connectMarker() {
    return workDir.resolve("connect.started");
  }

  synchronized SandboxPostgres ensurePostgres() throws IOException {
    own();
    if (postgres != null && postgres.alive()) {
      return postgres;
    }
    if (postgres != null) {
      LOG.warn(
          "PostgreSQL of pipeline {} (port {}) is gone; starting it again",
          pipeline,
          postgres.port());
      stopPostgres();
    }
    ReplicationSecret.ensure(secretFile());
    SandboxPostgres pg =
        SandboxPostgres.startOrAdopt(
            pgData(), binaryCache, () -> ports.port(SandboxPorts.POSTGRES));
    ports.record(SandboxPorts.POSTGRES, pg.port());
    postgres = pg;
    return pg;
  }

  /** Started and answering {@code describeCluster}, or stopped again and an exception. */
  synchronized KafkaBroker ensureKafka() throws IOException {
    own();
    if (kafka != null && kafka.alive()) {
      return kafka;
    }
    if (kafka != null) {
      LOG.warn(
          "Kafka of pipeline {} ({}) has stopped; starting it again", pipeline, kafka.bootstrap());
      stopKafka();
    }
    if (!inHeap()) {
      admission.admit(this);
    }
    KafkaBroker k =
        KafkaBroker.start(
            kafkaDir(), ports.port(SandboxPorts.KAFKA), ports.port(SandboxPorts.KAFKA_CONTROLLER));
    try {
      String detail = Waits.until(() -> k.check(CHECK_TIMEOUT), START_WAIT, () -> {});
      LOG.info("Kafka of pipeline {} is up: {}", pipeline, detail);
    } catch (Exception e) {
      k.close();
      throw new IOException(
          "Kafka did not answer within "
              + START_WAIT.toSeconds()
              + " s (stopped again): "
              + e.getMessage(),
          e);
    }
    kafka = k;
    return k;
  }

  /** Kafka first (Connect keeps everything in its topics), then the Connect worker. */
  synchronized ConnectWorker ensureConnect() throws IOException {
    String external = externalKafka();
    if (external != null) {
      own();
      if (!inHeap()) {
        admission.admit(this);
      }
    }
    String bootstrap = external != null ? external : ensureKafka().bootstrap();
    if (connect != null && connect.alive()) {
      return connect;
    }
    if (connect != null) {
      LOG.warn(
          "Kafka Connect of pipeline {} ({}) has died; starting it again", pipeline, connect.url());
      stopConnect();
    }
    connect =
        ConnectWorker.start(
            pipeline,
            bootstrap,
            secretFile().getParent(),
            ports.port(SandboxPorts.CONNECT),
            START_WAIT,
            () -> {});
    Files.writeString(connectMarker(), "started\n");
    return connect;
  }

  /** PostgreSQL, alive or brought back; null when it never existed (or was deleted). */
  synchronized SandboxPostgres recoverPostgres() throws IOException {
    if (postgres != null && postgres.alive()) {
      return postgres;
    }
    boolean existed =
        Files.exists(SandboxPostgres.initializedMarker(pgData()))
            || SandboxPostgres.postmaster(pgData()).isPresent();
    return existed ? ensurePostgres() : null;
  }

  /** Kafka, alive or restarted on its log directory; null when it never existed. */
  synchronized KafkaBroker recoverKafka() throws IOException {
    if (kafka != null && kafka.alive()) {
      return kafka;
    }
    return Files.exists(kafkaDir().resolve("formatted")) ? ensureKafka() : null;
  }

  /** Connect, alive or restarted on its topics; null when it never existed. */
  synchronized ConnectWorker recoverConnect() throws IOException {
    if (connect != null && connect.alive()) {
      return connect;
    }
    return Files.exists(connectMarker()) && (externalKafka() != null || recoverKafka() != null)
        ? ensureConnect()
        : null;
  }

  /** What {@link #repair()} found alive and what it brought back. */
  record Repair(List<String> restarted, List<String> alive) {}

  /** Every component that existed, alive again: the liveness check and repair of the watch. */
  synchronized Repair repair() throws IOException {
    List<String> restarted = new ArrayList<>();
    List<String> alive = new ArrayList<>();
    boolean pgAlive = postgres != null && postgres.alive();
    SandboxPostgres pg = recoverPostgres();
    if (pg != null) {
      // a server the dead JVM left running was alive all along: found, not brought back
      boolean found = pgAlive || pg.adopted();
      (found ? alive : restarted)
          .add("PostgreSQL " + (pgAlive ? "alive" : pg.origin()) + " on port " + pg.port());
    }
    boolean kafkaAlive = kafka != null && kafka.alive();
    KafkaBroker k = recoverKafka();
    if (k != null) {
      (kafkaAlive ? alive : restarted)
          .add(
              "Kafka "
                  + (kafkaAlive ? "alive" : "restarted on its log directory")
                  + " on "
                  + k.bootstrap());
    }
    boolean connectAlive = connect != null && connect.alive();
    ConnectWorker c = recoverConnect();
    if (c != null) {
      (connectAlive ? alive : restarted)
          .add(
              "Kafka Connect "
                  + (connectAlive ? "alive" : "restarted on its topics")
                  + " at "
                  + c.url());
    }
    return new Repair(restarted, alive);
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

  /** Admitted to run Kafka and Connect in this JVM, or running them (what the limit counts). */
  boolean inHeap() {
    return admitted || kafka != null || connect != null;
  }

  /** Counted by the admission limit from now on (set under the limit's lock). */
  void admitted() {
    admitted = true;
  }

  int port(String component) throws IOException {
    return ports.port(component);
  }

  /** Also stops a postmaster that a previous worker JVM left running in this work directory. */
  synchronized void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
    SandboxPostgres.stopStale(pgData());
  }

  synchronized void stopKafka() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
    admitted = connect != null;
  }

  synchronized void stopConnect() {
    if (connect != null) {
      connect.close();
      connect = null;
    }
    admitted = kafka != null;
  }

  /** Stops PostgreSQL for good: its data (and the slot in it) goes too. */
  synchronized void deletePostgres() throws IOException {
    own();
    stopPostgres();
    Files.deleteIfExists(SandboxPostgres.initializedMarker(pgData()));
    Dirs.deleteRecursively(pgData());
  }

  /** Stops Kafka for good: its topics go too (and with them Connect's connectors). */
  synchronized void deleteKafka() throws IOException {
    own();
    stopKafka();
    Dirs.deleteRecursively(kafkaDir());
  }

  synchronized void deleteConnect() throws IOException {
    own();
    stopConnect();
    Files.deleteIfExists(connectMarker());
  }

  /**
   * Stops everything, dependants first (Connect needs Kafka, nothing needs PostgreSQL to stop); the
   * state on disk stays for the next worker, and so does the work directory.
   */
  @Override
  public synchronized void close() throws IOException {
    try {
      stopConnect();
    } finally {
      try {
        stopKafka();
      } finally {
        try {
          stopPostgres();
        } finally {
          release();
        }
      }
    }
  }

  private void own() throws IOException {
    if (lock == null) {
      Files.createDirectories(workDir);
      lock = OwnerLock.acquire(workDir, "the sandbox of pipeline " + pipeline);
    }
  }

  private void release() throws IOException {
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }
}
