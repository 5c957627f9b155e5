package io.cdcorchestrator;

import io.cdcorchestrator.aws.ContainerActivitiesImpl;
import io.cdcorchestrator.aws.DatabaseActivitiesImpl;
import io.cdcorchestrator.aws.KafkaActivitiesImpl;
import io.cdcorchestrator.aws.LoadBalancerActivitiesImpl;
import io.cdcorchestrator.aws.NetworkActivitiesImpl;
import io.cdcorchestrator.aws.SweepActivitiesImpl;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.dataplane.DataPlaneActivitiesImpl;
import io.cdcorchestrator.observability.Observability;
import io.cdcorchestrator.pipeline.PipelineWorkflowImpl;
import io.cdcorchestrator.pipeline.SweepWorkflowImpl;
import io.cdcorchestrator.preflight.PreflightActivitiesImpl;
import io.cdcorchestrator.sandbox.SandboxActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.util.Set;

/**
 * Which implementations serve which task queue. The worker main, {@code cdc worker} and {@code cdc
 * demo} all start workers through here.
 */
public final class Workers implements AutoCloseable {
  private final WorkerFactory factory;
  private final SandboxActivitiesImpl sandbox;
  private final AwsClients aws;

  private Workers(WorkerFactory factory, SandboxActivitiesImpl sandbox, AwsClients aws) {
    this.factory = factory;
    this.sandbox = sandbox;
    this.aws = aws;
  }

  /**
   * Starts polling {@code queues} (a subset of {@link TaskQueues#CONTROL} and {@link
   * TaskQueues#DATAPLANE}).
   *
   * @param sandboxRoot where sandbox pipelines keep their work directories
   */
  public static Workers start(WorkflowClient client, Set<String> queues, Path sandboxRoot) {
    return start(client, queues, sandboxRoot, null);
  }

  /**
   * @param awsClients the AWS clients of the AWS activities, owned by the caller (tests add SDK
   *     interceptors); null: clients from the SDK's default chain, built on first use and closed
   *     here
   */
  public static Workers start(
      WorkflowClient client, Set<String> queues, Path sandboxRoot, AwsClients awsClients) {
    return start(client, queues, sandboxRoot, awsClients, Observability.off());
  }

  /**
   * @param observability the worker interceptors (pipeline labels, metrics, tracing) and the AWS
   *     SDK interceptors of the clients built here; owned by the caller
   */
  public static Workers start(
      WorkflowClient client,
      Set<String> queues,
      Path sandboxRoot,
      AwsClients awsClients,
      Observability observability) {
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(observability.workerInterceptors())
                .build());
    SandboxActivitiesImpl sandbox = null;
    AwsClients aws = null;
    for (String queue : queues) {
      Worker worker = factory.newWorker(queue);
      switch (queue) {
        case TaskQueues.CONTROL -> {
          worker.registerWorkflowImplementationTypes(
              PipelineWorkflowImpl.class, SweepWorkflowImpl.class);
          sandbox = new SandboxActivitiesImpl(sandboxRoot);
          worker.registerActivitiesImplementations(sandbox);
          // clients are built on first use, so a sandbox-only worker needs no AWS credentials
          AwsClients clients = awsClients;
          if (clients == null) {
            aws = AwsClients.create(null, observability.awsInterceptors());
            clients = aws;
          }
          worker.registerActivitiesImplementations(
              new PreflightActivitiesImpl(clients),
              new NetworkActivitiesImpl(clients),
              new DatabaseActivitiesImpl(clients),
              new KafkaActivitiesImpl(clients),
              new ContainerActivitiesImpl(clients),
              new LoadBalancerActivitiesImpl(clients),
              new SweepActivitiesImpl(clients));
        }
        case TaskQueues.DATAPLANE ->
            worker.registerActivitiesImplementations(new DataPlaneActivitiesImpl());
        default ->
            throw new IllegalArgumentException(
                "queues: unknown task queue '"
                    + queue
                    + "' ("
                    + TaskQueues.CONTROL
                    + ", "
                    + TaskQueues.DATAPLANE
                    + ")");
      }
    }
    factory.start();
    return new Workers(factory, sandbox, aws);
  }

  /**
   * Stops polling, then stops whatever sandbox processes this JVM still owns and closes the AWS
   * clients.
   */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(
        java.time.Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    if (sandbox != null) {
      sandbox.close();
    }
    if (aws != null) {
      aws.close();
    }
  }
}
