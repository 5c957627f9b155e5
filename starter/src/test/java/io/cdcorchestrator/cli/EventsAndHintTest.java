package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The shapes users read: an event line of cdc events, the psql hint of cdc demo. */
class EventsAndHintTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDebeziumEnvelopeBecomesItsPayload() throws Exception {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "demo.public.inventory",
            0,
            7L,
            utf8("{\"schema\":{\"type\":\"struct\"},\"payload\":{\"id\":\"a1\"}}"),
            utf8(
                "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"op\":\"c\",\"after\":{\"id\":\"a1\",\"sku\":\"SKU-1\"}}}"));
    JsonNode line = Json.MAPPER.readTree(Json.line(EventsCommand.event(record)));
    assertEquals("demo.public.inventory", line.get("topic").asText());
    assertEquals(7, line.get("offset").asLong());
    assertEquals("a1", line.get("key").get("id").asText());
    assertEquals("c", line.get("value").get("op").asText());
    assertEquals("SKU-1", line.get("value").get("after").get("sku").asText());
  }

  @Test
  void plainJsonTextAndTombstones() {
    assertEquals("{\"op\":\"d\"}", EventsCommand.payload(utf8("{\"op\":\"d\"}")).toString());
    assertEquals("not json", EventsCommand.payload(utf8("not json")).asText());
    assertTrue(EventsCommand.payload(null).isNull());
  }

  @Test
  void theDemoHintUsesTheJdbcUrlsHostPortAndDatabase() {
    Optional<String> hint =
        DemoCommand.hint(Map.of("jdbcUrl", "jdbc:postgresql://127.0.0.1:54321/inventory"));
    assertTrue(hint.isPresent());
    assertTrue(
        hint.get()
            .startsWith(
                "try it: psql -h 127.0.0.1 -p 54321 -U postgres -d inventory -c \"insert into inventory"),
        hint.get());
    assertTrue(hint.get().contains("./cdc events demo"), hint.get());
    assertEquals(1, hint.get().lines().count());
    assertTrue(DemoCommand.hint(Map.of()).isEmpty());
  }
}
