package io.cdcorchestrator.codec;

/**
 * Bad codec configuration (a missing or wrong-length key, a malformed entry): the message names the
 * variable and the rule, and never contains key material.
 */
public final class CodecConfigException extends IllegalArgumentException {
  public CodecConfigException(String message) {
    super(message);
  }
}
