package io.cdcorchestrator.model;

/**
 * The answer of an await activity once the resource is ready: on which attempt, and what was seen.
 */
public record Readiness(int attempts, String detail) {}
