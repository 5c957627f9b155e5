package io.cdcorchestrator.cli;

import io.cdcorchestrator.Workers;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.TemporalConnection;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.local.LocalTemporal;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the end-to-end tests stand on: a local Temporal server, a connection, in-process workers on
 * both task queues (the product's own bootstrap) and a CLI pointed at that server. Closed in
 * reverse.
 */
final class LocalStack implements AutoCloseable {
  final LocalTemporal server;
  final TemporalConnection connection;
  final Workers workers;
  final Cli cli;

  private LocalStack(LocalTemporal server, TemporalConnection connection, Workers workers) {
    this.server = server;
    this.connection = connection;
    this.workers = workers;
    this.cli = new Cli().address(server.address());
  }

  /**
   * @param aws the workers' AWS clients, or null for the SDK's default chain
   */
  static LocalStack start(LocalTemporal.Flavour flavour, int port, Path home, AwsClients aws) {
    LocalTemporal server =
        LocalTemporal.start(flavour, port, PipelineAttributes.NAMES, home.resolve("logs"));
    TemporalConnection connection = null;
    try {
      connection = TemporalConnection.connect(server.address());
      Set<String> queues = Set.of(TaskQueues.CONTROL, TaskQueues.DATAPLANE);
      Workers workers =
          aws == null
              ? Workers.start(connection.client(), queues, home.resolve("sandbox"))
              : Workers.start(connection.client(), queues, home.resolve("sandbox"), aws);
      return new LocalStack(server, connection, workers);
    } catch (RuntimeException e) {
      if (connection != null) {
        connection.close();
      }
      server.close();
      throw e;
    }
  }

  @Override
  public void close() {
    workers.close();
    connection.close();
    server.close();
  }
}
