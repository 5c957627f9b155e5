package io.cdcorchestrator;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.dataplane.DataPlaneActivitiesImpl;
import io.cdcorchestrator.pipeline.PipelineWorkflowImpl;
import io.cdcorchestrator.sandbox.SandboxActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.Set;

/**
 * Which implementations serve which task queue. The worker main, {@code cdc worker} and
 * {@code cdc demo} all start workers through here.
 */
public final class Workers implements AutoCloseable {
  private final WorkerFactory factory;
  private final SandboxActivitiesImpl sandbox;

  private Workers(WorkerFactory factory, SandboxActivitiesImpl sandbox) {
    this.factory = factory;
    this.sandbox = sandbox;
  }

  /**
   * Starts polling {@code queues} (a subset of {@link TaskQueues#CONTROL} and
   * {@link TaskQueues#DATAPLANE}).
   *
   * @param sandboxRoot where sandbox pipelines keep their work directories
   */
  public static Workers start(WorkflowClient client, Set<String> queues, Path sandboxRoot) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    SandboxActivitiesImpl sandbox = null;
    for (String queue : queues) {
      Worker worker = factory.newWorker(queue);
      switch (queue) {
        case TaskQueues.CONTROL -> {
          worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
          sandbox = new SandboxActivitiesImpl(sandboxRoot);
          worker.registerActivitiesImplementations(sandbox);
        }
        case TaskQueues.DATAPLANE -> worker.registerActivitiesImplementations(new DataPlaneActivitiesImpl());
        default -> throw new IllegalArgumentException(
            "queues: unknown task queue '" + queue + "' (" + TaskQueues.CONTROL + ", " + TaskQueues.DATAPLANE + ")");
      }
    }
    factory.start();
    return new Workers(factory, sandbox);
  }

  /** Stops polling, then stops whatever sandbox processes this JVM still owns. */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(java.time.Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
