package io.cdcorchestrator.pipeline.watch;

import io.cdcorchestrator.model.PipelineSpec.AutoRestart;
import io.cdcorchestrator.model.Restarts;
import java.time.Duration;
import java.time.Instant;

/**
 * When the watch restarts a FAILED connector or task (Strimzi's rule): at once the first time, then
 * n²+n minutes after the previous restart (n = restarts so far: 2, 6, 12, 20, 30, 42, 56, then 60
 * at most), until the spec's limit; beyond it the pipeline stays DEGRADED with the reason. The
 * counter resets once the connector has been healthy for {@link #RESET_AFTER}. Pure: workflow time
 * in, decisions out, carried across continue-as-new as {@link Restarts} plus the healthy-since
 * time.
 */
public final class RestartBackoff {
  public static final Duration CAP = Duration.ofMinutes(60);
  public static final Duration RESET_AFTER = Duration.ofMinutes(60);

  /** What the watch does about a failure it sees now. */
  public enum Decision {
    RESTART,
    WAIT,
    GIVE_UP,
    DISABLED
  }

  private int count;
  private Instant last;
  private Instant next;
  private Instant healthySince;

  public RestartBackoff(Restarts carried, String healthySince) {
    Restarts r = carried == null ? Restarts.NONE : carried;
    this.count = r.count();
    this.last = r.last() == null ? null : Instant.parse(r.last());
    this.next = r.next() == null ? null : Instant.parse(r.next());
    this.healthySince = healthySince == null ? null : Instant.parse(healthySince);
  }

  /** The wait after {@code previous} restarts: n²+n minutes, at most {@link #CAP}. */
  public static Duration backoff(int previous) {
    long minutes = (long) previous * previous + previous;
    return minutes >= CAP.toMinutes() ? CAP : Duration.ofMinutes(minutes);
  }

  /** The connector or a task is FAILED at {@code now}. */
  public Decision failing(Instant now, AutoRestart policy) {
    healthySince = null;
    if (!policy.enabled()) {
      next = null;
      return Decision.DISABLED;
    }
    if (count >= policy.maxRestarts()) {
      next = null;
      return Decision.GIVE_UP;
    }
    Instant due = last == null ? now : last.plus(backoff(count));
    if (now.isBefore(due)) {
      next = due;
      return Decision.WAIT;
    }
    return Decision.RESTART;
  }

  /** The restart the last {@link #failing} asked for was made at {@code now}. */
  public void restarted(Instant now) {
    count++;
    last = now;
    next = null;
  }

  /**
   * The connector is healthy at {@code now}: after {@link #RESET_AFTER} of that the count resets.
   */
  public void healthy(Instant now) {
    next = null;
    if (healthySince == null) {
      healthySince = now;
    }
    if (count > 0 && !now.isBefore(healthySince.plus(RESET_AFTER))) {
      count = 0;
    }
  }

  /** A restart by hand ({@code cdc resume}): the count starts again from zero. */
  public void reset() {
    count = 0;
    next = null;
  }

  /** When the next restart is due, if one is waiting out its backoff. */
  public Instant next() {
    return next;
  }

  public int count() {
    return count;
  }

  public Restarts view() {
    return new Restarts(count, iso(last), iso(next));
  }

  public String healthySince() {
    return iso(healthySince);
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
