package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.DataPlaneAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Tunnels through a bastion kept open between calls, for the call that recurs all through a
 * pipeline's life: the watch's health check. Opening a tunnel pushes a key through EC2 Instance
 * Connect and opens an SSH session; the pushed key counts only for opening one (its 60 s window),
 * so a session alive from the previous check is used again, and a key is pushed only when one must
 * be opened (none yet, or the last one died). One session per pipeline and access: a changed access
 * (new address, new secret) opens its own, and the old one closes once idle. Sessions close after
 * {@link #IDLE} unused, at the pipeline's teardown ({@link #close(String)}) and when the worker
 * stops ({@link #close()}).
 */
final class BastionSessions implements AutoCloseable {
  /** Longer than the watch's default interval, so a session lives from one check to the next. */
  static final Duration IDLE = Duration.ofMinutes(15);

  private final SshKeyPush keys;
  private final Map<DataPlaneAccess, Shared> open = new ConcurrentHashMap<>();
  private final Map<DataPlaneAccess, Object> opening = new ConcurrentHashMap<>();

  BastionSessions(SshKeyPush keys) {
    this.keys = keys;
  }

  /** One tunnel and its callers; closed when the last caller is done and it was retired. */
  private static final class Shared {
    final BastionTunnel tunnel;
    final AtomicInteger users = new AtomicInteger();
    final AtomicLong lastUsed = new AtomicLong(System.nanoTime());

    Shared(BastionTunnel tunnel) {
      this.tunnel = tunnel;
    }
  }

  /** A call's use of a shared tunnel: closing it leaves the session open for the next call. */
  final class Lease implements AutoCloseable {
    private final Shared shared;

    private Lease(Shared shared) {
      this.shared = shared;
    }

    DataPlaneAccess local() {
      return shared.tunnel.local();
    }

    @Override
    public void close() {
      shared.lastUsed.set(System.nanoTime());
      shared.users.decrementAndGet();
    }
  }

  /** The pipeline's open tunnel, or a new one (a key pushed, a session opened) if none is alive. */
  Lease open(DataPlaneAccess a) {
    closeIdle();
    synchronized (opening.computeIfAbsent(a, k -> new Object())) {
      Shared s = open.get(a);
      if (s != null && s.tunnel.alive()) {
        s.users.incrementAndGet();
        return new Lease(s);
      }
      if (s != null) {
        open.remove(a, s);
        s.tunnel.close(); // died (bastion restarted, network gone): its forwards are unbound
      }
      Shared fresh = new Shared(BastionTunnel.open(a, keys));
      fresh.users.incrementAndGet();
      open.put(a, fresh);
      return new Lease(fresh);
    }
  }

  /**
   * Closes the pipeline's sessions: its teardown has no more use for them (the watch, their only
   * user, has ended).
   */
  void close(String pipeline) {
    retire((a, s) -> a.pipeline().equals(pipeline));
    opening.keySet().removeIf(a -> a.pipeline().equals(pipeline));
  }

  private void closeIdle() {
    long idleSince = System.nanoTime() - IDLE.toNanos();
    retire((a, s) -> s.users.get() == 0 && s.lastUsed.get() - idleSince < 0);
  }

  private void retire(BiPredicate<DataPlaneAccess, Shared> which) {
    List<Shared> closing = new ArrayList<>();
    open.forEach(
        (a, s) -> {
          if (which.test(a, s) && open.remove(a, s)) {
            closing.add(s);
          }
        });
    closing.forEach(s -> s.tunnel.close());
  }

  /** The worker stops: every session closes. */
  @Override
  public void close() {
    retire((a, s) -> true);
  }
}
