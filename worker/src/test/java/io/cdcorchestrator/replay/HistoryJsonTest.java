package io.cdcorchestrator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.temporal.api.history.v1.History;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link HistoryJson} reads what {@code JsonFormat.parser().ignoringUnknownFields()} reads, into
 * the same History, and gives up on what it does not handle (the caller then asks the SDK).
 */
class HistoryJsonTest {
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  @Test
  void everyCommittedHistory_readsAsJsonFormatReadsIt() throws Exception {
    for (Path f : HistoryReplay.filesIn(HISTORIES)) {
      String json = Files.readString(f);
      assertEquals(jsonFormat(json), read(json), f.toString());
    }
  }

  @Test
  void
      protobufsJsonForms_numbersAsStringsOrNumbers_base64EitherAlphabet_nonAscii_timesAndDurations()
          throws Exception {
    String json =
        """
        {"events": [{
          "eventId": 7,
          "eventTime": "2026-11-23T22:23:18Z",
          "eventType": "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED",
          "taskId": "1048587",
          "unknownField": {"nested": [1, {"deep": true}]},
          "activity_task_scheduled_event_attributes": {
            "activityId": "a – ü, non-ASCII",
            "activityType": {"name": "SandboxCreateKafka"},
            "input": {"payloads": [
              {"metadata": {"encoding": "anNvbi9wbGFpbg=="}, "data": "-_8"},
              {"metadata": {"encoding": "anNvbi9wbGFpbg"}, "data": null}
            ]},
            "header": {"fields": {}},
            "scheduleToCloseTimeout": "1.5s",
            "startToCloseTimeout": "0.000000001s",
            "heartbeatTimeout": "-2s",
            "retryPolicy": {"maximumAttempts": "3", "backoffCoefficient": 2,
                            "initialInterval": "1s", "nonRetryableErrorTypes": ["X", "Y"]},
            "workflowTaskCompletedEventId": "6"
          }
        }, {
          "eventId": "8",
          "eventTime": "2026-11-23T22:23:18.5+01:00",
          "eventType": 10,
          "workerMayIgnore": false,
          "timerStartedEventAttributes": {"timerId": "t", "startToFireTimeout": "60s"}
        }, {
          "eventId": "9",
          "eventTime": "1970-01-01T00:00:00.123456789Z",
          "eventType": "EVENT_TYPE_WORKFLOW_TASK_SCHEDULED"
        }]}
        """;
    History expected = jsonFormat(json);
    assertEquals(expected, read(json));
    assertEquals(
        Timestamps.parse("2026-11-23T21:23:18.500Z"), expected.getEvents(1).getEventTime());
  }

  @Test
  void whatItDoesNotHandle_isLeftToTheSdk() {
    for (String json :
        new String[] {
          "{\"events\": [{\"eventId\": \"1\", \"eventType\": \"WorkflowExecutionStarted\"}]}",
          "this is not json",
          "",
          "   ",
          "{\"events\": [ {\"eventId\": ",
          "{\"events\": [null]}",
          "{\"events\": []} trailing",
          "[]"
        }) {
      assertThrows(HistoryJson.Unsupported.class, () -> read(json), json);
    }
  }

  @Test
  void timestamps_inTheFormTheToolsWrite_areReadByHand_asProtobufReadsThem() throws Exception {
    for (String t :
        new String[] {
          "2026-11-23T22:23:18Z",
          "2026-11-23T22:23:18.6Z",
          "2026-11-23T22:23:18.668467072Z",
          "2024-02-29T23:59:59.000000001Z",
          "1969-12-31T23:59:59.999Z",
          "0001-01-01T00:00:00Z",
          "2026-11-23T22:23:18-05:30"
        }) {
      assertEquals(Timestamps.parse(t), HistoryJson.timestamp(t), t);
    }
    assertThrows(HistoryJson.Unsupported.class, () -> HistoryJson.timestamp("2026-02-30T00:00Z"));
  }

  private static History read(String json) throws HistoryJson.Unsupported {
    return HistoryJson.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static History jsonFormat(String json) throws InvalidProtocolBufferException {
    History.Builder history = History.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(json, history);
    return history.build();
  }
}
