package io.cdcorchestrator.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.observability.OtlpCollectorDouble.ReceivedSpan;
import io.cdcorchestrator.observability.PipelineLabels.Labels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * The AWS SDK interceptors against an EC2 endpoint played by OkHttp's MockWebServer (a test double:
 * moto never throttles), with the SDK's standard retries: each call's outcome is counted for the
 * pipeline whose activity made it, and each call is a span under the activity's span, exported over
 * OTLP to the collector double.
 */
class AwsCallObservabilityTest {
  private static final String OK =
      "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
          + "<requestId>req-ok</requestId><vpcSet/></DescribeVpcsResponse>";

  private final MockWebServer ec2Double = new MockWebServer();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    ec2Double.shutdown();
  }

  private static MockResponse error(int status, String code) {
    return new MockResponse()
        .setResponseCode(status)
        .setBody(
            "<Response><Errors><Error><Code>"
                + code
                + "</Code><Message>"
                + code
                + "</Message></Error></Errors><RequestID>req-"
                + code
                + "</RequestID></Response>");
  }

  private Ec2Client ec2(List<ExecutionInterceptor> interceptors) {
    Ec2Client client =
        Ec2Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(ec2Double.url("/").toString()))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                o -> {
                  interceptors.forEach(o::addExecutionInterceptor);
                  o.retryStrategy(
                      AwsRetryStrategy.standardRetryStrategy().toBuilder()
                          .maxAttempts(3)
                          .backoffStrategy(BackoffStrategy.retryImmediately())
                          .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                          .build());
                })
            .build();
    closing.add(client);
    return client;
  }

  @Test
  void everyCall_isCountedByServiceAndOutcome_forItsPipeline() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Ec2Client ec2 = ec2(List.of(new AwsCallMetrics(new PipelineMetrics(registry, () -> 0L))));
    ec2Double.enqueue(new MockResponse().setBody(OK)); // ok
    ec2Double.enqueue(error(503, "RequestLimitExceeded")); // retried: throttled once, then ok
    ec2Double.enqueue(new MockResponse().setBody(OK));
    for (int i = 0; i < 3; i++) { // throttled: every attempt
      ec2Double.enqueue(error(503, "RequestLimitExceeded"));
    }
    ec2Double.enqueue(error(400, "InvalidVpcID.NotFound")); // failed, not retried

    PipelineLabels.runAs(
        new Labels("p1", "aws"),
        () -> {
          ec2.describeVpcs();
          ec2.describeVpcs();
          assertThrows(Ec2Exception.class, ec2::describeVpcs);
          assertThrows(Ec2Exception.class, ec2::describeVpcs);
        });

    assertEquals(7, ec2Double.getRequestCount(), "1 + 2 + 3 + 1 attempts");
    PrometheusText t = PrometheusText.parse(registry.scrape());
    for (String outcome : PipelineMetrics.AWS_OUTCOMES) {
      assertEquals(
          1.0,
          t.value(
                  "cdc_aws_calls_total",
                  Map.of("pipeline", "p1", "target", "aws", "service", "Ec2", "outcome", outcome))
              .orElseThrow(() -> new AssertionError(outcome + " not counted: " + t.samples())),
          outcome);
    }
  }

  @Test
  void everyCall_isASpanUnderTheActivitysSpan_exportedOverOtlp() throws Exception {
    OtlpCollectorDouble collector = new OtlpCollectorDouble();
    closing.add(collector);
    Tracing tracing =
        Tracing.fromEnvironment(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                collector.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY",
                "50"));
    assertTrue(tracing.enabled());
    Ec2Client ec2 = ec2(tracing.awsInterceptors());
    ec2Double.enqueue(new MockResponse().setBody(OK));
    ec2Double.enqueue(error(400, "InvalidVpcID.NotFound"));

    Span activity =
        tracing
            .openTelemetry()
            .getTracer("test")
            .spanBuilder("RunActivity:NetworkFindVpc")
            .startSpan();
    try (Scope ignored = activity.makeCurrent()) {
      ec2.describeVpcs();
      assertThrows(Ec2Exception.class, ec2::describeVpcs);
    } finally {
      activity.end();
    }
    tracing.close(); // flushes

    List<ReceivedSpan> spans = collector.spans();
    ReceivedSpan parent =
        spans.stream()
            .filter(s -> s.name().equals("RunActivity:NetworkFindVpc"))
            .findFirst()
            .orElseThrow();
    List<ReceivedSpan> calls =
        spans.stream().filter(s -> s.name().equals("Ec2.DescribeVpcs")).toList();
    assertEquals(2, calls.size(), spans::toString);
    for (ReceivedSpan call : calls) {
      assertEquals(parent.traceId(), call.traceId(), "one trace");
      assertEquals(parent.spanId(), call.parentSpanId(), "child of the activity's span");
    }
  }

  @Test
  void noEndpoint_noTracing_andAnUnusableSetting_isOneLine() {
    Tracing off = Tracing.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "x"));
    assertFalse(off.enabled());
    assertTrue(off.awsInterceptors().isEmpty());
    assertTrue(off.workerInterceptors().isEmpty());
    assertFalse(
        Tracing.fromEnvironment(
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://x", "OTEL_SDK_DISABLED", "true"))
            .enabled());
    Tracing.ConfigException e =
        assertThrows(
            Tracing.ConfigException.class,
            () ->
                Tracing.fromEnvironment(
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon")));
    assertTrue(e.getMessage().startsWith("OTEL_*: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    Tracing.ConfigException grpc =
        assertThrows(
            Tracing.ConfigException.class,
            () ->
                Tracing.fromEnvironment(
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")));
    assertTrue(grpc.getMessage().contains("HTTP/protobuf only"), grpc.getMessage());
  }
}
