package io.cdcorchestrator.model;

import java.util.List;

/**
 * @param deleted {@code <type> <id>} of every resource found and deleted
 * @param left what could not be deleted, with the reason; empty when nothing of the pipeline is
 *     left
 */
public record SweepResult(String pipeline, List<String> deleted, List<String> left) {}
