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
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
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

  /**
   * A dev server that panics during its start (seen in CI: exit code 2 within half a second) is
   * started once more; one that keeps dying is reported with its last line. The {@code temporal}
   * here is a script (a double of the CLI's start-up failure) that exits 2 on its first {@code
   * fails} starts and then runs the real CLI.
   */
  @Test
  void aDevServerThatDiesDuringStartIsStartedOnceMore() throws Exception {
    Path real = TemporalCliDevServer.findOnPath().orElse(null);
    assumeTrue(real != null, "the temporal CLI is not on PATH");
    List<String> said = new ArrayList<>();
    int port = FreePort.withUiPort();
    try (TemporalCliDevServer server =
        TemporalCliDevServer.start(
            dyingCli(real, 1), port, ATTRIBUTES, logs, logs, false, START, said::add)) {
      assertTrue(
          PortProbe.answersTemporal(server.address(), Duration.ofSeconds(5)),
          "answers after the second start");
    }
    assertEquals(1, said.size(), said.toString());
    assertTrue(said.get(0).contains("exited with code 2: panic: double"), said.get(0));
    assertTrue(said.get(0).endsWith("starting it once more"), said.get(0));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                TemporalCliDevServer.start(
                    dyingCli(real, 2),
                    FreePort.withUiPort(),
                    ATTRIBUTES,
                    logs,
                    logs,
                    false,
                    START,
                    said::add));
    assertTrue(e.getMessage().contains("exited with code 2"), e.getMessage());
  }

  private static final Duration START = Duration.ofSeconds(60);

  /** A {@code temporal} that exits 2 on its first {@code fails} runs, then execs {@code real}. */
  private Path dyingCli(Path real, int fails) throws IOException {
    Path dir = Files.createTempDirectory(logs, "cli");
    Path count = dir.resolve("starts");
    Path cli = dir.resolve("temporal");
    Files.writeString(
        cli,
        "#!/bin/sh\n"
            + "echo x >> '"
            + count
            + "'\n"
            + "if [ \"$(wc -l < '"
            + count
            + "')\" -le "
            + fails
            + " ]; then echo 'panic: double of a start-up failure'; exit 2; fi\n"
            + "exec '"
            + real
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
    return cli;
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
