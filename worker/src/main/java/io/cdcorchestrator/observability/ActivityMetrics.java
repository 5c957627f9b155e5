package io.cdcorchestrator.observability;

import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.WatchWindow;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.function.Consumer;

/**
 * Records what the data-plane activities learn, from their results, as they complete: a health
 * check's connector, task, slot and event figures, the CDC proof's latency, a restart of failed
 * tasks. On the activity side because that is where these values are known; the watch itself never
 * asks Temporal. An interceptor rather than calls inside the activities, so the activities stay
 * about the data plane.
 */
public final class ActivityMetrics extends WorkerInterceptorBase {
  static final String CHECK_HEALTH = "DataPlaneCheckHealth";
  static final String WATCH_WINDOW = "DataPlaneWatchWindow";
  static final String PROVE_CDC = "DataPlaneProveCdc";
  static final String RESTART_FAILED = "DataPlaneRestartFailed";

  private final PipelineMetrics metrics;

  /**
   * The pipeline figures of the window that runs on this thread (an activity runs on the thread
   * that calls the interceptor), so each of its checks is scraped as it happens rather than at the
   * window's end, up to 15 minutes later.
   */
  private static final ThreadLocal<Consumer<ConnectorHealth>> WINDOW_CHECKS = new ThreadLocal<>();

  /** One check of a watch window, for the metrics of the window running on this thread. */
  public static void windowChecked(ConnectorHealth health) {
    Consumer<ConnectorHealth> checked = WINDOW_CHECKS.get();
    if (checked != null) {
      checked.accept(health);
    }
  }

  public ActivityMetrics(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

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
        String type = context.getInfo().getActivityType();
        PipelineLabels.Labels labels = PipelineLabels.fromHeader(input.getHeader());
        if (type.equals(WATCH_WINDOW) && !labels.pipeline().isEmpty()) {
          WINDOW_CHECKS.set(health -> metrics.checked(labels, health));
        }
        try {
          ActivityOutput output = super.execute(input);
          record(type, labels, output.getResult());
          return output;
        } finally {
          WINDOW_CHECKS.remove();
        }
      }
    };
  }

  void record(String activityType, PipelineLabels.Labels labels, Object result) {
    if (labels.pipeline().isEmpty()) {
      return; // not scheduled by a pipeline workflow
    }
    switch (activityType) {
      case CHECK_HEALTH -> {
        if (result instanceof ConnectorHealth health) {
          metrics.checked(labels, health);
        }
      }
      case WATCH_WINDOW -> { // its last check again (gauges: no double count), for doubles too
        if (result instanceof WatchWindow.Result window && window.health() != null) {
          metrics.checked(labels, window.health());
        }
      }
      case PROVE_CDC -> {
        if (result instanceof CdcProof proof) {
          metrics.proved(labels, proof);
        }
      }
      case RESTART_FAILED -> metrics.restarted(labels);
      default -> {}
    }
  }
}
