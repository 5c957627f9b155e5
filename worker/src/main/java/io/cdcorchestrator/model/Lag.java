package io.cdcorchestrator.model;

/**
 * How far the pipeline is behind, as the last health check measured it; null fields were not
 * measured yet.
 *
 * @param retainedWalBytes WAL the replication slot holds back
 * @param lastEventAgeSeconds seconds since the newest change event (the captured tables' and the
 *     heartbeat table's, which Debezium writes every 10 s while it streams)
 */
public record Lag(Long retainedWalBytes, Long lastEventAgeSeconds) {
  public static final Lag UNKNOWN = new Lag(null, null);
}
