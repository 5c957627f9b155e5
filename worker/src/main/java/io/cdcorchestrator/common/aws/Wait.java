package io.cdcorchestrator.common.aws;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How one wait on an AWS resource ends, declared in the resource's own file: the states that end it
 * (ready, or deleted), the states that end it with a failure, and how long the resource takes at
 * least, so the first poll is not spent on a resource that cannot be there yet. States are the
 * SDK's enums where the SDK has one ({@code NatGatewayState.AVAILABLE}), compared by their AWS
 * value. Gone counts as done for a deletion wait and as a failure for a readiness wait; see
 * aws/AwsActivitySupport.
 *
 * @param done the states that end the wait well
 * @param failed the states that end it with a non-retryable failure
 * @param minimum before the first poll (then the early interval, then the late one)
 * @param early the interval of the early polls, {@link #EARLY} unless the file says otherwise
 */
public record Wait(Set<String> done, Set<String> failed, Duration minimum, Duration early) {
  /** The early interval of most waits. */
  public static final Duration EARLY = Duration.ofSeconds(10);

  /** A deletion that is done once the resource is gone; polled from the early interval on. */
  public static final Wait GONE = new Wait(Set.of(), Set.of(), Duration.ZERO, EARLY);

  public Wait {
    done = Set.copyOf(done);
    failed = Set.copyOf(failed);
  }

  /** Done in one of these SDK states. */
  public static Wait until(Enum<?>... states) {
    return new Wait(values(states), Set.of(), Duration.ZERO, EARLY);
  }

  /** Done in one of these states, for the few the SDK has no enum for. */
  public static Wait until(String... states) {
    return new Wait(Set.of(states), Set.of(), Duration.ZERO, EARLY);
  }

  /** Ended with a failure in one of these SDK states. */
  public Wait failingOn(Enum<?>... states) {
    return new Wait(done, union(failed, values(states)), minimum, early);
  }

  /** Ended with a failure in one of these states. */
  public Wait failingOn(String... states) {
    return new Wait(done, union(failed, Set.of(states)), minimum, early);
  }

  /** Polled first after {@code minimum}: the least the resource is known to take. */
  public Wait notBefore(Duration minimum) {
    return new Wait(done, failed, minimum, early);
  }

  /**
   * Early polls every {@code interval} instead of {@link #EARLY}: for a short wait that every
   * provisioning ends on, where each second of lag is a second of the makespan.
   */
  public Wait polledEvery(Duration interval) {
    return new Wait(done, failed, minimum, interval);
  }

  /** The AWS value of each enum constant ({@code toString} of an SDK enum). */
  private static Set<String> values(Enum<?>... states) {
    return Arrays.stream(states).map(Object::toString).collect(Collectors.toSet());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }
}
