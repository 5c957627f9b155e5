package io.cdcorchestrator.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Temporal's codec-server protocol on the JDK's HTTP server: {@code POST /encode} and {@code POST
 * /decode} take and answer {@code {"payloads":[...]}} (the protobuf JSON of {@code Payloads}), so
 * the Web UI and the CLI can show decrypted payloads. CORS admits only the configured UI origins,
 * with the UI's {@code X-Namespace} header and credentials.
 */
public final class CodecServer implements AutoCloseable {
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private static final String ALLOWED_HEADERS = "Content-Type, X-Namespace, Authorization";

  private final HttpServer http;
  private final ExecutorService executor;

  private CodecServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  /**
   * Serves {@code codec} on {@code bind} (port 0: any free one).
   *
   * @param uiOrigins origins (scheme://host:port) whose pages may call this server
   */
  public static CodecServer start(InetSocketAddress bind, PayloadCodec codec, Set<String> uiOrigins)
      throws IOException {
    HttpServer http = HttpServer.create(bind, 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "codec-server");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(executor);
    http.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handle(exchange, codec, uiOrigins);
          }
        });
    http.start();
    return new CodecServer(http, executor);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, PayloadCodec codec, Set<String> uiOrigins)
      throws IOException {
    cors(exchange, uiOrigins);
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    UnaryOperator<List<Payload>> op =
        switch (path) {
          case "/encode" -> codec::encode;
          case "/decode" -> codec::decode;
          default -> null;
        };
    if (op == null) {
      send(exchange, 404, "text/plain", "not found: " + path + " (POST /encode or /decode)");
    } else if (method.equals("OPTIONS")) {
      exchange.sendResponseHeaders(204, -1);
    } else if (!method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
      send(exchange, 405, "text/plain", method + " not allowed (POST)");
    } else {
      transform(exchange, op);
    }
  }

  private static void transform(HttpExchange exchange, UnaryOperator<List<Payload>> op)
      throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      send(exchange, 413, "text/plain", "body larger than " + MAX_BODY + " bytes");
      return;
    }
    Payloads.Builder request = Payloads.newBuilder();
    try {
      JsonFormat.parser()
          .ignoringUnknownFields()
          .merge(new String(body, StandardCharsets.UTF_8), request);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      send(
          exchange,
          400,
          "text/plain",
          "body: expected {\"payloads\":[{\"metadata\":{...},\"data\":\"<base64>\"}]} ("
              + e.getMessage()
              + ")");
      return;
    }
    List<Payload> result;
    try {
      result = op.apply(request.getPayloadsList());
    } catch (PayloadCodecException e) {
      // an unknown key id or a payload that does not decrypt: the client's problem, said plainly
      send(exchange, 400, "text/plain", e.getMessage());
      return;
    }
    send(
        exchange,
        200,
        "application/json",
        JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .print(Payloads.newBuilder().addAllPayloads(result)));
  }

  private static void cors(HttpExchange exchange, Set<String> uiOrigins) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    Headers headers = exchange.getResponseHeaders();
    headers.add("Vary", "Origin");
    if (origin != null && uiOrigins.contains(origin)) {
      headers.set("Access-Control-Allow-Origin", origin);
      headers.set("Access-Control-Allow-Methods", "POST, OPTIONS");
      headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      headers.set("Access-Control-Allow-Credentials", "true");
      headers.set("Access-Control-Max-Age", "600");
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}
