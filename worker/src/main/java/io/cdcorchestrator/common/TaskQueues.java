package io.cdcorchestrator.common;

/** The task queues of CONTRACT.md. */
public final class TaskQueues {
  /** Workflows and resource activities (AWS control plane, sandbox processes). */
  public static final String CONTROL = "cdc-control";

  /** SQL init, Connect REST and the CDC proof: may be served from inside the VPC. */
  public static final String DATAPLANE = "cdc-dataplane";

  private TaskQueues() {}
}
