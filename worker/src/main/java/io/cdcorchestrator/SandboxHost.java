package io.cdcorchestrator;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.pipeline.PipelineWorkflow;
import io.cdcorchestrator.sandbox.SandboxActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which worker process of this host runs the sandbox pipelines under one root ({@code
 * $CDC_HOME/sandbox}): the one holding {@code <root>/.host-<server>.lock} (one per Temporal server
 * and namespace, whose queues are separate). It serves the host's sandbox queue ({@link
 * TaskQueues#sandboxHost}); another worker started with the same {@code CDC_HOME} waits as a
 * standby and takes over within seconds when the holder dies (the operating system releases the
 * lock with the process, kill -9 included). Taking over, it asks every pipeline with a work
 * directory here for a health check now ({@code checkNow}): their Kafka and Connect died with the
 * other JVM, and the check repairs them.
 */
final class SandboxHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxHost.class);
  static final Duration STANDBY_POLL = Duration.ofSeconds(2);

  private final WorkflowClient client;
  private final WorkerFactoryOptions options;
  private final Path root;
  private final String queue;
  private final SandboxActivitiesImpl activities;
  private final Consumer<String> say;
  private final FileChannel channel;
  private final Thread standby;
  private volatile FileLock lock;
  private volatile WorkerFactory factory;
  private volatile boolean closed;

  private SandboxHost(
      WorkflowClient client,
      WorkerFactoryOptions options,
      Path root,
      SandboxActivitiesImpl activities,
      Consumer<String> say)
      throws IOException {
    this.client = client;
    this.options = options;
    this.root = root;
    this.queue = TaskQueues.sandboxHost(root);
    this.activities = activities;
    this.say = say;
    Files.createDirectories(root);
    this.channel =
        FileChannel.open(
            root.resolve(".host-" + serverHash(client) + ".lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    this.standby = new Thread(this::waitForTheLock, "sandbox-host-standby");
    this.standby.setDaemon(true);
  }

  /**
   * Serves the host's sandbox queue now when no other worker process does, otherwise stands by.
   *
   * @param say where to tell the user what this worker does (taking over included)
   */
  static SandboxHost start(
      WorkflowClient client,
      WorkerFactoryOptions options,
      Path root,
      SandboxActivitiesImpl activities,
      Consumer<String> say) {
    try {
      SandboxHost host = new SandboxHost(client, options, root, activities, say);
      if (!host.tryServe(false)) {
        say.accept(
            "another worker process runs the sandbox pipelines of "
                + root
                + "; this one stands by to take them over");
        host.standby.start();
      }
      return host;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the sandbox host lock in " + root, e);
    }
  }

  String queue() {
    return queue;
  }

  /** Which Temporal server and namespace the queue lives on: workers of another do not compete. */
  private static String serverHash(WorkflowClient client) {
    String server =
        client.getWorkflowServiceStubs().getOptions().getTarget()
            + "/"
            + client.getOptions().getNamespace();
    return Integer.toHexString(server.hashCode());
  }

  /** True while this process serves the host's sandbox queue. */
  boolean serving() {
    return factory != null;
  }

  private synchronized boolean tryServe(boolean takingOver) throws IOException {
    if (closed) {
      return false;
    }
    FileLock acquired;
    try {
      acquired = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return false; // another Workers of this very JVM serves it
    }
    if (acquired == null) {
      return false;
    }
    lock = acquired;
    WorkerFactory f = WorkerFactory.newInstance(client, options);
    f.newWorker(queue).registerActivitiesImplementations(activities);
    f.start();
    factory = f;
    LOG.info("Serving sandbox queue {} for {}", queue, root);
    if (takingOver) {
      say.accept("took over the sandbox pipelines of " + root + " from a worker that stopped");
    }
    askPipelinesForACheck();
    return true;
  }

  private void waitForTheLock() {
    while (!closed) {
      try {
        if (tryServe(true)) {
          return;
        }
        Thread.sleep(STANDBY_POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("Standby for the sandbox of {}: {}", root, e.toString());
        try {
          Thread.sleep(STANDBY_POLL.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Every pipeline with a work directory here gets a health check now (and so its repair). */
  private void askPipelinesForACheck() {
    for (String name : pipelines()) {
      try {
        client.newWorkflowStub(PipelineWorkflow.class, PipelineNames.workflowId(name)).checkNow();
        LOG.info("Asked pipeline {} for a health check", name);
      } catch (WorkflowNotFoundException e) {
        LOG.warn(
            "Work directory {} belongs to no running pipeline (its workflow ended without its"
                + " teardown); left as it is",
            root.resolve(name));
      } catch (RuntimeException e) {
        LOG.warn("Could not ask pipeline {} for a health check: {}", name, e.toString());
      }
    }
  }

  private List<String> pipelines() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (PipelineNames.validate(name) == null) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot list the sandbox work directories in {}: {}", root, e.toString());
    }
    return names;
  }

  /** Stops polling the host's queue (and standing by); the lock stays until {@link #close}. */
  synchronized void stopPolling() {
    closed = true;
    standby.interrupt();
    WorkerFactory f = factory;
    if (f != null) {
      f.shutdown();
      f.awaitTermination(10, TimeUnit.SECONDS);
      factory = null;
    }
  }

  /**
   * Releases the lock (to a standby, if one waits): after the pipelines' components stopped, so the
   * next worker never finds them still running.
   */
  @Override
  public void close() {
    stopPolling();
    synchronized (this) {
      try {
        if (lock != null) {
          lock.release();
        }
        channel.close();
      } catch (IOException e) {
        LOG.warn("Releasing the sandbox host lock of {}: {}", root, e.toString());
      }
    }
  }
}
