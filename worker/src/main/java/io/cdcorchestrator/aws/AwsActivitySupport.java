package io.cdcorchestrator.aws;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.pipeline.Inventory;
import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What every AWS activity does at its boundary: SDK failures through {@link AwsErrors}, deletes that
 * refuse a record whose create was never confirmed, and one readiness check (DESIGN decision 5).
 */
final class AwsActivitySupport {
  /** After the first poll: short intervals for this many polls, then {@link #LATE_POLL}. */
  static final int EARLY_POLLS = 30;
  static final Duration EARLY_POLL = Duration.ofSeconds(10);
  static final Duration LATE_POLL = Duration.ofSeconds(20);

  private AwsActivitySupport() {}

  static ResourceRecord create(Supplier<ResourceRecord> create) {
    return AwsErrors.translate(create);
  }

  /**
   * A record still in state {@value Inventory#CREATING} carries only the name the workflow expected,
   * not the ID AWS gave it, so it cannot be deleted by ID: say so (non-retryably) instead of
   * retrying for the whole compensation budget. {@code cdc sweep} finds such leftovers by tag.
   */
  static void delete(ResourceRecord record, Runnable delete) {
    if (Inventory.CREATING.equals(record.state())) {
      throw ApplicationFailure.newNonRetryableFailure(record.type() + " " + record.id()
          + " was never confirmed created; look for it by its tag cdc:pipeline", "UnconfirmedCreate");
    }
    AwsErrors.translate(delete);
  }

  /**
   * One check: ready → the attempt it took; a terminal state → non-retryable with AWS's reason;
   * otherwise poll again, first after the resource's known minimum duration.
   *
   * @param describe the current state (and a reason where AWS gives one), {@link AwsResource#GONE} when gone
   */
  static Readiness await(String what, Supplier<Observed> describe, Set<String> ready, Set<String> terminal,
      Duration minimum) {
    Observed seen = AwsErrors.translate(describe);
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (ready.contains(seen.state())) {
      return new Readiness(attempt, what + " " + seen.state());
    }
    if (terminal.contains(seen.state()) || AwsResource.GONE.equals(seen.state())) {
      throw NotReady.terminal(what + " is " + seen.state() + (seen.reason() == null ? "" : ": " + seen.reason()));
    }
    throw NotReady.retryAfter(nextPoll(attempt, minimum), what + " is " + seen.state());
  }

  /** A delete sent to the wrong activity interface: a bug, so not retried. */
  static ApplicationFailure notOurs(String service, String type) {
    return ApplicationFailure.newNonRetryableFailure("not a " + service + " resource: " + type, "WrongResourceType");
  }

  static Duration nextPoll(int attempt, Duration minimum) {
    if (attempt == 1) {
      return minimum.compareTo(EARLY_POLL) > 0 ? minimum : EARLY_POLL;
    }
    return attempt <= EARLY_POLLS ? EARLY_POLL : LATE_POLL;
  }

  /** A state, and AWS's explanation when it gives one (a NAT gateway's failure message). */
  record Observed(String state, String reason) {
    static Observed of(String state) {
      return new Observed(state, null);
    }
  }
}
