package io.cdcorchestrator.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text exposition format (version 0.0.4), on the address given
 * (127.0.0.1 unless the operator binds it elsewhere). One thread: a scrape is cheap and Prometheus
 * scrapes one at a time.
 */
public final class MetricsServer implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer http;
  private final ExecutorService executor;

  private MetricsServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  /**
   * Listens on {@code bind} (port 0: any free one) and serves {@code scrape}.
   *
   * @throws IOException the address cannot be bound (in use, not local)
   */
  public static MetricsServer start(InetSocketAddress bind, Supplier<String> scrape)
      throws IOException {
    HttpServer http = HttpServer.create(bind, 0);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "cdc-metrics-http");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(executor);
    http.createContext("/", exchange -> handle(exchange, scrape));
    http.start();
    return new MetricsServer(http, executor);
  }

  private static void handle(HttpExchange exchange, Supplier<String> scrape) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
      } else if ("/metrics".equals(path)) {
        send(exchange, 200, CONTENT_TYPE, scrape.get());
      } else if ("/".equals(path)) {
        send(exchange, 200, "text/plain; charset=utf-8", "cdc worker: metrics at /metrics\n");
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", "not found; metrics are at /metrics\n");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public String address() {
    return http.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}
