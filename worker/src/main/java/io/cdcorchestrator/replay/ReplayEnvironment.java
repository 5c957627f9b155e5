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
import java.util.UUID;

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
   * On Java 21+, workflow code runs on virtual threads: the SDK hands control between a workflow's
   * threads at every step, and between platform threads each hand-over goes through the kernel
   * (measured: about a quarter of a replay's CPU; docs/BENCHMARKS.md). Replay only: the worker's
   * JVM, and Java 17, keep platform threads.
   */
  static final boolean VIRTUAL_WORKFLOW_THREADS = Runtime.version().feature() >= 21;

  private final Server server;
  private final ManagedChannel channel;
  private final WorkflowServiceStubs service;
  private final WorkerFactory factory;

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
    factory =
        WorkerFactory.newInstance(
            WorkflowClient.newInstance(
                service,
                WorkflowClientOptions.newBuilder()
                    .setNamespace("default")
                    .setDataConverter(new ReplayDataConverter(GlobalDataConverter.get()))
                    .build()),
            WorkerFactoryOptions.newBuilder()
                .setUsingVirtualWorkflowThreads(VIRTUAL_WORKFLOW_THREADS)
                .build());
  }

  /** A worker that is never started: it only replays. */
  Worker newWorker(String taskQueue, WorkerOptions options) {
    return factory.newWorker(taskQueue, options);
  }

  @Override
  public void close() {
    factory.shutdownNow();
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
