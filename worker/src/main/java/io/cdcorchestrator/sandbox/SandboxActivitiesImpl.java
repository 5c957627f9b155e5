package io.cdcorchestrator.sandbox;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.SandboxRepair;
import io.cdcorchestrator.model.SecretRef;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox target: PostgreSQL (a child process), Kafka and Kafka Connect (in this JVM) per
 * pipeline, all under {@code <root>/<pipeline>}. This object owns what it started: {@link #close()}
 * stops every stack still running (their state on disk stays for the next worker).
 */
public class SandboxActivitiesImpl implements SandboxActivities, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxActivitiesImpl.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration BUSY_POLL = Duration.ofSeconds(5);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final Path root;
  private final Path binaryCache;
  private final String hostQueue;
  private final SandboxCapacity capacity;
  private final ConcurrentMap<String, SandboxStack> stacks = new ConcurrentHashMap<>();

  /**
   * @param root holds one work directory per pipeline and the shared PostgreSQL binaries
   */
  public SandboxActivitiesImpl(Path root) {
    this(root, TaskQueues.CONTROL, SandboxCapacity.ofThisJvm());
  }

  /**
   * @param hostQueue the task queue this host's sandbox activities are served on (what {@link
   *     #createWorkDirectory} answers)
   */
  public SandboxActivitiesImpl(Path root, String hostQueue, SandboxCapacity capacity) {
    this.root = root.toAbsolutePath().normalize();
    this.binaryCache = this.root.resolve(".embedded-pg");
    this.hostQueue = hostQueue;
    this.capacity = capacity;
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
        ResourceTypes.SANDBOX_WORKDIR,
        dir.toString(),
        "created",
        Map.of("path", dir.toString(), ResourceTypes.TASK_QUEUE, hostQueue));
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
    heartbeat("starting PostgreSQL");
    return postgresRecord(stack, start("PostgreSQL", stack::ensurePostgres));
  }

  private static ResourceRecord postgresRecord(SandboxStack stack, SandboxPostgres pg) {
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
    SandboxStack stack = stack(pipeline);
    return checkOnce(
        "PostgreSQL",
        pipeline,
        recover("PostgreSQL", stack::recoverPostgres),
        "createPostgres",
        SandboxPostgres::check);
  }

  @Override
  public void deletePostgres(String pipeline) {
    run("stop PostgreSQL of " + pipeline, stack(pipeline)::deletePostgres);
  }

  @Override
  public ResourceRecord createKafka(String pipeline) {
    SandboxStack stack = stack(pipeline);
    heartbeat("starting Kafka");
    return kafkaRecord(start("Kafka", stack::ensureKafka));
  }

  private static ResourceRecord kafkaRecord(KafkaBroker kafka) {
    return new ResourceRecord(
        ResourceTypes.SANDBOX_KAFKA,
        kafka.bootstrap(),
        "running",
        Map.of("bootstrap", kafka.bootstrap()));
  }

  @Override
  public Readiness awaitKafka(String pipeline) {
    SandboxStack stack = stack(pipeline);
    return checkOnce(
        "Kafka",
        pipeline,
        recover("Kafka", stack::recoverKafka),
        "createKafka",
        k -> k.check(CHECK_TIMEOUT));
  }

  @Override
  public void deleteKafka(String pipeline) {
    run("stop Kafka of " + pipeline, stack(pipeline)::deleteKafka);
  }

  /**
   * {@code kafkaBootstrap} is what the workflow recorded; the worker is started against the
   * pipeline's Kafka as it runs now (started again first, should it have died).
   */
  @Override
  public ResourceRecord createConnect(String pipeline, String kafkaBootstrap) {
    SandboxStack stack = stack(pipeline);
    heartbeat("starting Kafka Connect");
    return connectRecord(
        start(
            "Kafka Connect",
            () -> {
              if (kafkaBootstrap != null && !stack.ownsKafka()) { // kafka.existing: not ours
                stack.useExternalKafka(kafkaBootstrap);
              }
              return stack.ensureConnect();
            }));
  }

  private static ResourceRecord connectRecord(ConnectWorker connect) {
    return new ResourceRecord(
        ResourceTypes.SANDBOX_CONNECT, connect.url(), "running", Map.of("url", connect.url()));
  }

  @Override
  public Readiness awaitConnect(String pipeline) {
    SandboxStack stack = stack(pipeline);
    return checkOnce(
        "Kafka Connect",
        pipeline,
        recover("Kafka Connect", stack::recoverConnect),
        "createConnect",
        ConnectWorker::check);
  }

  @Override
  public void deleteConnect(String pipeline) {
    run("stop Kafka Connect of " + pipeline, stack(pipeline)::deleteConnect);
  }

  @Override
  public SandboxRepair repair(String pipeline) {
    SandboxStack stack = stack(pipeline);
    heartbeat("checking the sandbox of " + pipeline);
    SandboxStack.Repair done = start("the sandbox of " + pipeline, stack::repair);
    if (!done.restarted().isEmpty()) {
      LOG.warn(
          "Sandbox of pipeline {} repaired: {}", pipeline, String.join("; ", done.restarted()));
    }
    return new SandboxRepair(
        done.restarted(),
        done.alive(),
        stack.postgres() == null ? null : postgresRecord(stack, stack.postgres()),
        stack.kafka() == null ? null : kafkaRecord(stack.kafka()),
        stack.connect() == null ? null : connectRecord(stack.connect()));
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

  SandboxStack stack(String pipeline) {
    String invalid = PipelineNames.validate(pipeline);
    if (invalid != null) {
      // also keeps "../x" from naming a directory outside the root, which delete would remove
      throw ApplicationFailure.newNonRetryableFailure(invalid, "InvalidPipelineName");
    }
    return stacks.computeIfAbsent(
        pipeline, p -> new SandboxStack(p, root.resolve(p), binaryCache, this::admit));
  }

  /**
   * Kafka and Connect of one more pipeline in this heap, or a clear refusal. Counted and admitted
   * in one step: pipelines started at once must not all see room for one.
   */
  private synchronized void admit(SandboxStack starting) throws SandboxCapacity.Full {
    long running = stacks.values().stream().filter(s -> s != starting && s.inHeap()).count();
    capacity.admit(starting.pipeline, (int) running);
    starting.admitted();
  }

  /**
   * A component found again (alive, or started again from its state on disk); null when it never
   * existed here, which no waiting can change.
   */
  private static <T> T recover(String what, IoSupplier<T> recover) {
    return start(what, recover);
  }

  /** One readiness check; "never existed" is terminal rather than "not ready". */
  private static <T> Readiness checkOnce(
      String what, String pipeline, T instance, String createActivity, Check<T> check) {
    if (instance == null) {
      throw NotReady.terminal(
          what
              + " of pipeline "
              + pipeline
              + " does not exist on this worker's host; "
              + createActivity
              + " creates it");
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

  private static <T> T start(String what, IoSupplier<T> starter) {
    try {
      return starter.get();
    } catch (SandboxCapacity.Full e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "SandboxFull");
    } catch (OwnerLock.Busy e) {
      // another worker process on this host runs it; that one gets the retry if it polls here
      throw NotReady.retryAfter(BUSY_POLL, e.getMessage());
    } catch (IOException | RuntimeException e) {
      // retryable: a lost port race or a slow disk may well pass on the next attempt
      throw ApplicationFailure.newFailureWithCause(
          what + " did not start: " + e.getMessage(), "SandboxStartFailed", e);
    }
  }

  private static void run(String what, IoAction action) {
    try {
      action.run();
    } catch (OwnerLock.Busy e) {
      throw NotReady.retryAfter(BUSY_POLL, e.getMessage());
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
