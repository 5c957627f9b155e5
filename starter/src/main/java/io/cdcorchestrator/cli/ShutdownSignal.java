package io.cdcorchestrator.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM as a request, not a JVM exit: the command's own thread sees the request, runs
 * its one teardown path and exits normally (0 after a clean teardown). A second signal while that
 * runs marks the shutdown as forced: waits that honour {@link #forced()} give up (the teardown is
 * abandoned, the worker and server still close). Closing restores the JVM's handlers.
 */
final class ShutdownSignal implements AutoCloseable {
  private final CountDownLatch requested = new CountDownLatch(1);
  private volatile boolean forced;
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private final PrintWriter err;
  private volatile String received;

  private ShutdownSignal(PrintWriter err) {
    this.err = err;
  }

  static ShutdownSignal install(PrintWriter err) {
    ShutdownSignal shutdown = new ShutdownSignal(err);
    for (String name : new String[] {"INT", "TERM"}) {
      Signal signal = new Signal(name);
      try {
        shutdown.previous.put(signal, Signal.handle(signal, shutdown::onSignal));
      } catch (IllegalArgumentException e) {
        // the signal is reserved here (e.g. -Xrs); the JVM's default handling stays
      }
    }
    return shutdown;
  }

  private void onSignal(Signal signal) {
    if (requested.getCount() == 0) {
      err.println(
          forced
              ? "SIG" + signal.getName() + " again: already closing down, please wait"
              : "SIG"
                  + signal.getName()
                  + " again: abandoning the wait (what is still running may be left behind)");
      err.flush();
      forced = true;
      return;
    }
    received = "SIG" + signal.getName();
    requested.countDown();
  }

  boolean requested() {
    return requested.getCount() == 0;
  }

  /** A second signal arrived: stop waiting for the teardown. */
  boolean forced() {
    return forced;
  }

  /** The signal that asked for shutdown, e.g. {@code SIGINT}. */
  String received() {
    return received;
  }

  /** Blocks until a signal arrives or {@code timeout} passes; true when a signal arrived. */
  boolean await(java.time.Duration timeout) {
    try {
      return requested.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Blocks until a signal arrives. */
  void await() {
    try {
      requested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    previous.forEach(
        (signal, handler) -> {
          try {
            Signal.handle(signal, handler);
          } catch (IllegalArgumentException e) {
            // nothing to restore
          }
        });
  }
}
