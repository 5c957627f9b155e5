package io.cdcorchestrator.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a scripted server: paths, methods, status mapping and error shape. */
class ConnectApiTest {
  private MockWebServer server;
  private ConnectApi api;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    api = new ConnectApi(server.url("/").toString());
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void failureCarriesMethodPathStatusAndConnectsMessage() throws Exception {
    server.enqueue(
        json(
            409,
            "{\"error_code\":409,\"message\":\"Cannot complete request because of a conflicting operation (e.g. worker rebalance)\"}"));
    ConnectApiException e =
        assertThrows(
            ConnectApiException.class,
            () -> api.createOrUpdate("inventory-connector", Map.of("tasks.max", "1")));
    assertEquals("PUT", e.method());
    assertEquals("/connectors/inventory-connector/config", e.path());
    assertEquals(409, e.status());
    assertEquals(
        "Cannot complete request because of a conflicting operation (e.g. worker rebalance)",
        e.connectMessage());
    assertTrue(e.transientFailure(), "409 comes and goes with rebalances");
    assertTrue(
        e.getMessage().contains("PUT /connectors/inventory-connector/config -> 409"),
        e.getMessage());
    takeRequest();
  }

  @Test
  void nonJsonErrorBodyIsKeptRawAndClientErrorsAreNotTransient() {
    server.enqueue(new MockResponse().setResponseCode(400).setBody("<html>bad request</html>"));
    ConnectApiException e = assertThrows(ConnectApiException.class, () -> api.config("x"));
    assertEquals("GET", e.method());
    assertEquals(400, e.status());
    assertEquals("<html>bad request</html>", e.connectMessage());
    assertFalse(e.transientFailure());
  }

  @Test
  void noAnswerIsStatusZeroAndTransient() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    ConnectApiException e =
        assertThrows(
            ConnectApiException.class,
            () -> new ConnectApi("http://127.0.0.1:" + closedPort).root());
    assertEquals(0, e.status());
    assertEquals("/", e.path());
    assertTrue(e.transientFailure());
  }

  @Test
  void createOrUpdateTellsCreatedFromUpdated() throws Exception {
    server.enqueue(json(201, "{\"name\":\"c\",\"config\":{},\"tasks\":[]}"));
    server.enqueue(json(200, "{\"name\":\"c\",\"config\":{},\"tasks\":[]}"));
    assertEquals(ConnectApi.Upsert.CREATED, api.createOrUpdate("c", Map.of("tasks.max", "1")));
    assertEquals(ConnectApi.Upsert.UPDATED, api.createOrUpdate("c", Map.of("tasks.max", "1")));
    RecordedRequest put = takeRequest();
    assertEquals("PUT", put.getMethod());
    assertEquals("/connectors/c/config", put.getPath());
    assertEquals(
        Map.of("tasks.max", "1"), ConnectApi.JSON.readValue(put.getBody().readUtf8(), Map.class));
    assertTrue(put.getHeader("Content-Type").startsWith("application/json"));
  }

  @Test
  void deleteOfAnAbsentConnectorIsFalse() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(204));
    server.enqueue(json(404, "{\"error_code\":404,\"message\":\"Connector c not found\"}"));
    assertTrue(api.delete("c"));
    assertFalse(api.delete("c"));
    assertEquals("DELETE", takeRequest().getMethod());
  }

  @Test
  void restartSendsItsOptionsAsQuery() throws Exception {
    server.enqueue(
        json(202, "{\"name\":\"c\",\"connector\":{\"state\":\"RESTARTING\"},\"tasks\":[]}"));
    api.restart("c", true, true);
    RecordedRequest req = takeRequest();
    assertEquals("POST", req.getMethod());
    assertEquals("/connectors/c/restart?includeTasks=true&onlyFailed=true", req.getPath());
  }

  @Test
  void validateAddressesThePluginAndListsFieldErrors() throws Exception {
    server.enqueue(
        json(
            200,
            """
        {"name":"io.debezium.connector.postgresql.PostgresConnector","error_count":1,"groups":["Common"],
         "configs":[
          {"definition":{"name":"database.hostname"},"value":{"name":"database.hostname","value":"db",
            "recommended_values":[],"errors":["Error while validating connector config: Connection refused"],"visible":true}},
          {"definition":{"name":"tasks.max"},"value":{"name":"tasks.max","value":"1","errors":[],"visible":true}}]}
        """));
    ConnectApi.Validation v =
        api.validate("io.debezium.connector.postgresql.PostgresConnector", Map.of("name", "c"));
    assertEquals(1, v.errorCount());
    assertEquals(
        List.of("database.hostname: Error while validating connector config: Connection refused"),
        v.errors());
    RecordedRequest req = takeRequest();
    assertEquals("PUT", req.getMethod());
    assertEquals(
        "/connector-plugins/io.debezium.connector.postgresql.PostgresConnector/config/validate",
        req.getPath());
  }

  @Test
  void statusTopicsListAndPluginsAreTyped() throws Exception {
    server.enqueue(
        json(
            200,
            """
        {"name":"c","connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083"},
         "tasks":[{"id":0,"state":"FAILED","worker_id":"127.0.0.1:8083","trace":"org.apache.kafka.connect.errors.ConnectException: boom"}],
         "type":"source"}
        """));
    server.enqueue(
        json(
            200, "{\"c\":{\"topics\":[\"demo.public.inventory\",\"__debezium-heartbeat.demo\"]}}"));
    server.enqueue(json(200, "[\"c\",\"d\"]"));
    server.enqueue(
        json(
            200,
            "[{\"class\":\"io.debezium.connector.postgresql.PostgresConnector\",\"type\":\"source\",\"version\":\"3.6.1.Final\"}]"));

    ConnectorStatus status = api.status("c");
    assertEquals("RUNNING", status.connector().state());
    assertEquals("127.0.0.1:8083", status.connector().workerId());
    assertEquals(1, status.failedTasks().size());
    assertTrue(status.failedTasks().get(0).trace().contains("boom"));
    assertFalse(status.allRunning());
    assertEquals(List.of("demo.public.inventory", "__debezium-heartbeat.demo"), api.topics("c"));
    assertEquals(List.of("c", "d"), api.list());
    assertEquals("3.6.1.Final", api.connectorPlugins().get(0).version());
    assertEquals("/connectors/c/status", takeRequest().getPath());
    assertEquals("/connectors/c/topics", takeRequest().getPath());
  }

  @Test
  void connectorNamesAreOnePathSegment() throws Exception {
    server.enqueue(json(200, "{}"));
    api.config("a/b c");
    assertEquals("/connectors/a%2Fb%20c/config", takeRequest().getPath());
  }

  private RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request reached the server");
    }
    return r;
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
