package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.TemporalConnection;
import io.cdcorchestrator.local.LocalTemporal;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with payload encryption on: a worker and the commands that share CDC_CODEC_KEYS work as
 * usual while history holds ciphertext; a command without the key, or with only another one, says
 * which key it lacks.
 */
class EncryptedCliTest {
  private static final String OLD = "k1=" + Base64.getEncoder().encodeToString(bytes(1));
  private static final String NEW = "k2=" + Base64.getEncoder().encodeToString(bytes(2));
  private static final String ENCRYPTED =
      Base64.getEncoder().encodeToString("binary/encrypted".getBytes());

  @TempDir static Path logs;
  static LocalTemporal server;
  static TemporalConnection connection;
  static WorkerFactory workers;

  @BeforeAll
  static void startServerAndEncryptingWorker() {
    server =
        LocalTemporal.start(
            LocalTemporal.Flavour.EMBEDDED, FreePort.find(), PipelineAttributes.NAMES, logs);
    connection =
        TemporalConnection.connect(
            Map.of("TEMPORAL_ADDRESS", server.address(), "CDC_CODEC_KEYS", OLD));
    workers = WorkerFactory.newInstance(connection.client());
    workers
        .newWorker(TaskQueues.CONTROL)
        .registerWorkflowImplementationTypes(FakePipelineWorkflow.class);
    workers.start();
  }

  @AfterAll
  static void stop() {
    if (workers != null) {
      workers.shutdownNow();
    }
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Cli cli(String keys) {
    Cli cli = new Cli().address(server.address());
    return keys == null ? cli : cli.env("CDC_CODEC_KEYS", keys);
  }

  @Test
  void sameKeys_commandsWork_historyIsCiphertext_rotatedKeysStillRead() throws Exception {
    Cli.Result up = cli(OLD).run("up", "sealed", "--target", "sandbox", "--follow");
    assertEquals(0, up.code(), up::toString);
    assertTrue(up.out().contains("phase READY"), up::toString);

    Cli.Result status = cli(OLD).run("status", "sealed", "--json");
    assertEquals(0, status.code(), status::toString);
    assertEquals(
        "sealed.public.inventory",
        Json.MAPPER.readTree(status.out()).get("outputs").get("changeTopic").asText());

    Cli.Result history = cli(OLD).run("history", "sealed");
    assertEquals(0, history.code(), history::toString);
    List<JsonNode> metadata = Json.MAPPER.readTree(history.out()).findValues("metadata");
    assertTrue(metadata.size() > 5, history::toString);
    for (JsonNode m : metadata) {
      // search attributes (metadata "type") are never encrypted; every other payload is
      assertTrue(
          m.has("type") || ENCRYPTED.equals(m.path("encoding").asText()), "plain payload: " + m);
    }
    assertTrue(
        metadata.stream().filter(m -> m.has("encryption-key-id")).count() > 3, history::toString);

    // after a rotation (new key first, old kept) the CLI still reads what the old key wrote
    Cli.Result rotated = cli(NEW + "," + OLD).run("status", "sealed", "--json");
    assertEquals(0, rotated.code(), rotated::toString);
    JsonNode json = Json.MAPPER.readTree(rotated.out());
    assertEquals("READY", json.get("phase").asText());
  }

  @Test
  void withoutTheKey_theCommandSaysWhichKeyIsMissing() {
    Cli.Result up = cli(OLD).run("up", "locked", "--target", "sandbox", "--follow");
    assertEquals(0, up.code(), up::toString);

    // status falls back to what the server records, and says why the query could not be read
    Cli.Result none = cli(null).run("status", "locked");
    assertEquals(0, none.code(), none::toString);
    assertEquals(
        "note: the status query failed: payload is encrypted (key id 'k1') and no codec key is configured: "
            + "set CDC_CODEC_KEYS or CDC_CODEC_KEY_FILE; showing what the server records",
        none.err().strip(),
        none::toString);

    Cli.Result other = cli(NEW).run("status", "locked");
    assertTrue(
        other
            .err()
            .startsWith(
                "note: the status query failed: payload is encrypted with key id 'k1', which is "
                    + "not configured (have: k2)"),
        other::toString);
    assertFalse(other.err().contains("\tat "), other::toString);
  }

  private static byte[] bytes(int seed) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) seed);
    return k;
  }
}
