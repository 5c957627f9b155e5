package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.cdcorchestrator.codec.AesGcmCodec;
import io.cdcorchestrator.codec.CodecKeys;
import io.cdcorchestrator.codec.CodecServer;
import io.cdcorchestrator.codec.PayloadEncryption;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Target;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline workflow on the test server with the project's data converter: with codec keys no
 * payload and no failure message in history is readable, the client still reads everything, and the
 * codec server decodes what the worker wrote. Without keys the same run leaves the plaintext there
 * (which shows the search below can find it).
 */
class EncryptedPayloadsTest {
  private static final String PIPELINE = "secret-shop";
  private static final String FAILING_STEP = "registerConnector";

  /** Only ever in payloads or failure messages, never in ids, types or search attributes. */
  private static final List<String> PLAINTEXTS =
      List.of(
          "injected permanent failure",
          "inventory-connector",
          "127.0.0.1:54321",
          "/tmp/cdc/" + PIPELINE);

  private static final String UI_ORIGIN = "http://localhost:8233";

  private final CodecKeys keys = CodecKeys.parse("test keys", "k2=" + key(2) + ",k1=" + key(1));
  private final HttpClient http = HttpClient.newHttpClient();
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void withTheCodec_historyHoldsNoPlaintext_andTheClientStillReadsIt() throws Exception {
    WorkflowExecutionHistory history = runFailingPipeline(Optional.of(keys));

    List<Payload> payloads = payloadsOf(history, false);
    assertTrue(payloads.size() > 20, "payloads found: " + payloads.size());
    for (Payload p : payloads) {
      assertTrue(AesGcmCodec.isEncrypted(p), "plain payload in history: " + p);
      assertEquals("k2", p.getMetadataOrThrow(AesGcmCodec.METADATA_KEY_ID).toStringUtf8());
    }
    String readable = readableText(history);
    for (String plaintext : PLAINTEXTS) {
      assertFalse(readable.contains(plaintext), "'" + plaintext + "' readable in history");
    }
    assertFalse(payloadText(payloads).contains(PIPELINE), "the pipeline name in a payload");
  }

  @Test
  void withoutTheCodec_theSameSearchFindsThePlaintext() throws Exception {
    WorkflowExecutionHistory history = runFailingPipeline(Optional.empty());

    String readable = readableText(history);
    for (String plaintext : PLAINTEXTS) {
      assertTrue(readable.contains(plaintext), "'" + plaintext + "' not found in a plain history");
    }
    assertFalse(payloadsOf(history).stream().anyMatch(AesGcmCodec::isEncrypted));
  }

  @Test
  void theCodecServerDecodesWhatTheWorkerWrote() throws Exception {
    WorkflowExecutionHistory history = runFailingPipeline(Optional.of(keys));
    Payload started =
        history.getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
            .findFirst()
            .orElseThrow()
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0);
    Payload failure =
        history.getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)
            .findFirst()
            .orElseThrow()
            .getWorkflowExecutionFailedEventAttributes()
            .getFailure()
            .getCause()
            .getEncodedAttributes(); // ActivityFailure ← ApplicationFailure: the injected message

    try (CodecServer server =
        CodecServer.start(
            new InetSocketAddress("127.0.0.1", 0), new AesGcmCodec(keys), Set.of(UI_ORIGIN))) {
      HttpResponse<String> r = post(server, "/decode", List.of(started, failure));
      assertEquals(200, r.statusCode(), r.body());
      List<Payload> decoded = parse(r.body());
      assertEquals("json/plain", decoded.get(0).getMetadataOrThrow("encoding").toStringUtf8());
      assertTrue(
          decoded.get(0).getData().toStringUtf8().contains("\"" + PIPELINE + "\""),
          decoded.get(0).toString());
      assertTrue(
          decoded.get(1).getData().toStringUtf8().contains("injected permanent failure"),
          decoded.get(1).toString());

      // and /encode writes what the worker can read
      Payload plain =
          Payload.newBuilder()
              .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
              .setData(ByteString.copyFromUtf8("\"hello\""))
              .build();
      List<Payload> encoded = parse(post(server, "/encode", List.of(plain)).body());
      assertTrue(AesGcmCodec.isEncrypted(encoded.get(0)));
      assertEquals(List.of(plain), new AesGcmCodec(keys).decode(encoded));
    }

    // a server holding only the old key names the one it lacks
    CodecKeys oldOnly = CodecKeys.parse("old", "k1=" + key(1));
    try (CodecServer server =
        CodecServer.start(
            new InetSocketAddress("127.0.0.1", 0), new AesGcmCodec(oldOnly), Set.of(UI_ORIGIN))) {
      HttpResponse<String> r = post(server, "/decode", List.of(started));
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("key id 'k2', which is not configured"), r.body());
    }
  }

  /**
   * Starts the pipeline, fails it at {@link #FAILING_STEP} (compensation runs), returns its
   * history.
   */
  private WorkflowExecutionHistory runFailingPipeline(Optional<CodecKeys> codecKeys)
      throws Exception {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(PayloadEncryption.dataConverter(codecKeys))
                        .build())
                .build());
    for (String attribute : List.of("CdcPipeline", "CdcTarget", "CdcPhase")) {
      env.registerSearchAttribute(attribute, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    ScriptedActivities acts = new ScriptedActivities().failing(FAILING_STEP);
    Worker worker = env.newWorker(TaskQueues.CONTROL);
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    worker.registerActivitiesImplementations(acts.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    env.start();
    String workflowId = PipelineNames.workflowId(PIPELINE);
    PipelineWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(TaskQueues.CONTROL)
                    .build());
    WorkflowClient.start(wf::run, PipelineSpec.of(PIPELINE, Target.SANDBOX), null);

    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class));
    // the client decodes what history hides
    ApplicationFailure cause =
        assertInstanceOf(
            ApplicationFailure.class,
            assertInstanceOf(ActivityFailure.class, e.getCause()).getCause());
    assertEquals("injected permanent failure in " + FAILING_STEP, cause.getOriginalMessage());
    assertTrue(wf.status().error().contains("injected permanent failure"), wf.status().error());
    assertTrue(acts.calls().contains("deleteWorkDirectory"), "compensated: " + acts.calls());
    return env.getWorkflowClient().fetchHistory(workflowId);
  }

  /** Every payload in history, search attributes aside (never encrypted, by Temporal's design). */
  private static List<Payload> payloadsOf(WorkflowExecutionHistory history) {
    return payloadsOf(history, true);
  }

  /**
   * @param versionMarkers whether the payloads of {@code Workflow.getVersion}'s markers count: the
   *     SDK writes them (a change id and a version number, nothing of the pipeline) with its
   *     standard converter, never through the codec
   */
  private static List<Payload> payloadsOf(
      WorkflowExecutionHistory history, boolean versionMarkers) {
    List<Payload> found = new ArrayList<>();
    for (HistoryEvent event : history.getEvents()) {
      if (!versionMarkers
          && event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
          && event.getMarkerRecordedEventAttributes().getMarkerName().equals("Version")) {
        continue;
      }
      collect(event, found);
    }
    return found;
  }

  private static void collect(Message message, List<Payload> found) {
    if (message instanceof Payload p) {
      found.add(p);
      return;
    }
    if (message instanceof SearchAttributes) {
      return;
    }
    message
        .getAllFields()
        .forEach(
            (field, value) -> {
              if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                return;
              }
              if (field.isRepeated()) {
                for (Object v : (List<?>) value) {
                  collect((Message) v, found);
                }
              } else {
                collect((Message) value, found);
              }
            });
  }

  /**
   * What a reader of the history sees: its JSON (failure messages, ids) plus the payloads' raw
   * bytes.
   */
  private static String readableText(WorkflowExecutionHistory history) {
    return history.toJson(true) + "\n" + payloadText(payloadsOf(history));
  }

  private static String payloadText(List<Payload> payloads) {
    StringBuilder text = new StringBuilder();
    for (Payload p : payloads) {
      text.append(p.getData().toString(StandardCharsets.UTF_8)).append('\n');
    }
    return text.toString();
  }

  private HttpResponse<String> post(CodecServer server, String path, List<Payload> payloads)
      throws Exception {
    String body = JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(payloads));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .header("X-Namespace", "default")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<Payload> parse(String json) throws Exception {
    Payloads.Builder b = Payloads.newBuilder();
    JsonFormat.parser().merge(json, b);
    return b.getPayloadsList();
  }

  /** A fixed 32-byte test key per id (test data, not a secret). */
  static String key(int seed) {
    byte[] k = new byte[CodecKeys.KEY_BYTES];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed * 31 + i);
    }
    return Base64.getEncoder().encodeToString(k);
  }
}
