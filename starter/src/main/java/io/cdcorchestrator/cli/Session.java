package io.cdcorchestrator.cli;

import io.cdcorchestrator.codec.CodecConfigException;
import io.cdcorchestrator.codec.CodecKeys;
import io.cdcorchestrator.common.TemporalConnection;
import io.cdcorchestrator.observability.Observability;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

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

  /**
   * The server of {@code root}'s environment, through envconfig (TEMPORAL_*, profile, codec keys).
   */
  static Session open(CdcCommand root) {
    return open(() -> TemporalConnection.connect(root.environment()));
  }

  /** As {@link #open(CdcCommand)}, for a worker: its metrics scope and tracing on the client. */
  static Session open(CdcCommand root, Observability observability) {
    return open(() -> TemporalConnection.connect(root.environment(), observability));
  }

  /**
   * Bad codec keys are bad input: checked before a command starts anything (demo starts a server
   * first).
   */
  static void checkCodecKeys(CdcCommand root) {
    try {
      CodecKeys.fromEnvironment(root.environment());
    } catch (CodecConfigException e) {
      throw CliException.badInput(e.getMessage());
    }
  }

  /**
   * The local server {@code demo} runs on: none of the user's TEMPORAL_* settings apply (codec keys
   * do).
   */
  static Session openLocal(CdcCommand root, String address) {
    return open(() -> TemporalConnection.local(address, root.environment()));
  }

  private static Session open(java.util.function.Supplier<TemporalConnection> connect) {
    TemporalConnection connection;
    try {
      connection = connect.get();
    } catch (CodecConfigException e) {
      throw CliException.badInput(e.getMessage());
    } catch (UncheckedIOException e) {
      throw CliException.failure(e.getMessage(), e);
    } catch (RuntimeException e) {
      // e.g. envconfig's "Unable to create SSL context": the cause names the file
      String cause =
          e.getCause() == null || e.getCause() == e ? "" : " (" + e.getCause().getMessage() + ")";
      throw CliException.failure(
          "cannot configure the Temporal connection: "
              + e.getMessage()
              + cause
              + "; check TEMPORAL_TLS_* / TEMPORAL_PROFILE",
          e);
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
      connection
          .service()
          .blockingStub()
          .withDeadlineAfter(CHECK_SECONDS, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw unreachable(connection.address(), e);
    }
  }

  /** The one-line error for a failed call to the server at {@code address}. */
  static CliException unreachable(String address, StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    Optional<SSLException> tls = sslCause(e);
    if (tls.isPresent()) {
      return CliException.failure(
          "TLS handshake with Temporal at "
              + address
              + " failed ("
              + reason(tls.get())
              + "); check TEMPORAL_TLS_* / TEMPORAL_API_KEY: does the server speak TLS, with a certificate this CA trusts?",
          e);
    }
    if (code == Status.Code.UNAVAILABLE && plaintextToTls(e)) {
      return CliException.failure(
          "Temporal at "
              + address
              + " closed the connection before answering; if it expects "
              + "TLS, set TEMPORAL_TLS=true (and TEMPORAL_TLS_* / TEMPORAL_API_KEY)",
          e);
    }
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED ->
          CliException.failure(
              "cannot reach Temporal at "
                  + address
                  + " (is a server running? try ./cdc dev-server)",
              e);
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          CliException.failure(
              "Temporal at "
                  + address
                  + " refused the credentials ("
                  + e.getStatus().getDescription()
                  + "; check TEMPORAL_API_KEY / TEMPORAL_TLS_*)",
              e);
      default ->
          CliException.failure(
              "Temporal at "
                  + address
                  + " answered "
                  + code
                  + ": "
                  + e.getStatus().getDescription(),
              e);
    };
  }

  private static Optional<SSLException> sslCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException ssl) {
        return Optional.of(ssl);
      }
    }
    return Optional.empty();
  }

  /**
   * The useful part: netty's "not an SSL/TLS record" carries a hex dump, OpenSSL's wrapper a
   * generic text.
   */
  private static String reason(SSLException ssl) {
    if (ssl.getClass().getSimpleName().equals("NotSslRecordException")) {
      return "the server does not speak TLS";
    }
    Throwable root = ssl;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.length() > 200 ? message.substring(0, 200) + "…" : message;
  }

  /**
   * A plaintext client talking to a TLS server gets the connection closed with no status: grpc-java
   * reports UNAVAILABLE "Network closed for unknown reason" (a refused port says "Connection
   * refused").
   */
  private static boolean plaintextToTls(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    return description != null && description.contains("Network closed for unknown reason");
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
    return connection.namespace();
  }

  Pipelines pipelines() {
    return new Pipelines(this);
  }

  @Override
  public void close() {
    connection.close();
  }
}
