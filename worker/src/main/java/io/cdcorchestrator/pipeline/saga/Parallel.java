package io.cdcorchestrator.pipeline.saga;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowThreadLocal;
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
 * cancelled create is waited for ({@link ActivityStubs#CREATE}), so {@link #join} still returns
 * only when every branch has settled and compensation never races a create that is running.
 *
 * <p>Since {@link #CANCEL_SETTLES} every activity a branch calls waits for its cancel to complete
 * too ({@link #cancelSettles}): a poll cancelled between two attempts is cancelled by the server at
 * once, and the Java test server writes its ACTIVITY_TASK_CANCELED among the commands of the
 * workflow task that asked (the dev server after them). Compensation started in that same task put
 * its version markers after that event, where the SDK does not look for them on replay (it preloads
 * only the markers up to the first event that is not a command's), and the run could not be
 * replayed. Waiting moves compensation to the next workflow task on every server. The failure that
 * cancelled the siblings is the one {@link #join} throws.
 *
 * <p>Runs recorded before ({@link #CANCEL_SIBLINGS} version {@code DEFAULT_VERSION}) let every
 * branch run to its end, as they did; runs recorded with sibling cancellation but before {@link
 * #CANCEL_SETTLES} keep the cancel that does not wait.
 */
public final class Parallel {
  /** Change id: a failed branch cancels its siblings. */
  public static final String CANCEL_SIBLINGS = "parallel-cancel-siblings";

  /**
   * Change id: the activities of a branch wait for their cancel to complete, so compensation starts
   * in a later workflow task than the cancel; {@link #join} throws the failure that cancelled.
   */
  public static final String CANCEL_SETTLES = "parallel-cancel-settles";

  /** Set in the workflow thread of each branch whose activities wait for their cancel. */
  private static final WorkflowThreadLocal<Boolean> SETTLING_BRANCH =
      WorkflowThreadLocal.withCachedInitial(() -> false);

  private final boolean cancelSiblings;
  private final boolean cancelSettles;
  private final List<Promise<?>> started = new ArrayList<>();
  private final List<CancellationScope> scopes = new ArrayList<>();

  /** The branch whose failure cancelled the others ({@link #CANCEL_SETTLES}). */
  private Promise<?> failedFirst;

  public Parallel() {
    this(Workflow.getVersion(CANCEL_SIBLINGS, Workflow.DEFAULT_VERSION, 1) == 1);
  }

  private Parallel(boolean cancelSiblings) {
    this.cancelSiblings = cancelSiblings;
    this.cancelSettles =
        cancelSiblings && Workflow.getVersion(CANCEL_SETTLES, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /**
   * Whether the calling workflow thread is a branch whose activities wait for their cancel to
   * complete ({@link ActivityStubs} sets their cancellation type).
   */
  static boolean cancelSettles() {
    return SETTLING_BRANCH.get();
  }

  /** Starts a branch now; its result can be read once {@link #join} returned. */
  public <T> Promise<T> start(Functions.Func<T> branch) {
    if (!cancelSiblings) {
      Promise<T> promise = Async.function(branch);
      started.add(promise);
      return promise;
    }
    Functions.Func<T> body =
        cancelSettles
            ? () -> {
              SETTLING_BRANCH.set(true);
              return branch.apply();
            }
            : branch;
    List<Promise<T>> holder = new ArrayList<>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> holder.add(Async.function(body)));
    scopes.add(scope);
    scope.run();
    Promise<T> promise = holder.get(0);
    started.add(promise);
    promise.handle(
        (value, failure) -> {
          if (failure != null && !isCancel(failure)) {
            if (cancelSettles && failedFirst == null) {
              failedFirst = promise;
            }
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
   * no branch failed otherwise); since {@link #CANCEL_SETTLES} the failure that cancelled the
   * others, whatever a cancelled branch ended with (a poll that was running when cancelled may end
   * with its own failure).
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
    if (failedFirst != null) {
      failedFirst.get();
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
