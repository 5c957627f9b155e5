package io.cdcorchestrator.model;

/**
 * Automatic restarts of a failed connector or task, as {@code cdc status} shows them.
 *
 * @param count restarts since the connector was last healthy for a while (the counter's reset)
 * @param last ISO-8601 workflow time of the last automatic restart; null when none
 * @param next when the next restart is due while the connector stays FAILED; null when none is
 *     waiting (healthy, or the limit reached)
 */
public record Restarts(int count, String last, String next) {
  public static final Restarts NONE = new Restarts(0, null, null);
}
