package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.TemporalConnection;
import io.cdcorchestrator.local.LocalTemporal;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;

/**
 * The embedded test server with a worker serving {@link FakePipelineWorkflow} on the control queue,
 * and a CLI pointed at it: the commands tested against the workflow's contract. Closed in reverse.
 */
final class FakeTemporal implements AutoCloseable {
  final Cli cli;
  private final LocalTemporal server;
  private final TemporalConnection connection;
  private final WorkerFactory workers;

  private FakeTemporal(LocalTemporal server, TemporalConnection connection, WorkerFactory workers) {
    this.server = server;
    this.connection = connection;
    this.workers = workers;
    this.cli = new Cli().address(server.address());
  }

  static FakeTemporal start(Path logs) {
    LocalTemporal server =
        LocalTemporal.start(
            LocalTemporal.Flavour.EMBEDDED, FreePort.find(), PipelineAttributes.NAMES, logs);
    TemporalConnection connection = TemporalConnection.connect(server.address());
    WorkerFactory workers = WorkerFactory.newInstance(connection.client());
    workers
        .newWorker(TaskQueues.CONTROL)
        .registerWorkflowImplementationTypes(FakePipelineWorkflow.class);
    workers.start();
    return new FakeTemporal(server, connection, workers);
  }

  String address() {
    return server.address();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    connection.close();
    server.close();
  }
}
