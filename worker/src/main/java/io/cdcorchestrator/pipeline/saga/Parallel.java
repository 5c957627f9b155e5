package io.cdcorchestrator.pipeline.saga;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Independent branches side by side (DESIGN decision 6). Every branch is allowed to settle before a
 * failure is reported, so compensation never races a create that is still running; each branch is
 * bounded by its own activities' deadlines.
 *
 * <p>Why not cancel the siblings at the first failure: the Java test server answers a cancel that
 * crosses an activity's completion with ACTIVITY_UNKNOWN and stalls the run (measured: 2–3 of 12
 * failure tests hung), and the saving is small next to the compensations that follow.
 */
public final class Parallel {
  private Parallel() {}

  @SafeVarargs
  public static <T> List<T> all(Functions.Func<T>... branches) {
    List<Promise<T>> promises = new ArrayList<>();
    for (Functions.Func<T> branch : branches) {
      promises.add(Async.function(branch));
    }
    RuntimeException failure = null;
    List<T> results = new ArrayList<>();
    for (Promise<T> p : promises) {
      try {
        results.add(p.get());
      } catch (RuntimeException e) {
        if (failure == null || (isCancel(failure) && !isCancel(e))) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  public static boolean isCancel(Throwable f) {
    return f instanceof CanceledFailure || f.getCause() instanceof CanceledFailure;
  }
}
