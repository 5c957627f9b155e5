package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cdcorchestrator.local.PortProbe;
import io.cdcorchestrator.local.TemporalCliDevServer;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc dev-server} keeps Temporal's state in a file under {@code CDC_HOME}: its server killed
 * with SIGKILL comes back on it by itself, and a {@code cdc dev-server} JVM killed with SIGKILL
 * leaves a server the next {@code cdc dev-server} on that port ends (saying so) before it starts
 * its own, on the same state. A workflow started at the beginning is there at the end.
 */
class DevServerRestartTest {
  @TempDir Path home;

  @Test
  void killedServersComeBackOnTheirState_andAnOrphanIsEndedByTheNext() throws Exception {
    assumeTrue(TemporalCliDevServer.findOnPath().isPresent(), "needs the temporal CLI");
    int port = FreePort.withUiPort();
    String address = "127.0.0.1:" + port;
    CdcProcess first = devServer(port);
    CdcProcess second = null;
    try {
      String id = startWorkflow(address);

      long server = serverPid(port);
      ProcessHandle.of(server).orElseThrow().destroyForcibly();
      first.awaitOutput("the temporal dev server is back at " + address, Duration.ofSeconds(90));
      assertTrue(first.output().contains("(pid " + server + ") exited"), first.output());
      assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, status(address, id));

      long orphan = serverPid(port);
      first.kill9(); // no hook runs: its server keeps the port
      assertEquals(PortProbe.State.TEMPORAL, PortProbe.probe(port), "left running");

      second = devServer(port);
      assertTrue(
          second
              .output()
              .contains(
                  "stopping the temporal dev server (pid "
                      + orphan
                      + ") that a cdc process which died (pid "
                      + first.pid()
                      + ") left running"),
          second.output());
      assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false));
      assertEquals(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
          status(address, id),
          "the same state, on a new server");
    } finally {
      first.close();
      if (second != null) {
        long last = serverPid(port);
        second.close(); // SIGTERM: stops its server too
        assertFalse(ProcessHandle.of(last).map(ProcessHandle::isAlive).orElse(false));
      }
    }
    assertEquals(PortProbe.State.FREE, PortProbe.probe(port), "port freed");
    assertTrue(Files.exists(home.resolve("temporal/dev-server-" + port + ".db")), "state kept");
  }

  private CdcProcess devServer(int port) throws InterruptedException {
    return CdcProcess.start(
            home, Map.of(), List.of(), "dev-server", "--port", Integer.toString(port))
        .awaitOutput("TEMPORAL_ADDRESS=", Duration.ofSeconds(90));
  }

  private long serverPid(int port) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(home.resolve("temporal/dev-server-" + port + ".pid"))) {
      p.load(r);
    }
    return Long.parseLong(p.getProperty("pid"));
  }

  /** A workflow nobody works on: it stays RUNNING, in the server's state. */
  private static String startWorkflow(String address) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      WorkflowStub stub =
          WorkflowClient.newInstance(stubs)
              .newUntypedWorkflowStub(
                  "Nothing",
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("persisted")
                      .setTaskQueue("nobody")
                      .build());
      stub.start();
      return "persisted";
    } finally {
      stubs.shutdownNow();
    }
  }

  private static WorkflowExecutionStatus status(String address, String id) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      return WorkflowClient.newInstance(stubs)
          .newUntypedWorkflowStub(id)
          .describe()
          .getWorkflowExecutionInfo()
          .getStatus();
    } finally {
      stubs.shutdownNow();
    }
  }
}
