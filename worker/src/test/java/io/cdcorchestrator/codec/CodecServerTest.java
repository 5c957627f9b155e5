package io.cdcorchestrator.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol edges the Web UI depends on: CORS preflight for its origin only, errors as HTTP
 * statuses.
 */
class CodecServerTest {
  private static final String UI = "http://localhost:8080";
  private final HttpClient http = HttpClient.newHttpClient();
  private CodecServer server;

  @BeforeEach
  void start() throws Exception {
    String key = Base64.getEncoder().encodeToString(new byte[CodecKeys.KEY_BYTES]);
    server =
        CodecServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new AesGcmCodec(CodecKeys.parse("test", "k=" + key)),
            Set.of(UI));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void preflightFromTheUiOrigin_allowsPostWithTheNamespaceHeader() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(uri("/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", UI)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-namespace"));
    assertEquals(204, r.statusCode());
    assertEquals(Optional.of(UI), r.headers().firstValue("Access-Control-Allow-Origin"));
    assertTrue(
        r.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("X-Namespace"));
    assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
    assertEquals(Optional.of("true"), r.headers().firstValue("Access-Control-Allow-Credentials"));
  }

  @Test
  void anotherOrigin_getsNoCorsHeaders() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(uri("/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example"));
    assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Origin"));
  }

  @Test
  void malformedBody_400_unknownPath_404_wrongMethod_405() throws Exception {
    HttpResponse<String> bad =
        send(
            HttpRequest.newBuilder(uri("/decode"))
                .POST(HttpRequest.BodyPublishers.ofString("{not json")));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().startsWith("body: expected {\"payloads\""), bad.body());
    assertEquals(
        404,
        send(HttpRequest.newBuilder(uri("/other")).POST(HttpRequest.BodyPublishers.ofString("{}")))
            .statusCode());
    assertEquals(405, send(HttpRequest.newBuilder(uri("/encode")).GET()).statusCode());
  }

  @Test
  void emptyPayloadList_roundTrips() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(uri("/encode"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"payloads\":[]}"))
                .header("Origin", UI));
    assertEquals(200, r.statusCode());
    assertEquals("{}", r.body());
    assertEquals(Optional.of(UI), r.headers().firstValue("Access-Control-Allow-Origin"));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
