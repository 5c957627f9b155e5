package io.cdcorchestrator.model;

/** The lifecycle phase shown by {@code cdc status} and the {@code CdcPhase} search attribute. */
public enum Phase {
  PROVISIONING,
  READY,
  DEGRADED,
  TEARING_DOWN,
  DESTROYED,
  FAILED
}
