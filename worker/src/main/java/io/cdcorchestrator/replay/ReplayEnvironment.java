package io.cdcorchestrator.replay;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What replaying needs of a Temporal server, and nothing more. Replay runs entirely in the worker;
 * the SDK asks the server one thing, its capabilities (GetSystemInfo), which decide how it reads
 * some events. The SDK's own {@code WorkflowReplayer} starts the whole in-memory test server for
 * that, most of a second and a few thousand classes before the first history; this answers the one
 * call in-process with the test server's capabilities, so a replay here behaves exactly as with
 * {@code WorkflowReplayer} (ReplayTest replays the suite through it). Any other call is answered
 * UNIMPLEMENTED: replay makes none.
 */
final class ReplayEnvironment implements AutoCloseable {
  /** What the SDK's test server (temporal-testing 1.38) answers to GetSystemInfo. */
  static final GetSystemInfoResponse.Capabilities CAPABILITIES =
      GetSystemInfoResponse.Capabilities.newBuilder()
          .setSignalAndQueryHeader(true)
          .setEncodedFailureAttributes(true)
          .setUpsertMemo(true)
          .setEagerWorkflowStart(true)
          .setSdkMetadata(true)
          .setNexus(true)
          .build();

  /**
   * On Java 21+, workflow code runs on virtual threads when the replay loops cannot be pinned to a
   * CPU each ({@link CpuAffinity}): the SDK hands control between a workflow's threads at every
   * step, and between platform threads on different CPUs each hand-over goes through the kernel.
   * Where the loops are pinned, platform threads hand over on one CPU, which costs less than
   * virtual threads (each of the SDK's timed waits on a virtual thread wakes the pool's delay
   * scheduler, a platform thread): docs/BENCHMARKS.md, "{@code cdc replay}", fourth session. Replay
   * only: the worker's JVM keeps platform threads.
   */
  static final boolean VIRTUAL_WORKFLOW_THREADS =
      Runtime.version().feature() >= 21 && !CpuAffinity.PINNING;

  private final Server server;
  private final ManagedChannel channel;
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final List<WorkerFactory> factories = new CopyOnWriteArrayList<>();

  ReplayEnvironment() {
    String name = "cdc-replay-" + UUID.randomUUID();
    try {
      server =
          InProcessServerBuilder.forName(name)
              .directExecutor()
              .addService(new Capabilities())
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build());
    client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace("default")
                .setDataConverter(new ReplayDataConverter(GlobalDataConverter.get()))
                .build());
  }

  /**
   * A worker that is never started: it only replays. Each has a factory of its own, so its workflow
   * threads are its own (a factory holds the pool they run on): created by the thread that replays
   * on it, they run on that thread's CPUs ({@link CpuAffinity}).
   */
  Worker newWorker(String taskQueue, WorkerOptions options) {
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setUsingVirtualWorkflowThreads(VIRTUAL_WORKFLOW_THREADS)
                .build());
    factories.add(factory);
    return factory.newWorker(taskQueue, options);
  }

  @Override
  public void close() {
    factories.forEach(WorkerFactory::shutdownNow);
    service.shutdownNow();
    channel.shutdownNow();
    server.shutdownNow();
  }

  private static final class Capabilities extends WorkflowServiceGrpc.WorkflowServiceImplBase {
    @Override
    public void getSystemInfo(
        GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
      response.onNext(GetSystemInfoResponse.newBuilder().setCapabilities(CAPABILITIES).build());
      response.onCompleted();
    }
  }
}
