package io.cdcorchestrator.model;

/**
 * The state the workflow keeps the pipeline's connector in: Kafka Connect's RUNNING, PAUSED (tasks
 * kept, no records polled) and STOPPED (tasks released, config kept). The watch holds the connector
 * to it, and a connector found in another of these states is drift.
 */
public enum ConnectorState {
  RUNNING,
  PAUSED,
  STOPPED;

  /** The phase a healthy pipeline shows in this state. */
  public Phase phase() {
    return switch (this) {
      case RUNNING -> Phase.READY;
      case PAUSED -> Phase.PAUSED;
      case STOPPED -> Phase.STOPPED;
    };
  }

  /** Kafka Connect's name for a connector state, when it is one of these three. */
  public static ConnectorState of(String connectState) {
    for (ConnectorState s : values()) {
      if (s.name().equals(connectState)) {
        return s;
      }
    }
    return null;
  }
}
