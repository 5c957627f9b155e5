package io.cdcorchestrator.pipeline.saga;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
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
 * The first branch that fails cancels its siblings, so compensation starts at once instead of after
 * the slowest wait (an MSK cluster: up to two hours) — docs/ARCHITECTURE.md, "Parallel branches". A
 * cancelled wait ends at once; a cancelled create is waited for ({@link ActivityStubs#CREATE}), so
 * {@link #join} still returns only when every branch has settled and compensation never races a
 * create that is running.
 *
 * <p>Runs recorded before this ({@link #CANCEL_SIBLINGS} version {@code DEFAULT_VERSION}) let every
 * branch run to its end, as they did.
 */
public final class Parallel {
  /** Change id: a failed branch cancels its siblings. */
  public static final String CANCEL_SIBLINGS = "parallel-cancel-siblings";

  private final boolean cancelSiblings;
  private final List<Promise<?>> started = new ArrayList<>();
  private final List<CancellationScope> scopes = new ArrayList<>();

  public Parallel() {
    this(Workflow.getVersion(CANCEL_SIBLINGS, Workflow.DEFAULT_VERSION, 1) == 1);
  }

  private Parallel(boolean cancelSiblings) {
    this.cancelSiblings = cancelSiblings;
  }

  /** Starts a branch now; its result can be read once {@link #join} returned. */
  public <T> Promise<T> start(Functions.Func<T> branch) {
    if (!cancelSiblings) {
      Promise<T> promise = Async.function(branch);
      started.add(promise);
      return promise;
    }
    List<Promise<T>> holder = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(() -> holder.add(Async.function(branch)));
    scopes.add(scope);
    scope.run();
    Promise<T> promise = holder.get(0);
    started.add(promise);
    promise.handle(
        (value, failure) -> {
          if (failure != null && !isCancel(failure)) {
            scopes.stream()
                .filter(s -> s != scope)
                .forEach(s -> s.cancel("a sibling branch failed: " + failure.getMessage()));
          }
          return null;
        });
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

  /**
   * Branches that return nothing, side by side, until every one has settled; none cancels another
   * (teardown: every branch must do all it can).
   */
  public static void run(Functions.Proc... branches) {
    Parallel side = new Parallel(false);
    for (Functions.Proc branch : branches) {
      side.started.add(Async.procedure(branch));
    }
    side.join();
  }

  public static boolean isCancel(Throwable f) {
    return f instanceof CanceledFailure || f.getCause() instanceof CanceledFailure;
  }
}
