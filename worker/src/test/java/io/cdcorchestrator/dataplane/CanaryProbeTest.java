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
}
