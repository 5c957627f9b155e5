package io.cdcorchestrator.observability;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Test double of an OpenTelemetry collector: an OTLP/HTTP receiver on 127.0.0.1 that accepts {@code
 * POST /v1/traces} (protobuf {@code ExportTraceServiceRequest}, gzip or not), keeps each span's
 * name, trace id, span id and parent span id, and answers 200 as a collector does. It reads the
 * protobuf wire format field by field (resource_spans=1 → scope_spans=2 → spans=2 → trace_id=1,
 * span_id=2, parent_span_id=4, name=5), so it needs no generated OTLP classes.
 */
public final class OtlpCollectorDouble implements AutoCloseable {
  public record ReceivedSpan(String name, String traceId, String spanId, String parentSpanId) {}

  private final HttpServer http;
  private final List<ReceivedSpan> spans = new ArrayList<>();

  public OtlpCollectorDouble() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/v1/traces", this::receive);
    http.start();
  }

  /** What OTEL_EXPORTER_OTLP_ENDPOINT should say. */
  public String endpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  public synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      List<ReceivedSpan> received = parse(body);
      synchronized (this) {
        spans.addAll(received);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  static List<ReceivedSpan> parse(byte[] request) throws InvalidProtocolBufferException {
    List<ReceivedSpan> out = new ArrayList<>();
    for (ByteString resourceSpans : field(UnknownFieldSet.parseFrom(request), 1)) {
      for (ByteString scopeSpans : field(UnknownFieldSet.parseFrom(resourceSpans), 2)) {
        for (ByteString span : field(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
          UnknownFieldSet s = UnknownFieldSet.parseFrom(span);
          out.add(
              new ReceivedSpan(
                  first(s, 5).toStringUtf8(),
                  hex(first(s, 1)),
                  hex(first(s, 2)),
                  hex(first(s, 4))));
        }
      }
    }
    return out;
  }

  private static List<ByteString> field(UnknownFieldSet set, int number) {
    return set.hasField(number) ? set.getField(number).getLengthDelimitedList() : List.of();
  }

  private static ByteString first(UnknownFieldSet set, int number) {
    List<ByteString> values = field(set, number);
    return values.isEmpty() ? ByteString.EMPTY : values.get(0);
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
