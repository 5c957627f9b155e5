package io.cdcorchestrator.bench;

import io.temporal.testing.TestWorkflowEnvironment;
import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;

/**
 * A workaround for a cost of the Temporal Java SDK's in-memory test server, for the benchmarks
 * only: its time-skipping clock ({@code SelfAdvancingTimerImpl}) records every lock and unlock of
 * time skipping in a {@code LinkedList} "for debugging", never drops the events of the lock changes
 * that workflow updates make, and removes a lock handle's event by a scan of that list from its
 * oldest end. The list grows with every activity and workflow task a bench runs, so each unlock
 * gets slower and the server's CPU grows with the square of the work: 74 % of the fleet bench's CPU
 * samples (JFR, 50 pipelines at once) were {@code LinkedList.remove} under {@code
 * TimerLockHandle.unlock}. Since the clock runs at wall-clock speed while time skipping is locked,
 * that CPU showed up as simulated delay in the runs' makespans. (A set for faster removal was
 * suggested when the list was introduced, in the review of cadence-java-client pull request 165.)
 *
 * <p>{@link #install} swaps the list for one with the same contents and constant-time removal (an
 * insertion-ordered set: the events have identity equality, and the server's diagnostics still
 * iterate them in order). Nothing else of the server changes; a real Temporal server has no such
 * clock.
 */
final class TestServerLockLedger<E> extends LinkedList<E> {
  private final LinkedHashSet<E> events = new LinkedHashSet<>();

  private TestServerLockLedger() {}

  /**
   * Installs the ledger unless {@code BENCH_LOCK_LEDGER=off} (to measure the SDK's list); says
   * which, for the bench's header line.
   */
  static String installUnlessOff(TestWorkflowEnvironment env) {
    if ("off".equals(System.getenv("BENCH_LOCK_LEDGER"))) {
      return "the SDK's list (BENCH_LOCK_LEDGER=off)";
    }
    install(env);
    return "constant-time (TestServerLockLedger)";
  }

  /** Installs the ledger in the time-skipping clock of {@code env}'s in-memory server. */
  static void install(TestWorkflowEnvironment env) {
    try {
      Object service = field(env, "service");
      Object timer = field(service, "selfAdvancingTimer");
      Lock lock = (Lock) field(timer, "lock");
      lock.lock();
      try {
        Field list = timer.getClass().getDeclaredField("lockEvents");
        list.setAccessible(true);
        TestServerLockLedger<Object> ledger = new TestServerLockLedger<>();
        ledger.events.addAll((LinkedList<?>) list.get(timer));
        list.set(timer, ledger);
      } finally {
        lock.unlock();
      }
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "the test server's clock changed (SDK upgrade?): remove or adapt " + e, e);
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  @Override
  public boolean add(E e) {
    return events.add(e);
  }

  @Override
  public boolean remove(Object o) {
    return events.remove(o);
  }

  @Override
  public Iterator<E> iterator() {
    return events.iterator();
  }

  @Override
  public int size() {
    return events.size();
  }
}
