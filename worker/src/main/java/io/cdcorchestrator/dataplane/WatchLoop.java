package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.WatchWindow;
import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The loop of one watch window ({@link DataPlaneActivities#watchWindow}), apart from the activity's
 * context so a test runs it without waiting real minutes: check at once, then sleep an interval and
 * check again, up to the window's checks; after each check a heartbeat, which throws once the
 * workflow cancelled the window; an early end at the first check that moved.
 */
final class WatchLoop {
  /** How the loop waits between checks: {@code Thread.sleep} in the worker. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private WatchLoop() {}

  /**
   * @param check one health check
   * @param heartbeat told the number of checks done; throws when the window was cancelled
   */
  static WatchWindow.Result run(
      WatchWindow window, Supplier<ConnectorHealth> check, IntConsumer heartbeat, Sleeper sleeper)
      throws InterruptedException {
    Duration interval = Duration.ofSeconds(window.intervalSeconds());
    int max = Math.max(1, window.maxChecks());
    ConnectorHealth last = null;
    int done = 0;
    while (done < max) {
      if (done > 0) {
        sleeper.sleep(interval);
      }
      last = check.get();
      done++;
      heartbeat.accept(done);
      if (window.moved(last)) {
        break;
      }
    }
    return new WatchWindow.Result(last, done);
  }
}
