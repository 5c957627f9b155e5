package io.cdcorchestrator.model;

import java.util.List;
import java.util.Map;

/**
 * What a pipeline's run hands to the next one at continue-as-new: the saga inventory included.
 *
 * @param phaseEnteredMillis workflow time at which {@code phase} began (0 in states carried by runs
 *     that predate it), so the time-in-phase metric survives continue-as-new
 */
public record PipelineState(
    Phase phase,
    List<StepRecord> steps,
    List<ResourceRecord> inventory,
    Map<String, String> outputs,
    DataPlaneAccess access,
    String error,
    int runs,
    long phaseEnteredMillis) {}
