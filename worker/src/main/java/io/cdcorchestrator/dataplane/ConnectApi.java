package io.cdcorchestrator.dataplane;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A typed client of the Kafka Connect REST API: one method per endpoint, one exception type ({@link
 * ConnectApiException}) for every failure. The shape of Strimzi's {@code KafkaConnectApi}.
 */
public class ConnectApi {
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final int MAX_ERROR_CHARS = 2000;
  // one connection pool for every Connect cluster this worker talks to
  private static final OkHttpClient SHARED =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(5))
          // validation and connector creation open database connections inside Connect: give them
          // time
          .readTimeout(Duration.ofSeconds(60))
          .writeTimeout(Duration.ofSeconds(10))
          .callTimeout(Duration.ofSeconds(90))
          .build();

  private final HttpUrl base;
  private final OkHttpClient http;

  public ConnectApi(String baseUrl) {
    this(baseUrl, SHARED);
  }

  ConnectApi(String baseUrl, OkHttpClient http) {
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
    }
    this.base = parsed;
    this.http = http;
  }

  /** {@code GET /}: the worker's version and Kafka cluster. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ServerInfo(
      String version, String commit, @JsonProperty("kafka_cluster_id") String kafkaClusterId) {}

  /** One entry of {@code GET /connector-plugins}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PluginInfo(@JsonProperty("class") String className, String type, String version) {}

  /** {@code PUT /connector-plugins/<class>/config/validate}: Connect's verdict per config key. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Validation(
      String name, @JsonProperty("error_count") int errorCount, List<ConfigResult> configs) {
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfigResult(ConfigValue value) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfigValue(String name, List<String> errors) {}

    /** One {@code field: message} line per error. */
    public List<String> errors() {
      List<String> lines = new ArrayList<>();
      for (ConfigResult c : configs == null ? List.<ConfigResult>of() : configs) {
        if (c.value() != null && c.value().errors() != null) {
          c.value().errors().forEach(e -> lines.add(c.value().name() + ": " + e));
        }
      }
      return lines;
    }
  }

  /** What {@code PUT /connectors/<name>/config} did. */
  public enum Upsert {
    CREATED,
    UPDATED
  }

  /** {@code GET /} */
  public ServerInfo root() {
    return call("GET", url(), null, ServerInfo.class);
  }

  /** {@code GET /connector-plugins}: the connector classes this worker can run. */
  public List<PluginInfo> connectorPlugins() {
    return call("GET", url("connector-plugins"), null, new TypeReference<List<PluginInfo>>() {});
  }

  /**
   * {@code PUT /connector-plugins/<class>/config/validate}: readable errors for a config that the
   * create call would reject with a bare 500.
   */
  public Validation validate(String connectorClass, Map<String, String> config) {
    return call(
        "PUT",
        url("connector-plugins", connectorClass, "config", "validate"),
        config,
        Validation.class);
  }

  /**
   * {@code PUT /connectors/<name>/config}: creates the connector (201) or replaces its config
   * (200).
   */
  public Upsert createOrUpdate(String name, Map<String, String> config) {
    try (Response res = execute("PUT", url("connectors", name, "config"), config)) {
      return res.code() == 201 ? Upsert.CREATED : Upsert.UPDATED;
    }
  }

  /**
   * {@code GET /connectors/<name>/config}: the stored config, with config-provider placeholders
   * unresolved.
   */
  public Map<String, String> config(String name) {
    return call(
        "GET",
        url("connectors", name, "config"),
        null,
        new TypeReference<Map<String, String>>() {});
  }

  /** {@code GET /connectors/<name>/status} */
  public ConnectorStatus status(String name) {
    return call("GET", url("connectors", name, "status"), null, ConnectorStatus.class);
  }

  /** {@code POST /connectors/<name>/restart?includeTasks=&onlyFailed=} */
  public void restart(String name, boolean includeTasks, boolean onlyFailed) {
    HttpUrl u =
        url("connectors", name, "restart")
            .newBuilder()
            .addQueryParameter("includeTasks", Boolean.toString(includeTasks))
            .addQueryParameter("onlyFailed", Boolean.toString(onlyFailed))
            .build();
    execute("POST", u, null).close();
  }

  /**
   * {@code PUT /connectors/<name>/pause}: the connector and its tasks stop polling records and keep
   * their resources (202 Accepted; the state follows asynchronously).
   */
  public void pause(String name) {
    execute("PUT", url("connectors", name, "pause"), null).close();
  }

  /**
   * {@code PUT /connectors/<name>/resume}: a PAUSED or STOPPED connector runs again (202 Accepted;
   * the state follows asynchronously). A FAILED instance is not restarted by it: see {@link
   * #restart}.
   */
  public void resume(String name) {
    execute("PUT", url("connectors", name, "resume"), null).close();
  }

  /**
   * {@code PUT /connectors/<name>/stop}: the connector shuts its tasks down and releases them,
   * keeping its config and offsets (204; Kafka Connect 3.5+).
   */
  public void stop(String name) {
    execute("PUT", url("connectors", name, "stop"), null).close();
  }

  /** One entry of {@code GET /connectors/<name>/tasks}: the config a task was started with. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TaskInfo(TaskId id, Map<String, String> config) {
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskId(String connector, int task) {}
  }

  /**
   * {@code GET /connectors/<name>/tasks}: each task with the config it runs (after a config change
   * the tasks are reconfigured asynchronously; this says when they have been).
   */
  public List<TaskInfo> tasks(String name) {
    return call(
        "GET", url("connectors", name, "tasks"), null, new TypeReference<List<TaskInfo>>() {});
  }

  /** {@code DELETE /connectors/<name>}; false when there was no such connector. */
  public boolean delete(String name) {
    try {
      execute("DELETE", url("connectors", name), null).close();
      return true;
    } catch (ConnectApiException e) {
      if (e.notFound()) {
        return false;
      }
      throw e;
    }
  }

  /**
   * {@code GET /connectors/<name>/topics}: the topics the connector has written to since it
   * (re)started.
   */
  public List<String> topics(String name) {
    JsonNode body = call("GET", url("connectors", name, "topics"), null, JsonNode.class);
    List<String> topics = new ArrayList<>();
    body.path(name).path("topics").forEach(t -> topics.add(t.asText()));
    return topics;
  }

  /** {@code GET /connectors}: connector names. */
  public List<String> list() {
    return call("GET", url("connectors"), null, new TypeReference<List<String>>() {});
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      b.addPathSegment(s); // encodes '/', '?' and the like inside a connector name
    }
    return b.build();
  }

  private <T> T call(String method, HttpUrl url, Object body, Class<T> type) {
    return read(method, url, body, raw -> JSON.readValue(raw, type));
  }

  private <T> T call(String method, HttpUrl url, Object body, TypeReference<T> type) {
    return read(method, url, body, raw -> JSON.readValue(raw, type));
  }

  private interface Parser<T> {
    T parse(String raw) throws JsonProcessingException;
  }

  private <T> T read(String method, HttpUrl url, Object body, Parser<T> parser) {
    try (Response res = execute(method, url, body)) {
      try {
        return parser.parse(res.body().string());
      } catch (IOException e) {
        throw new ConnectApiException(
            method, pathOf(url), res.code(), "unreadable answer: " + e.getMessage(), e);
      }
    }
  }

  /** Sends the request; answers other than 2xx become {@link ConnectApiException}. */
  private Response execute(String method, HttpUrl url, Object body) {
    String path = pathOf(url);
    RequestBody payload = null;
    if (body != null) {
      try {
        payload = RequestBody.create(JSON.writeValueAsString(body), JSON_TYPE);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot encode the body of " + method + " " + path, e);
      }
    } else if (!method.equals("GET") && !method.equals("DELETE")) {
      payload = RequestBody.create(new byte[0], null);
    }
    Request req =
        new Request.Builder()
            .url(url)
            .method(method, payload)
            .header("Accept", "application/json")
            .build();
    Response res;
    try {
      res = http.newCall(req).execute();
    } catch (IOException e) {
      throw new ConnectApiException(
          method, path, 0, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    if (res.isSuccessful()) {
      return res;
    }
    try (res) {
      throw new ConnectApiException(method, path, res.code(), errorMessage(res), null);
    }
  }

  private static String pathOf(HttpUrl url) {
    return url.encodedQuery() == null
        ? url.encodedPath()
        : url.encodedPath() + "?" + url.encodedQuery();
  }

  /**
   * Connect answers errors as {@code {"error_code": 404, "message": "..."}}; anything else is shown
   * raw.
   */
  private static String errorMessage(Response res) {
    String raw;
    try {
      raw = res.body().string();
    } catch (IOException e) {
      return res.message();
    }
    try {
      JsonNode node = JSON.readTree(raw);
      if (node != null && node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (JsonProcessingException notJson) {
      // fall through to the raw body
    }
    String text = raw.isBlank() ? res.message() : raw;
    return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text;
  }
}
