package io.cdcorchestrator.pipeline.saga;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Independent branches side by side, each returning its own small result:
 *
 * <pre>{@code
 * Parallel side = new Parallel();
 * Promise<Kafka> kafka = side.start(this::kafka);
 * Promise<Database> database = side.start(this::database);
 * side.join();
 * connect(kafka.get().bootstrap(), database.get().secretArn());
 * }</pre>
 *
 * Every branch is allowed to settle before a failure is reported, so compensation never races a
 * create that is still running; each branch is bounded by its own activities' deadlines.
 *
 * <p>Why not cancel the siblings at the first failure: the Java test server answers a cancel that
 * crosses an activity's completion with ACTIVITY_UNKNOWN and stalls the run (measured: 2–3 of 12
 * failure tests hung), and the saving is small next to the compensations that follow.
 */
public final class Parallel {
  private final List<Promise<?>> started = new ArrayList<>();

  /** Starts a branch now; its result can be read once {@link #join} returned. */
  public <T> Promise<T> start(Functions.Func<T> branch) {
    Promise<T> promise = Async.function(branch);
    started.add(promise);
    return promise;
  }

  /**
   * Waits until every branch started has settled, then throws the first failure (a cancel only if
   * no branch failed otherwise).
   */
  public void join() {
    RuntimeException failure = null;
    for (Promise<?> p : started) {
      try {
        p.get();
      } catch (RuntimeException e) {
        if (failure == null || (isCancel(failure) && !isCancel(e))) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Branches that return nothing, side by side, until every one has settled. */
  public static void run(Functions.Proc... branches) {
    Parallel side = new Parallel();
    for (Functions.Proc branch : branches) {
      side.started.add(Async.procedure(branch));
    }
    side.join();
  }

  public static boolean isCancel(Throwable f) {
    return f instanceof CanceledFailure || f.getCause() instanceof CanceledFailure;
  }
}
