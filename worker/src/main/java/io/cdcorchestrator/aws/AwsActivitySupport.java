package io.cdcorchestrator.aws;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every AWS activity does at its boundary: SDK failures through {@link AwsErrors}, deletes
 * that also find a resource whose create was never confirmed, and one readiness (or deletion) check
 * (docs/ARCHITECTURE.md, "Readiness polling").
 */
final class AwsActivitySupport {
  /** After the first poll: the wait's early interval for this long, then the late one. */
  static final Duration EARLY_SPAN = Duration.ofMinutes(5);

  /** The late interval, until the wait has lasted {@link #LATE_SHARE} times as long. */
  static final Duration LATE_POLL = Duration.ofSeconds(20);

  /**
   * Later still, the interval is this share of the time waited so far (30 min: 20 s, 60 min: 40 s),
   * so the lag a poll adds stays about a percent of a long wait while its describe calls grow with
   * the logarithm of its length, not with its length.
   */
  static final int LATE_SHARE = 90;

  private AwsActivitySupport() {}

  static ResourceRecord create(Supplier<ResourceRecord> create) {
    return AwsErrors.translate(create);
  }

  /**
   * Deletes what a record stands for. A record still in state {@value ResourceRecord#CREATING}
   * carries the name the workflow expected instead of AWS's ID: the resource is looked up by its
   * tag and name (that is why intent is recorded first) and whatever is found is deleted; nothing
   * found is done.
   */
  static void delete(ResourceRecord record, AwsClients clients, Consumer<ResourceRecord> delete) {
    AwsErrors.translate(
        () -> {
          resolve(record, clients).forEach(delete);
          return null;
        });
  }

  /**
   * One check that a deleted resource is gone, or in a state its {@link AwsResource#deletion}
   * counts as deleted (a NAT gateway listed as {@code deleted}); a failed state ends the wait with
   * it; otherwise poll again.
   *
   * @param resources the resource file of a type, as the calling activities know them
   */
  static Readiness awaitDeleted(
      ResourceRecord record, AwsClients clients, Function<String, AwsResource<?>> resources) {
    return awaitDeleted(
        record.type() + " " + record.id(),
        record,
        clients,
        r -> resources.apply(r.type()).state(r),
        resources.apply(record.type()).deletion());
  }

  /** The check itself, with the state read by {@code state} and the wait {@code deleted}. */
  static Readiness awaitDeleted(
      String what,
      ResourceRecord record,
      AwsClients clients,
      Function<ResourceRecord, String> state,
      Wait deleted) {
    String seen =
        AwsErrors.translate(
            () ->
                resolve(record, clients).stream()
                    .map(state)
                    .filter(s -> !AwsResource.GONE.equals(s) && !deleted.done().contains(s))
                    .findFirst()
                    .orElse(AwsResource.GONE));
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    int attempt = info.getAttempt();
    if (AwsResource.GONE.equals(seen)) {
      return new Readiness(attempt, what + " deleted");
    }
    Duration waited = Duration.ofMillis(System.currentTimeMillis() - info.getScheduledTimestamp());
    if (failedForGood(seen, deleted, waited)) {
      throw NotReady.terminal(what + " is " + seen);
    }
    throw pollAgain(nextPoll(attempt, deleted), what + " is " + seen);
  }

  /**
   * A failed state ends a deletion wait only once the deletion's minimum has passed: read right
   * after the delete, it may be the state from before it (an MSK cluster whose create failed reads
   * FAILED for a while after DeleteCluster, then DELETING), and reporting it as left behind would
   * be wrong.
   *
   * @param waited since the wait's first attempt was scheduled
   */
  static boolean failedForGood(String seen, Wait deleted, Duration waited) {
    return deleted.failed().contains(seen) && waited.compareTo(deleted.minimum()) >= 0;
  }

  /** The record itself, or for an unconfirmed create what its tag and name find now. */
  private static List<ResourceRecord> resolve(ResourceRecord record, AwsClients clients) {
    if (!ResourceRecord.CREATING.equals(record.state())) {
      return List.of(record);
    }
    String pipeline = record.attributes().get(ResourceRecord.PIPELINE);
    if (pipeline == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          record.type()
              + " "
              + record.id()
              + " was never confirmed created and names no pipeline; cdc sweep finds it by its tag",
          "UnconfirmedCreate");
    }
    return new AwsDiscovery(clients).intended(pipeline, record);
  }

  /**
   * One check: ready → the attempt it took; a failed state (or gone) → non-retryable with AWS's
   * reason; otherwise poll again, first after the resource's known minimum duration.
   *
   * @param describe the current state (and a reason where AWS gives one), {@link AwsResource#GONE}
   *     when gone
   * @param ready the resource file's readiness wait
   */
  static Readiness await(String what, Supplier<Observed> describe, Wait ready) {
    Observed seen = AwsErrors.translate(describe);
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (ready.done().contains(seen.state())) {
      return new Readiness(attempt, what + " " + seen.state());
    }
    if (ready.failed().contains(seen.state()) || AwsResource.GONE.equals(seen.state())) {
      throw NotReady.terminal(
          what + " is " + seen.state() + (seen.reason() == null ? "" : ": " + seen.reason()));
    }
    throw pollAgain(nextPoll(attempt, ready), what + " is " + seen.state());
  }

  /**
   * The next poll after {@code delay}, unless the workflow cancelled the wait: then the wait ends
   * cancelled (an ActivityCanceledException). A workflow that waits for the cancel to complete (a
   * Parallel branch) goes on as soon as the check that was running ends, not after its next poll or
   * the wait's deadline; and the server would not schedule another attempt anyway. The activity
   * hears of a cancel only through a heartbeat: this one is sent at once unless one is on its way.
   */
  static ApplicationFailure pollAgain(Duration delay, String message) {
    Activity.getExecutionContext().heartbeat(null);
    return NotReady.retryAfter(delay, message);
  }

  /**
   * The resource file of {@code type} among those an activity interface serves; another type is a
   * delete sent to the wrong interface: a bug, so not retried.
   */
  static AwsResource<?> resource(List<AwsResource<?>> served, String type, String service) {
    return served.stream()
        .filter(r -> r.type().equals(type))
        .findFirst()
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "not a " + service + " resource: " + type, "WrongResourceType"));
  }

  /**
   * The delay after check number {@code attempt} of {@code wait}: the first re-poll after the
   * wait's minimum, then its early interval for {@link #EARLY_SPAN}, then {@link #LATE_POLL}, then
   * {@link #LATE_SHARE}. The time waited is counted along the schedule itself (the attempt is all
   * an activity knows for sure: under a time-skipping test server its clock is not the server's).
   */
  static Duration nextPoll(int attempt, Wait wait) {
    long early = wait.early().toMillis();
    long first = Math.max(wait.minimum().toMillis(), early);
    long waited = first; // when check 2 runs
    long delay = first;
    for (int a = 2; a <= attempt; a++) {
      if (waited - first < EARLY_SPAN.toMillis()) {
        delay = early;
      } else {
        delay = Math.max(LATE_POLL.toMillis(), waited / LATE_SHARE);
      }
      waited += delay;
    }
    return Duration.ofMillis(delay);
  }

  /** A state, and AWS's explanation when it gives one (a NAT gateway's failure message). */
  record Observed(String state, String reason) {
    static Observed of(String state) {
      return new Observed(state, null);
    }
  }
}
