package io.cdcorchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What an operator does to Kafka Connect behind the workflow's back, over its REST API with plain
 * java.net.http: change one config key, restart the tasks.
 */
final class ConnectRest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectRest() {}

  static String get(String connectUrl, String connector, String key) throws Exception {
    return config(connectUrl, connector).path(key).asText();
  }

  /** {@code PUT /connectors/<name>/config} with one key changed. */
  static void put(String connectUrl, String connector, String key, String value) throws Exception {
    ObjectNode config = (ObjectNode) config(connectUrl, connector);
    config.put(key, value);
    send(
        HttpRequest.newBuilder(URI.create(connectUrl + "/connectors/" + connector + "/config"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
            .build());
  }

  /** {@code POST /connectors/<name>/restart?includeTasks=true}. */
  static void restartTasks(String connectUrl, String connector) throws Exception {
    send(
        HttpRequest.newBuilder(
                URI.create(connectUrl + "/connectors/" + connector + "/restart?includeTasks=true"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private static JsonNode config(String connectUrl, String connector) throws Exception {
    return JSON.readTree(
        send(
            HttpRequest.newBuilder(URI.create(connectUrl + "/connectors/" + connector + "/config"))
                .GET()
                .build()));
  }

  private static String send(HttpRequest request) throws Exception {
    HttpResponse<String> res = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() >= 300) {
      throw new IllegalStateException(
          request.method() + " " + request.uri() + " -> " + res.statusCode() + ": " + res.body());
    }
    return res.body();
  }
}
