package io.cdcorchestrator.sandbox;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.SecretRef;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox target: PostgreSQL (a child process), Kafka and Kafka Connect (in this JVM) per
 * pipeline, all under {@code <root>/<pipeline>}. This object owns what it started: {@link #close()}
 * stops every stack still running.
 */
public class SandboxActivitiesImpl implements SandboxActivities, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxActivitiesImpl.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration START_WAIT = Duration.ofSeconds(90);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final Path root;
  private final Path binaryCache;
  private final ConcurrentMap<String, SandboxStack> stacks = new ConcurrentHashMap<>();

  /**
   * @param root holds one work directory per pipeline and the shared PostgreSQL binaries
   */
  public SandboxActivitiesImpl(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.binaryCache = this.root.resolve(".embedded-pg");
  }

  @Override
  public ResourceRecord createWorkDirectory(String pipeline) {
    Path dir = stack(pipeline).workDir;
    run(
        "create work directory " + dir,
        () -> {
          Files.createDirectories(dir);
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        });
    return new ResourceRecord(
        ResourceTypes.SANDBOX_WORKDIR, dir.toString(), "created", Map.of("path", dir.toString()));
  }

  @Override
  public void deleteWorkDirectory(String pipeline) {
    SandboxStack stack = stack(pipeline);
    synchronized (stack) {
      run("stop the sandbox of " + pipeline, stack::close);
      run("delete " + stack.workDir, () -> Dirs.deleteRecursively(stack.workDir));
      stacks.remove(pipeline, stack);
    }
    LOG.info("Sandbox work directory {} removed", stack.workDir);
  }

  @Override
  public ResourceRecord createPostgres(String pipeline) {
    SandboxStack stack = stack(pipeline);
    SandboxPostgres pg = start("PostgreSQL", stack::ensurePostgres);
    String secret = stack.secretFile().toString();
    return new ResourceRecord(
        ResourceTypes.SANDBOX_POSTGRES,
        Ports.LOOPBACK + ":" + pg.port(),
        "running",
        Map.of(
            "host", Ports.LOOPBACK,
            "port", Integer.toString(pg.port()),
            "database", SandboxPostgres.DATABASE,
            "adminUser", SandboxPostgres.ADMIN_USER,
            "adminPassword", SecretRef.NONE.uri(),
            "replicationPassword", SecretRef.file(secret, ReplicationSecret.KEY).uri(),
            "workDir", stack.workDir.toString()));
  }

  @Override
  public ResourceRecord adoptPostgres(String pipeline, Existing.Database db) {
    SandboxStack stack = stack(pipeline);
    Path secret = stack.secretFile();
    run("write the replication secret " + secret, () -> ReplicationSecret.ensure(secret));
    return new ResourceRecord(
        ResourceTypes.SANDBOX_POSTGRES,
        db.host() + ":" + db.port() + "/" + db.databaseName(),
        ResourceRecord.ADOPTED,
        Map.of(
            "host",
            db.host(),
            "port",
            Integer.toString(db.port()),
            "database",
            db.databaseName(),
            "adminUser",
            db.user(),
            "adminPassword",
            db.password().uri(),
            "replicationPassword",
            SecretRef.file(secret.toString(), ReplicationSecret.KEY).uri(),
            "workDir",
            stack.workDir.toString(),
            ResourceRecord.OWNERSHIP,
            ResourceRecord.ADOPTED));
  }

  @Override
  public Readiness awaitPostgres(String pipeline) {
    return checkOnce(
        "PostgreSQL",
        pipeline,
        stack(pipeline).postgres(),
        "createPostgres",
        SandboxPostgres::check);
  }

  @Override
  public void deletePostgres(String pipeline) {
    run("stop PostgreSQL of " + pipeline, stack(pipeline)::stopPostgres);
  }

  @Override
  public ResourceRecord createKafka(String pipeline) {
    KafkaBroker kafka = start("Kafka", stack(pipeline)::ensureKafka);
    waitUntilUp("Kafka", () -> kafka.check(CHECK_TIMEOUT));
    return new ResourceRecord(
        ResourceTypes.SANDBOX_KAFKA,
        kafka.bootstrap(),
        "running",
        Map.of("bootstrap", kafka.bootstrap()));
  }

  @Override
  public Readiness awaitKafka(String pipeline) {
    return checkOnce(
        "Kafka", pipeline, stack(pipeline).kafka(), "createKafka", k -> k.check(CHECK_TIMEOUT));
  }

  @Override
  public void deleteKafka(String pipeline) {
    run("stop Kafka of " + pipeline, stack(pipeline)::stopKafka);
  }

  @Override
  public ResourceRecord createConnect(String pipeline, String kafkaBootstrap) {
    SandboxStack stack = stack(pipeline);
    ConnectWorker connect = start("Kafka Connect", () -> stack.ensureConnect(kafkaBootstrap));
    waitUntilUp("Kafka Connect", connect::check);
    return new ResourceRecord(
        ResourceTypes.SANDBOX_CONNECT, connect.url(), "running", Map.of("url", connect.url()));
  }

  @Override
  public Readiness awaitConnect(String pipeline) {
    return checkOnce(
        "Kafka Connect",
        pipeline,
        stack(pipeline).connect(),
        "createConnect",
        ConnectWorker::check);
  }

  @Override
  public void deleteConnect(String pipeline) {
    run("stop Kafka Connect of " + pipeline, stack(pipeline)::stopConnect);
  }

  /** Stops every stack this object still runs; their work directories stay. */
  @Override
  public void close() {
    for (SandboxStack stack : stacks.values()) {
      try {
        stack.close();
      } catch (IOException | RuntimeException e) {
        LOG.error("Could not stop the sandbox of pipeline {}", stack.pipeline, e);
      }
    }
    stacks.clear();
  }

  private SandboxStack stack(String pipeline) {
    String invalid = PipelineNames.validate(pipeline);
    if (invalid != null) {
      // also keeps "../x" from naming a directory outside the root, which delete would remove
      throw ApplicationFailure.newNonRetryableFailure(invalid, "InvalidPipelineName");
    }
    return stacks.computeIfAbsent(pipeline, p -> new SandboxStack(p, root.resolve(p), binaryCache));
  }

  /**
   * One readiness check. The registry lives in this JVM: after a worker restart it is empty, and
   * waiting cannot bring a process back, so "never started here" is terminal rather than "not
   * ready".
   */
  private static <T> Readiness checkOnce(
      String what, String pipeline, T instance, String createActivity, Check<T> check) {
    if (instance == null) {
      throw NotReady.terminal(
          what
              + " of pipeline "
              + pipeline
              + " is not running in this worker; "
              + createActivity
              + " starts it");
    }
    String detail;
    try {
      detail = check.run(instance);
    } catch (Exception e) {
      throw NotReady.retryAfter(
          POLL, what + " of pipeline " + pipeline + " is not ready yet: " + e.getMessage());
    }
    return new Readiness(Activity.getExecutionContext().getInfo().getAttempt(), detail);
  }

  private static void heartbeat(String detail) {
    Activity.getExecutionContext().heartbeat(detail);
  }

  private static void waitUntilUp(String what, Callable<String> check) {
    try {
      String detail = Waits.until(check, START_WAIT, () -> heartbeat("waiting for " + what));
      LOG.info("{} is up: {}", what, detail);
    } catch (Exception e) {
      throw ApplicationFailure.newFailureWithCause(
          what + " did not come up within " + START_WAIT.toSeconds() + " s: " + e.getMessage(),
          "SandboxStartFailed",
          e);
    }
  }

  private static <T> T start(String what, IoSupplier<T> starter) {
    heartbeat("starting " + what);
    try {
      return starter.get();
    } catch (IOException | RuntimeException e) {
      // retryable: a lost port race or a slow disk may well pass on the next attempt
      throw ApplicationFailure.newFailureWithCause(
          what + " did not start: " + e.getMessage(), "SandboxStartFailed", e);
    }
  }

  private static void run(String what, IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw ApplicationFailure.newFailureWithCause(
          "could not " + what + ": " + e.getMessage(), "SandboxIoFailed", e);
    }
  }

  @FunctionalInterface
  private interface Check<T> {
    String run(T instance) throws Exception;
  }

  @FunctionalInterface
  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
