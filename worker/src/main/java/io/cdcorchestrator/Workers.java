package io.cdcorchestrator;

import io.cdcorchestrator.aws.ContainerActivitiesImpl;
import io.cdcorchestrator.aws.DatabaseActivitiesImpl;
import io.cdcorchestrator.aws.KafkaActivitiesImpl;
import io.cdcorchestrator.aws.LoadBalancerActivitiesImpl;
import io.cdcorchestrator.aws.NetworkActivitiesImpl;
import io.cdcorchestrator.aws.SweepActivitiesImpl;
import io.cdcorchestrator.common.HeartbeatWhileRunning;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.dataplane.DataPlaneActivitiesImpl;
import io.cdcorchestrator.model.WatchWindow;
import io.cdcorchestrator.observability.Observability;
import io.cdcorchestrator.pipeline.PipelineWorkflowImpl;
import io.cdcorchestrator.pipeline.SweepWorkflowImpl;
import io.cdcorchestrator.preflight.PreflightActivitiesImpl;
import io.cdcorchestrator.sandbox.SandboxActivitiesImpl;
import io.cdcorchestrator.sandbox.SandboxCapacity;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Which implementations serve which task queue. The worker main, {@code cdc worker} and {@code cdc
 * demo} all start workers through here. Every activity heartbeats while it runs ({@link
 * HeartbeatWhileRunning}); a {@code cdc-control} worker also runs the sandbox pipelines of its host
 * on the host's own queue, or stands by for them ({@link SandboxHost}).
 */
public final class Workers implements AutoCloseable {
  private final WorkerFactory factory;
  private final SandboxActivitiesImpl sandbox;
  private final SandboxHost host;
  private final AwsClients aws;
  private final HeartbeatWhileRunning heartbeats;
  private final DataPlaneActivitiesImpl dataPlane;

  private Workers(
      WorkerFactory factory,
      SandboxActivitiesImpl sandbox,
      SandboxHost host,
      AwsClients aws,
      HeartbeatWhileRunning heartbeats,
      DataPlaneActivitiesImpl dataPlane) {
    this.factory = factory;
    this.sandbox = sandbox;
    this.host = host;
    this.aws = aws;
    this.heartbeats = heartbeats;
    this.dataPlane = dataPlane;
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
    return start(
        client,
        queues,
        sandboxRoot,
        awsClients,
        observability,
        LoggerFactory.getLogger(Workers.class)::info);
  }

  /**
   * @param say where to tell the user what this worker does about the host's sandbox (serving it,
   *     standing by, taking over)
   */
  public static Workers start(
      WorkflowClient client,
      Set<String> queues,
      Path sandboxRoot,
      AwsClients awsClients,
      Consumer<String> say) {
    return start(client, queues, sandboxRoot, awsClients, Observability.off(), say);
  }

  /**
   * @param observability as above
   * @param say as above
   */
  public static Workers start(
      WorkflowClient client,
      Set<String> queues,
      Path sandboxRoot,
      AwsClients awsClients,
      Observability observability,
      Consumer<String> say) {
    HeartbeatWhileRunning heartbeats = new HeartbeatWhileRunning();
    List<WorkerInterceptor> interceptors =
        new ArrayList<>(List.of(observability.workerInterceptors()));
    interceptors.add(heartbeats);
    WorkerFactoryOptions options =
        WorkerFactoryOptions.newBuilder()
            .setWorkerInterceptors(interceptors.toArray(WorkerInterceptor[]::new))
            .build();
    WorkerFactory factory = WorkerFactory.newInstance(client, options);
    SandboxActivitiesImpl sandbox = null;
    AwsClients aws = null;
    DataPlaneActivitiesImpl dataPlane = null;
    for (String queue : queues) {
      Worker worker =
          queue.equals(TaskQueues.DATAPLANE)
              ? factory.newWorker(queue, dataPlaneOptions())
              : factory.newWorker(queue);
      switch (queue) {
        case TaskQueues.CONTROL -> {
          worker.registerWorkflowImplementationTypes(
              PipelineWorkflowImpl.class, SweepWorkflowImpl.class);
          // createWorkDirectory (and runs recorded before the host queue) arrive here
          sandbox =
              new SandboxActivitiesImpl(
                  sandboxRoot, TaskQueues.sandboxHost(sandboxRoot), SandboxCapacity.ofThisJvm());
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
        case TaskQueues.DATAPLANE -> {
          dataPlane = new DataPlaneActivitiesImpl();
          worker.registerActivitiesImplementations(dataPlane);
        }
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
    SandboxHost host =
        sandbox == null ? null : SandboxHost.start(client, options, sandboxRoot, sandbox, say);
    return new Workers(factory, sandbox, host, aws, heartbeats, dataPlane);
  }

  /**
   * Every watched pipeline keeps one watch window running on the data-plane queue ({@link
   * WatchWindow}): room for {@value #DATAPLANE_SLOTS} at once (the SDK's default is 200), each a
   * thread that mostly sleeps. The heartbeat throttle is raised so the SDK's 0.8 × heartbeat
   * timeout rule governs a window's heartbeats (one per 4 minutes, not per minute); activities with
   * shorter heartbeat timeouts are throttled by that rule as before.
   */
  public static WorkerOptions dataPlaneOptions() {
    return WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(DATAPLANE_SLOTS)
        .setMaxHeartbeatThrottleInterval(WatchWindow.HEARTBEAT_TIMEOUT)
        .build();
  }

  /** Activities at once on the data-plane queue: the watch windows of this many pipelines. */
  static final int DATAPLANE_SLOTS = 2_000;

  /**
   * Stops polling, then stops whatever sandbox processes this JVM still owns (their state stays for
   * the next worker), hands the host's sandbox on, closes the bastion sessions kept for health
   * checks and the AWS clients.
   */
  @Override
  public void close() {
    if (host != null) {
      host.stopPolling();
    }
    factory.shutdown();
    factory.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    if (sandbox != null) {
      sandbox.close();
    }
    if (host != null) {
      host.close();
    }
    if (dataPlane != null) {
      dataPlane.close();
    }
    if (aws != null) {
      aws.close();
    }
    heartbeats.close();
  }
}
