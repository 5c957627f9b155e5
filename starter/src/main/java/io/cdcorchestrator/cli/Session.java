package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A checked connection to Temporal for one command: connecting answers GetSystemInfo first, so an
 * unreachable server is one clear line with the address tried, not a retry loop and a stack trace.
 */
final class Session implements AutoCloseable {
  private static final long CHECK_SECONDS = 5;

  private final TemporalConnection connection;

  private Session(TemporalConnection connection) {
    this.connection = connection;
  }

  /** The server of the environment ({@code TEMPORAL_ADDRESS} of {@code root}'s environment, else envconfig). */
  static Session open(CdcCommand root) {
    return open(root.env("TEMPORAL_ADDRESS"));
  }

  /** {@code address} null: whatever envconfig says. */
  static Session open(String address) {
    return open(() -> TemporalConnection.connect(address));
  }

  /** The local server {@code demo} runs on: none of the user's TEMPORAL_* settings apply. */
  static Session openLocal(String address) {
    return open(() -> TemporalConnection.local(address));
  }

  private static Session open(java.util.function.Supplier<TemporalConnection> connect) {
    TemporalConnection connection;
    try {
      connection = connect.get();
    } catch (UncheckedIOException e) {
      throw CliException.failure(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw CliException.failure("cannot configure the Temporal connection: " + e.getMessage(), e);
    }
    try {
      check(connection);
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
    return new Session(connection);
  }

  private static void check(TemporalConnection connection) {
    try {
      connection.service().blockingStub()
          .withDeadlineAfter(CHECK_SECONDS, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw unreachable(connection.address(), e);
    }
  }

  /** The one-line error for a failed call to the server at {@code address}. */
  static CliException unreachable(String address, StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED -> CliException.failure(
          "cannot reach Temporal at " + address + " (is a server running? try ./cdc dev-server)", e);
      case UNAUTHENTICATED, PERMISSION_DENIED -> CliException.failure(
          "Temporal at " + address + " refused the credentials (" + e.getStatus().getDescription()
              + "; check TEMPORAL_API_KEY / TEMPORAL_TLS_*)", e);
      default -> CliException.failure("Temporal at " + address + " answered " + code + ": " + e.getStatus().getDescription(), e);
    };
  }

  WorkflowClient client() {
    return connection.client();
  }

  TemporalConnection connection() {
    return connection;
  }

  String address() {
    return connection.address();
  }

  String namespace() {
    return connection.client().getOptions().getNamespace();
  }

  Pipelines pipelines() {
    return new Pipelines(this);
  }

  @Override
  public void close() {
    connection.close();
  }
}
