package io.cdcorchestrator.model;

/**
 * The argument of the {@code apply} update (and of the {@code plan} query that shows it first).
 *
 * @param desired the spec the pipeline should run with from now on; null to change no setting
 * @param reconcile also put back what drifted (the connector's config and state, and on AWS the
 *     Kafka Connect service's task definition and desired count)
 */
public record ChangeRequest(PipelineSpec desired, boolean reconcile) {
  /**
   * Failure type of a refused change: the pipeline cannot take it now (provisioning, another change
   * running), or not at all (it would replace a stateful resource, a table has no key).
   */
  public static final String REFUSED = ChangeRejected.REFUSED;

  /** Failure type of a request that is not valid input: the message names the field. */
  public static final String INVALID = ChangeRejected.INVALID;

  /** Failure type of a change that failed on the way, undone as far as it went. */
  public static final String FAILED = "ChangeFailed";

  /** Only put back what drifted. */
  public static ChangeRequest reconcileOnly() {
    return new ChangeRequest(null, true);
  }
}
