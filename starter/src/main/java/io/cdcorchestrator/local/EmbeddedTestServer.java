package io.cdcorchestrator.local;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.util.List;
import java.util.Optional;

/**
 * The Java SDK's in-memory test server, bound to a port, in real time (no time skipping). Ready in
 * about a second; it has no Web UI and no visibility queries (ListWorkflowExecutions is
 * UNIMPLEMENTED), which {@code cdc list} works around.
 */
public final class EmbeddedTestServer implements LocalTemporal {
  static final String NAMESPACE = "default";

  private final TestServer.PortBoundTestServer server;
  private final int port;
  private boolean closed;

  private EmbeddedTestServer(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedTestServer start(int port, List<String> keywordAttributes) {
    TestServer.PortBoundTestServer server;
    try {
      // true: time skipping stays locked, so timers run in real time as on a real server
      server = TestServer.createPortBoundServer(port, true);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the embedded Temporal test server on port " + port + ": " + e.getMessage(),
          e);
    }
    EmbeddedTestServer embedded = new EmbeddedTestServer(server, port);
    try {
      embedded.register(keywordAttributes);
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
    return embedded;
  }

  private void register(List<String> keywordAttributes) {
    if (keywordAttributes.isEmpty()) {
      return;
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address())
                .validateAndBuildWithDefaults());
    try {
      AddSearchAttributesRequest.Builder request =
          AddSearchAttributesRequest.newBuilder().setNamespace(NAMESPACE);
      keywordAttributes.forEach(
          a -> request.putSearchAttributes(a, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
      operator.blockingStub().addSearchAttributes(request.build());
    } finally {
      operator.shutdownNow();
    }
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public Optional<String> webUiUrl() {
    return Optional.empty();
  }

  @Override
  public String description() {
    return "embedded Java test server";
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.close();
    }
  }
}
