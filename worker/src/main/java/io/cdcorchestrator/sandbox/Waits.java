package io.cdcorchestrator.sandbox;

import java.time.Duration;
import java.util.concurrent.Callable;

final class Waits {
  private Waits() {}

  /**
   * Repeats {@code check} until it returns (its answer is returned) or {@code max} has passed (its
   * last failure is thrown); {@code onWait} runs between attempts (the activity heartbeats there).
   */
  static String until(Callable<String> check, Duration max, Runnable onWait) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      try {
        return check.call();
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      onWait.run();
      Thread.sleep(200);
    }
  }
}
