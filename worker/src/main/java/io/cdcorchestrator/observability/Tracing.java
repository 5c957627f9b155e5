package io.cdcorchestrator.observability;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Traces of pipeline runs, exported over OTLP only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is set; nothing is created otherwise. The
 * OpenTelemetry SDK is configured from the standard {@code OTEL_*} variables (service name,
 * headers, sampler, batch delay); traces only, over HTTP/protobuf. Temporal's OpenTracing
 * interceptor makes the spans (start workflow, run workflow, start and run each activity, carried
 * across in Temporal headers) through OpenTelemetry's OpenTracing shim, and {@link AwsCallTracing}
 * adds one span per AWS call under the activity that made it: one provisioning run is one trace.
 */
public final class Tracing implements AutoCloseable {
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "otel.service.name", "cdc-worker",
          "otel.traces.exporter", "otlp",
          "otel.exporter.otlp.protocol", "http/protobuf", // the SDK's own default is grpc
          "otel.metrics.exporter", "none", // metrics: the Prometheus endpoint
          "otel.logs.exporter", "none");

  /** A tracing setting the SDK refuses: bad input, one line. */
  public static final class ConfigException extends RuntimeException {
    ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final OpenTelemetrySdk sdk;
  private final String endpoint;
  private final OpenTracingOptions options;

  private Tracing(OpenTelemetrySdk sdk, String endpoint) {
    this.sdk = sdk;
    this.endpoint = endpoint;
    this.options =
        sdk == null
            ? null
            : OpenTracingOptions.newBuilder()
                .setTracer(OpenTracingShim.createTracerShim(sdk))
                .build();
  }

  public static Tracing off() {
    installGlobal(OpenTelemetry.noop());
    return new Tracing(null, null);
  }

  /**
   * Libraries in the worker's JVM (Debezium and Kafka among them) ask {@link GlobalOpenTelemetry}
   * for a tracer; with the autoconfigure module on the classpath, asking before anything was set
   * prints an INFO line through java.util.logging straight onto the user's console. The first
   * {@code Tracing} of the JVM sets it: the exporting SDK, or the no-op.
   */
  private static synchronized void installGlobal(OpenTelemetry openTelemetry) {
    if (GlobalOpenTelemetry.isSet()) {
      return;
    }
    try {
      GlobalOpenTelemetry.set(openTelemetry);
    } catch (IllegalStateException e) {
      // a library asked first: it has its answer already, and this one is no worse
    }
  }

  /** On when {@code env} names an OTLP endpoint (and OTEL_SDK_DISABLED is not true). */
  public static Tracing fromEnvironment(Map<String, String> env) {
    String endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      endpoint = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
    }
    if (endpoint == null
        || endpoint.isBlank()
        || "true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))) {
      return off();
    }
    for (String protocol :
        List.of("OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")) {
      if ("grpc".equalsIgnoreCase(env.get(protocol))) {
        throw new ConfigException(
            protocol
                + "=grpc: this worker exports over OTLP HTTP/protobuf only; set http/protobuf and "
                + "point OTEL_EXPORTER_OTLP_ENDPOINT at the collector's HTTP port (4318)",
            null);
      }
    }
    Map<String, String> given = new HashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("OTEL_")) {
            given.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
          }
        });
    try {
      OpenTelemetrySdk sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> DEFAULTS)
              .addPropertiesCustomizer(config -> given)
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
      installGlobal(sdk);
      return new Tracing(sdk, endpoint);
    } catch (ConfigurationException e) {
      throw new ConfigException(
          "OTEL_*: "
              + e.getMessage()
              + " (traces go over OTLP HTTP/protobuf, e.g. OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318)",
          e);
    }
  }

  public boolean enabled() {
    return sdk != null;
  }

  /** Where spans go, for the worker's start-up line; null when off. */
  public String endpoint() {
    return endpoint;
  }

  public OpenTelemetry openTelemetry() {
    return sdk == null ? OpenTelemetry.noop() : sdk;
  }

  public List<WorkerInterceptor> workerInterceptors() {
    return sdk == null ? List.of() : List.of(new OpenTracingWorkerInterceptor(options));
  }

  public List<WorkflowClientInterceptor> clientInterceptors() {
    return sdk == null ? List.of() : List.of(new OpenTracingClientInterceptor(options));
  }

  public List<ExecutionInterceptor> awsInterceptors() {
    return sdk == null
        ? List.of()
        : List.of(new AwsCallTracing(sdk.getTracer("io.cdcorchestrator.aws")));
  }

  /** Exports what is still buffered. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
