package io.cdcorchestrator.model;

import java.util.List;

/**
 * What {@code apply} would do to a running pipeline: the settings it changes, the ones it refuses
 * to change (a refusal stops the whole change before anything happens), and what it would put back
 * with {@code --reconcile}.
 */
public record ChangePlan(List<Difference> changes, List<Difference> refusals, List<String> drift) {

  public ChangePlan {
    changes = changes == null ? List.of() : List.copyOf(changes);
    refusals = refusals == null ? List.of() : List.copyOf(refusals);
    drift = drift == null ? List.of() : List.copyOf(drift);
  }

  /**
   * One setting: its spec key, the running and the desired value, and what applying it does (or,
   * for a refusal, why it is not applied).
   */
  public record Difference(String key, String from, String to, String effect) {}

  /** Nothing to change and nothing to put back. */
  public boolean empty() {
    return changes.isEmpty() && refusals.isEmpty() && drift.isEmpty();
  }
}
