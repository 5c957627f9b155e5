package io.cdcorchestrator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Test double for what moto 5.2 cannot do for MSK, on the SDK's wire so product code runs unchanged
 * (docs/ARCHITECTURE.md, "moto's gaps"):
 *
 * <ul>
 *   <li>moto writes {@code creationTime} without a zone, which the Java SDK cannot parse: add "Z";
 *   <li>moto answers DescribeCluster(V2)/DeleteCluster for an unknown ARN with a 500 (a KeyError):
 *       answer AWS's 404 NotFoundException instead;
 *   <li>moto has no configuration APIs and no GetBootstrapBrokers: those calls are routed to an
 *       in-memory fake of them ({@link MockWebServer});
 *   <li>moto never makes a cluster ACTIVE: {@link #activate} makes describes of one cluster say so.
 * </ul>
 */
public final class MotoMskGaps implements ExecutionInterceptor, AutoCloseable {
  public static final String FAKE_BOOTSTRAP =
      "b-1.fake.kafka.us-east-1.amazonaws.com:9092,"
          + "b-2.fake.kafka.us-east-1.amazonaws.com:9092";
  public static final String FAKE_BOOTSTRAP_TLS = FAKE_BOOTSTRAP.replace(":9092", ":9094");
  private static final Set<String> FAKED =
      Set.of(
          "CreateConfiguration",
          "DescribeConfiguration",
          "ListConfigurations",
          "DeleteConfiguration",
          "GetBootstrapBrokers");
  private static final Set<String> KEY_ERROR_ON_UNKNOWN =
      Set.of("DescribeCluster", "DescribeClusterV2", "DeleteCluster");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer fake;
  private final String fakeHost;
  private final int fakePort;
  private final Map<String, ObjectNode> configurations = new ConcurrentHashMap<>();
  private final Set<String> active = ConcurrentHashMap.newKeySet();

  /**
   * The interceptor of a worker in another JVM (the crash tests kill worker processes): its faked
   * calls go to the in-memory fake of this JVM's double at {@code host:port}, which outlives them.
   */
  public static MotoMskGaps remote(String host, int port) {
    return new MotoMskGaps(host, port);
  }

  private MotoMskGaps(String host, int port) {
    this.fake = null;
    this.fakeHost = host;
    this.fakePort = port;
  }

  /** Where the in-memory fake answers, for {@link #remote} doubles of other JVMs. */
  public String fakeAddress() {
    return fakeHost + ":" + fakePort;
  }

  public MotoMskGaps() {
    fake = new MockWebServer();
    fake.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return serve(request.getMethod(), request.getPath(), request.getBody().readUtf8());
          }
        });
    try {
      fake.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fakeHost = fake.getHostName();
    fakePort = fake.getPort();
  }

  /** From now on, describes and lists report this cluster ACTIVE. */
  public void activate(String clusterArn) {
    active.add(clusterArn);
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    if (isKafka(attributes) && FAKED.contains(operation(attributes))) {
      return context.httpRequest().toBuilder()
          .protocol("http")
          .host(fakeHost)
          .port(fakePort)
          .build();
    }
    return context.httpRequest();
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (isKafka(attributes)
        && context.httpResponse().statusCode() == 500
        && KEY_ERROR_ON_UNKNOWN.contains(operation(attributes))) {
      return context.httpResponse().toBuilder()
          .statusCode(404)
          .putHeader("x-amzn-ErrorType", "NotFoundException")
          .putHeader("Content-Type", "application/json")
          .build();
    }
    return context.httpResponse();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (!isKafka(attributes) || context.responseBody().isEmpty()) {
      return context.responseBody();
    }
    if (context.httpResponse().statusCode() == 404
        && KEY_ERROR_ON_UNKNOWN.contains(operation(attributes))) {
      return body("{\"message\":\"The requested resource doesn't exist.\"}");
    }
    try {
      String text = new String(context.responseBody().get().readAllBytes(), StandardCharsets.UTF_8);
      if (!text.startsWith("{")) {
        return body(text);
      }
      JsonNode tree = JSON.readTree(text);
      fix(tree);
      return body(JSON.writeValueAsString(tree));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Zone-less creationTime → UTC; an activated cluster's state → ACTIVE. */
  private void fix(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode time = object.get("creationTime");
      if (time != null && time.isTextual() && !time.asText().endsWith("Z")) {
        object.put("creationTime", time.asText() + "Z");
      }
      JsonNode arn = object.get("clusterArn");
      if (arn != null && active.contains(arn.asText()) && object.has("state")) {
        object.put("state", "ACTIVE");
      }
      object.elements().forEachRemaining(this::fix);
    } else if (node instanceof ArrayNode array) {
      array.elements().forEachRemaining(this::fix);
    }
  }

  private MockResponse serve(String method, String path, String body) {
    try {
      if (path.endsWith("/bootstrap-brokers")) {
        return ok(
            JSON.createObjectNode()
                .put("bootstrapBrokerString", FAKE_BOOTSTRAP)
                .put("bootstrapBrokerStringTls", FAKE_BOOTSTRAP_TLS));
      }
      if (method.equals("POST")) {
        return createConfiguration(JSON.readTree(body));
      }
      if (path.equals("/v1/configurations") || path.startsWith("/v1/configurations?")) {
        ObjectNode list = JSON.createObjectNode();
        list.putArray("configurations").addAll(configurations.values());
        return ok(list);
      }
      String arn =
          URLDecoder.decode(path.substring("/v1/configurations/".length()), StandardCharsets.UTF_8);
      ObjectNode configuration = configurations.get(arn);
      if (configuration == null) {
        return error(404, "NotFoundException", "The requested resource doesn't exist.");
      }
      if (method.equals("DELETE")) {
        configurations.remove(arn);
        return ok(JSON.createObjectNode().put("arn", arn).put("state", "DELETING"));
      }
      return ok(configuration);
    } catch (IOException e) {
      return error(400, "BadRequestException", e.getMessage());
    }
  }

  private MockResponse createConfiguration(JsonNode request) {
    String name = request.get("name").asText();
    if (configurations.values().stream().anyMatch(c -> name.equals(c.get("name").asText()))) {
      return error(409, "ConflictException", "A resource with this name already exists.");
    }
    Base64.getDecoder()
        .decode(request.get("serverProperties").asText()); // AWS rejects what is not base64
    String arn =
        "arn:aws:kafka:us-east-1:123456789012:configuration/" + name + "/" + UUID.randomUUID();
    String now = Instant.now().toString();
    ObjectNode configuration =
        JSON.createObjectNode()
            .put("arn", arn)
            .put("name", name)
            .put("state", "ACTIVE")
            .put("creationTime", now)
            .put("description", request.path("description").asText(""));
    configuration.set("kafkaVersions", request.get("kafkaVersions"));
    configuration.putObject("latestRevision").put("revision", 1).put("creationTime", now);
    configurations.put(arn, configuration);
    return ok(configuration);
  }

  private static MockResponse ok(JsonNode body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  private static MockResponse error(int status, String type, String message) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-amzn-ErrorType", type)
        .setBody(JSON.createObjectNode().put("message", message).toString());
  }

  private static Optional<InputStream> body(String text) {
    return Optional.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean isKafka(ExecutionAttributes attributes) {
    return "Kafka".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
  }

  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  @Override
  public void close() throws IOException {
    if (fake != null) {
      fake.close();
    }
  }
}
