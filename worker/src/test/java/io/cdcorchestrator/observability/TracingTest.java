package io.cdcorchestrator.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class TracingTest {

  @Test
  void off_setsTheGlobalOpenTelemetry_soALibrarysLookupPrintsNothingOnTheConsole() {
    Logger global = Logger.getLogger(GlobalOpenTelemetry.class.getName());
    List<LogRecord> logged = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    global.addHandler(capture);
    try (Tracing tracing = Tracing.fromEnvironment(Map.of())) {
      assertFalse(tracing.enabled(), "no OTLP endpoint: no tracing");
      assertTrue(GlobalOpenTelemetry.isSet());
      GlobalOpenTelemetry.get().getTracer("debezium").spanBuilder("x").startSpan().end();
      assertEquals(List.of(), logged.stream().map(LogRecord::getMessage).toList());
    } finally {
      global.removeHandler(capture);
    }
  }
}
