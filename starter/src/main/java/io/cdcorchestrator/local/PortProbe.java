package io.cdcorchestrator.local;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What listens on a local port: nothing, a Temporal server, or something else. */
public final class PortProbe {
  public enum State {
    FREE,
    TEMPORAL,
    OTHER
  }

  private PortProbe() {}

  public static State probe(int port) {
    if (!accepts(port)) {
      return State.FREE;
    }
    return answersTemporal("127.0.0.1:" + port, Duration.ofSeconds(3))
        ? State.TEMPORAL
        : State.OTHER;
  }

  /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
  public static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * True when a Temporal frontend at {@code address} answers GetSystemInfo within {@code timeout}.
   */
  public static boolean answersTemporal(String address, Duration timeout) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      return answers(stubs, timeout);
    } finally {
      stubs.shutdownNow();
    }
  }

  /** One GetSystemInfo call with a deadline; false on any gRPC error. */
  public static boolean answers(WorkflowServiceStubs stubs, Duration timeout) {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }
}
