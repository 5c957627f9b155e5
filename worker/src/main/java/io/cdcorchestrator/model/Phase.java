package io.cdcorchestrator.model;

/** The lifecycle phase shown by {@code cdc status} and the {@code CdcPhase} search attribute. */
public enum Phase {
  PROVISIONING,
  READY,
  DEGRADED,
  /** The connector is paused on request ({@code cdc pause}): tasks kept, no events. */
  PAUSED,
  /** The connector is stopped on request ({@code cdc stop}): its tasks are released. */
  STOPPED,
  TEARING_DOWN,
  DESTROYED,
  FAILED;

  /**
   * A running pipeline whose connector may be changed: provisioning has ended, teardown not begun.
   */
  public boolean changeable() {
    return this == READY || this == DEGRADED || this == PAUSED || this == STOPPED;
  }
}
