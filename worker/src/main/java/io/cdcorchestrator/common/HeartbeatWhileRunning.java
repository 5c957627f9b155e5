package io.cdcorchestrator.common;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats every activity of this worker while it runs, whatever it is blocked in (an initdb, a
 * Kafka start, an AWS call): the server hears from a live worker every {@link #EVERY}, so the
 * heartbeat timeouts of the workflow's activity options can be short and an activity whose worker
 * died is retried elsewhere within seconds. Details an activity heartbeats itself ("starting
 * Kafka") are sent on again, not replaced.
 */
public final class HeartbeatWhileRunning extends WorkerInterceptorBase implements AutoCloseable {
  static final Duration EVERY = Duration.ofSeconds(3);
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWhileRunning.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "activity-heartbeats");
            t.setDaemon(true);
            return t;
          });

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        ActivityExecutionContext c = context;
        ScheduledFuture<?> beats =
            timer.scheduleAtFixedRate(
                () -> beat(c), EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
          return super.execute(input);
        } finally {
          beats.cancel(false);
        }
      }
    };
  }

  private static void beat(ActivityExecutionContext context) {
    try {
      context.heartbeat(context.getLastHeartbeatDetails(Object.class).orElse(null));
    } catch (ActivityCompletionException e) {
      // cancelled, or timed out on the server: the activity's own next heartbeat learns it
    } catch (RuntimeException e) {
      LOG.debug("heartbeat of {} failed", context.getInfo().getActivityType(), e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
