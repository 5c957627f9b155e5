package io.cdcorchestrator.dataplane;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The canary's event is recognised in both JSON shapes a Connect worker may be configured to write.
 */
class CanaryProbeTest {
  private static final String SKU = "cdc-canary-1";

  @Test
  void schemalessCreateOfTheCanaryMatches() {
    assertTrue(
        CanaryProbe.isCreateOf(
            "{\"before\":null,\"after\":{\"id\":\"x\",\"sku\":\"" + SKU + "\"},\"op\":\"c\"}",
            SKU));
  }

  @Test
  void envelopedCreateOfTheCanaryMatches() {
    assertTrue(
        CanaryProbe.isCreateOf(
            "{\"schema\":{\"type\":\"struct\"},\"payload\":"
                + "{\"before\":null,\"after\":{\"id\":\"x\",\"sku\":\""
                + SKU
                + "\"},\"op\":\"c\"}}",
            SKU));
  }

  @Test
  void otherOperationsRowsTombstonesAndGarbageDoNot() {
    assertFalse(CanaryProbe.isCreateOf("{\"after\":{\"sku\":\"" + SKU + "\"},\"op\":\"u\"}", SKU));
    assertFalse(
        CanaryProbe.isCreateOf(
            "{\"after\":{\"sku\":\"other\",\"name\":\"" + SKU + "\"},\"op\":\"c\"}", SKU));
    assertFalse(CanaryProbe.isCreateOf("{\"after\":{\"sku\":\"" + SKU + "\"},\"op\":\"r\"}", SKU));
    assertFalse(CanaryProbe.isCreateOf(null, SKU));
    assertFalse(CanaryProbe.isCreateOf("not json " + SKU, SKU));
  }

  @Test
  void onAnAdoptedDatabase_theCanaryIsTheHeartbeatRowOfItsOwnId() {
    assertTrue(
        CanaryProbe.isCreateOfId(
            "{\"after\":{\"id\":-1234567,\"beat_at\":\"2026-01-01T00:00:00Z\"},\"op\":\"c\"}",
            "-1234567"));
    // Debezium's own heartbeat (id 1), an update of the canary, another canary
    assertFalse(CanaryProbe.isCreateOfId("{\"after\":{\"id\":1},\"op\":\"c\"}", "-1234567"));
    assertFalse(CanaryProbe.isCreateOfId("{\"after\":{\"id\":-1234567},\"op\":\"u\"}", "-1234567"));
    assertFalse(
        CanaryProbe.isCreateOfId("{\"after\":{\"id\":-12345678},\"op\":\"c\"}", "-1234567"));
  }
}
