package io.cdcorchestrator.common;

/** The two task queues workers serve; their names are in users' worker setups, so stable. */
public final class TaskQueues {
  /** Workflows and resource activities (AWS control plane, sandbox processes). */
  public static final String CONTROL = "cdc-control";

  /** SQL init, Connect REST and the CDC proof: may be served from inside the VPC. */
  public static final String DATAPLANE = "cdc-dataplane";

  private TaskQueues() {}
}
