package io.cdcorchestrator.bench;

import java.util.PriorityQueue;

/**
 * The test server's simulated time as the watch-window doubles see it: the bench moves it in small
 * steps ({@link #advance}), and each step waits until every window whose next check fell due in it
 * has checked and heartbeaten ({@link #awaitSettled}). A window in progress is an activity that
 * runs, which time skipping does not wait for; stepping keeps the windows' checks and heartbeats at
 * their simulated times (a 15-minute window would otherwise be skipped in one jump, past its
 * heartbeat timeout).
 */
final class SimClock {
  private long now;
  private final PriorityQueue<Long> waiting = new PriorityQueue<>(); // next checks, not yet due
  private int due; // woken by a step, not checked yet

  /** The simulated time of the last step. */
  synchronized long now() {
    return now;
  }

  /** Moves to {@code millis} (the server's time after a step) and wakes the windows due by then. */
  synchronized void advance(long millis) {
    now = Math.max(now, millis);
    while (!waiting.isEmpty() && waiting.peek() <= now) {
      waiting.poll();
      due++;
    }
    notifyAll();
  }

  /**
   * A window waits for its next check at {@code at}; once woken it is due until {@link #checked}.
   */
  synchronized void awaitPast(long at) throws InterruptedException {
    if (now >= at) {
      due++;
      return;
    }
    waiting.add(at);
    while (now < at) {
      wait();
    }
  }

  /** A window that was due has checked (and heartbeaten). */
  synchronized void checked() {
    due--;
    notifyAll();
  }

  /** Until every window that fell due has checked, or {@code maxMillis} of wall time passed. */
  synchronized void awaitSettled(long maxMillis) throws InterruptedException {
    long end = System.currentTimeMillis() + maxMillis;
    while (due > 0 && System.currentTimeMillis() < end) {
      wait(Math.max(1, end - System.currentTimeMillis()));
    }
  }
}
