package io.cdcorchestrator.aws.ecs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the stopped tasks of a service's current task definition end its wait. On AWS the first
 * task often stops for a reason ECS recovers from by starting another, so those are tolerated up to
 * {@link #MAX_TRANSIENT}; any other reason ends the wait at once with AWS's words.
 *
 * <p>Transient (ECS starts another task, which usually succeeds):
 *
 * <ul>
 *   <li>{@code ResourceInitializationError}: the secret or the log stream could not be read yet,
 *       e.g. the execution role's new inline policy not yet propagated ({@code
 *       AccessDeniedException});
 *   <li>{@code Task failed ELB health checks}: Kafka Connect opened its REST port after the grace
 *       period;
 *   <li>{@code CannotPullContainerError} for a network or rate-limit failure — not when the image
 *       does not exist or may not be pulled ({@code not found}, {@code manifest unknown}, {@code
 *       pull access denied}, {@code repository does not exist}), which no retry mends.
 * </ul>
 *
 * Permanent: everything else, notably {@code Essential container in task exited} (Kafka Connect
 * exited: a bad config or image) and {@code CannotStartContainerError}.
 */
public final class TaskStops {
  /** Transient stops of the current definition tolerated; one more ends the wait. */
  public static final int MAX_TRANSIENT = 3;

  private static final List<String> TRANSIENT =
      List.of(
          "resourceinitializationerror", "failed elb health checks", "cannotpullcontainererror");

  private static final List<String> NEVER_PULLED =
      List.of("not found", "manifest unknown", "pull access denied", "repository does not exist");

  private TaskStops() {}

  /** True when ECS's starting another task may well succeed. */
  public static boolean isTransient(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    return TRANSIENT.stream().anyMatch(r::contains) && NEVER_PULLED.stream().noneMatch(r::contains);
  }

  /**
   * Why the wait ends, if it does: the first permanent reason, or the latest transient one once
   * more than {@link #MAX_TRANSIENT} tasks stopped.
   *
   * @param reasons of the stopped tasks of the current definition, newest first
   */
  public static Optional<String> verdict(List<String> reasons) {
    Optional<String> permanent = reasons.stream().filter(r -> !isTransient(r)).findFirst();
    if (permanent.isPresent()) {
      return permanent;
    }
    if (reasons.size() > MAX_TRANSIENT) {
      return Optional.of(
          reasons.size()
              + " tasks stopped, each for a transient reason; the latest: "
              + reasons.get(0));
    }
    return Optional.empty();
  }
}
