package io.cdcorchestrator.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * One client span per AWS SDK call ({@code EC2.CreateVpc}), child of whatever span is current:
 * inside an activity that is the activity's span, so a provisioning run's trace reaches down to the
 * AWS API. Attribute names follow OpenTelemetry's conventions for AWS SDK calls.
 */
final class AwsCallTracing implements ExecutionInterceptor {
  private static final ExecutionAttribute<Span> SPAN = new ExecutionAttribute<>("cdc.aws.span");

  private final Tracer tracer;

  AwsCallTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Span span =
        tracer
            .spanBuilder(service + "." + operation)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("rpc.system", "aws-api")
            .setAttribute("rpc.service", service)
            .setAttribute("rpc.method", operation)
            .startSpan();
    attributes.putAttribute(SPAN, span);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    Span span = attributes.getAttribute(SPAN);
    if (span != null) {
      describe(span, context.httpResponse());
      span.end();
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Span span = attributes.getAttribute(SPAN);
    if (span != null) {
      context.httpResponse().ifPresent(r -> describe(span, r));
      span.recordException(context.exception());
      span.setStatus(StatusCode.ERROR, context.exception().getClass().getSimpleName());
      span.end();
    }
  }

  private static void describe(Span span, SdkHttpResponse response) {
    span.setAttribute("http.response.status_code", (long) response.statusCode());
    response
        .firstMatchingHeader("x-amzn-RequestId")
        .or(() -> response.firstMatchingHeader("x-amz-request-id"))
        .ifPresent(id -> span.setAttribute("aws.request_id", id));
  }
}
