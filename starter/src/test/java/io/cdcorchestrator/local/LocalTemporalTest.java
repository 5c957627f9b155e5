package io.cdcorchestrator.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cdcorchestrator.cli.FreePort;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both local server flavours start, have the search attributes, stop and free their ports. */
class LocalTemporalTest {
  private static final List<String> ATTRIBUTES = List.of("CdcPipeline", "CdcTarget", "CdcPhase");
  @TempDir Path logs;

  @Test
  void embeddedTestServer() throws Exception {
    int port = FreePort.withUiPort();
    LocalTemporal server =
        LocalTemporal.start(LocalTemporal.Flavour.EMBEDDED, port, ATTRIBUTES, logs);
    try {
      assertEquals("127.0.0.1:" + port, server.address());
      assertTrue(server.webUiUrl().isEmpty());
      assertEquals(PortProbe.State.TEMPORAL, PortProbe.probe(port));
      // the test server has no ListSearchAttributes: a start with the attributes proves them
      // registered
      assertStartsWithAttributes(server.address());
    } finally {
      server.close();
    }
    server.close();
    assertEquals(PortProbe.State.FREE, PortProbe.probe(port), "port freed");
  }

  @Test
  void temporalCliDevServer() throws Exception {
    assumeTrue(TemporalCliDevServer.findOnPath().isPresent(), "the temporal CLI is not on PATH");
    int port = FreePort.withUiPort();
    long t0 = System.nanoTime();
    LocalTemporal server = LocalTemporal.start(LocalTemporal.Flavour.CLI, port, ATTRIBUTES, logs);
    long pid = ((TemporalCliDevServer) server).pid();
    try {
      System.out.printf(
          "temporal CLI dev server ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertEquals(server.webUiUrl().orElseThrow(), "http://127.0.0.1:" + (port + 1000));
      assertTrue(PortProbe.accepts(port + 1000), "Web UI listens");
      assertEquals(
          Map.of(
              "CdcPipeline",
              IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
              "CdcTarget",
              IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
              "CdcPhase",
              IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD),
          customAttributes(server.address()));
      assertStartsWithAttributes(server.address());
    } finally {
      server.close();
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "no process left");
    assertEquals(PortProbe.State.FREE, PortProbe.probe(port), "gRPC port freed");
    assertFalse(PortProbe.accepts(port + 1000), "Web UI port freed");
  }

  @Test
  void aTakenPortIsReportedNotStolen() throws Exception {
    try (ServerSocket other = new ServerSocket(0)) {
      PortInUseException e =
          assertThrows(
              PortInUseException.class,
              () ->
                  LocalTemporal.start(
                      LocalTemporal.Flavour.EMBEDDED, other.getLocalPort(), ATTRIBUTES, logs));
      assertEquals(PortProbe.State.OTHER, e.state());
      assertTrue(e.getMessage().contains("not a Temporal server"), e.getMessage());
    }
  }

  @Test
  void aRunningServerIsRecognised() {
    int port = FreePort.withUiPort();
    try (LocalTemporal server =
        LocalTemporal.start(LocalTemporal.Flavour.EMBEDDED, port, ATTRIBUTES, logs)) {
      PortInUseException e =
          assertThrows(
              PortInUseException.class,
              () -> LocalTemporal.start(LocalTemporal.Flavour.EMBEDDED, port, ATTRIBUTES, logs));
      assertEquals(PortProbe.State.TEMPORAL, e.state());
    }
  }

  @Test
  void flavourNames() {
    assertEquals(LocalTemporal.Flavour.AUTO, LocalTemporal.Flavour.parse(null));
    assertEquals(LocalTemporal.Flavour.EMBEDDED, LocalTemporal.Flavour.parse(" Embedded "));
    assertThrows(IllegalArgumentException.class, () -> LocalTemporal.Flavour.parse("docker"));
  }

  /** Starts a workflow (no worker needed) carrying the three attributes and reads them back. */
  private static void assertStartsWithAttributes(String address) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      SearchAttributes.Builder attributes = SearchAttributes.newBuilder();
      ATTRIBUTES.forEach(a -> attributes.set(SearchAttributeKey.forKeyword(a), "v-" + a));
      WorkflowStub stub =
          client.newUntypedWorkflowStub(
              "AnyType",
              WorkflowOptions.newBuilder()
                  .setWorkflowId("sa-check")
                  .setTaskQueue("nobody-polls")
                  .setTypedSearchAttributes(attributes.build())
                  .setWorkflowRunTimeout(Duration.ofMinutes(1))
                  .build());
      stub.start();
      SearchAttributes read = stub.describe().getTypedSearchAttributes();
      for (String a : ATTRIBUTES) {
        assertEquals("v-" + a, read.get(SearchAttributeKey.forKeyword(a)), a);
      }
      stub.terminate("test done");
    } finally {
      stubs.shutdownNow();
    }
  }

  private static Map<String, IndexedValueType> customAttributes(String address) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address)
                .validateAndBuildWithDefaults());
    try {
      return operator
          .blockingStub()
          .listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace("default").build())
          .getCustomAttributesMap();
    } finally {
      operator.shutdownNow();
    }
  }
}
