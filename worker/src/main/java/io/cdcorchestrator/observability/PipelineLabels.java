package io.cdcorchestrator.observability;

import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Target;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import org.slf4j.MDC;

/**
 * Which pipeline (and target) an activity works for, so that what the activity side measures (AWS
 * calls, health checks, the CDC proof) and logs carries the labels {@code pipeline} and {@code
 * target}. The workflow knows both from its input and hands them to every activity it schedules in
 * two headers; the activity side puts them in a thread-local and in the logging MDC (keys {@code
 * pipeline}, {@code target}) while the activity runs. Headers are not part of what replay compares,
 * so this changes no history.
 */
public final class PipelineLabels extends WorkerInterceptorBase {
  static final String PIPELINE_HEADER = "cdc-pipeline";
  static final String TARGET_HEADER = "cdc-target";

  /** The labels of one pipeline; {@code target} may be empty when no workflow said it. */
  public record Labels(String pipeline, String target) {}

  private static final ThreadLocal<Labels> CURRENT = new ThreadLocal<>();

  /** The labels of the activity running on this thread, or empty ones outside an activity. */
  public static Labels current() {
    Labels labels = CURRENT.get();
    return labels == null ? new Labels("", "") : labels;
  }

  /** For tests and code outside the worker: run {@code body} as an activity of this pipeline. */
  static void runAs(Labels labels, Runnable body) {
    Labels before = CURRENT.get();
    CURRENT.set(labels);
    MDC.put("pipeline", labels.pipeline());
    MDC.put("target", labels.target());
    try {
      body.run();
    } finally {
      if (before == null) {
        CURRENT.remove();
        MDC.remove("pipeline");
        MDC.remove("target");
      } else {
        CURRENT.set(before);
        MDC.put("pipeline", before.pipeline());
        MDC.put("target", before.target());
      }
    }
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInbound(next);
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        Labels labels = fromHeader(input.getHeader());
        ActivityOutput[] out = new ActivityOutput[1];
        runAs(labels, () -> out[0] = super.execute(input));
        return out[0];
      }
    };
  }

  /** The pipeline workflow's input names both; a sweep's input is the pipeline's name (AWS). */
  private static final class WorkflowInbound extends WorkflowInboundCallsInterceptorBase {
    private Labels labels = new Labels("", "");

    WorkflowInbound(WorkflowInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
      super.init(
          new WorkflowOutboundCallsInterceptorBase(outboundCalls) {
            @Override
            public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
              write(input.getHeader(), PIPELINE_HEADER, labels.pipeline());
              write(input.getHeader(), TARGET_HEADER, labels.target());
              return super.executeActivity(input);
            }
          });
    }

    @Override
    public WorkflowOutput execute(WorkflowInput input) {
      Object[] args = input.getArguments();
      if (args.length > 0 && args[0] instanceof PipelineSpec spec) {
        labels = new Labels(spec.name(), spec.target().id());
      } else if (args.length > 0 && args[0] instanceof String pipeline) {
        labels = new Labels(pipeline, Target.AWS.id());
      }
      return super.execute(input);
    }
  }

  private static void write(Header header, String key, String value) {
    if (!value.isEmpty()) {
      DefaultDataConverter.STANDARD_INSTANCE
          .toPayload(value)
          .ifPresent(p -> header.getValues().put(key, p));
    }
  }

  /** The labels the workflow put in an activity's header (empty ones if it put none). */
  static Labels fromHeader(Header header) {
    return new Labels(read(header, PIPELINE_HEADER), read(header, TARGET_HEADER));
  }

  private static String read(Header header, String key) {
    Payload p = header.getValues().get(key);
    return p == null
        ? ""
        : DefaultDataConverter.STANDARD_INSTANCE.fromPayload(p, String.class, String.class);
  }
}
