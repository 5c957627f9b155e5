package io.cdcorchestrator.model;

/** Evidence that a row change arrived as a change event. */
public record CdcProof(
    String topic, String canaryId, String operation, long latencyMillis, String via) {}
