package io.cdcorchestrator.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data converter every client and worker of this project uses (through TemporalConnection), so
 * worker, starter and demo agree on what history holds.
 */
public final class PayloadEncryption {
  private PayloadEncryption() {}

  /** From {@code CDC_CODEC_KEYS} / {@code CDC_CODEC_KEY_FILE} in {@code env}. */
  public static DataConverter dataConverter(Map<String, String> env) {
    return dataConverter(CodecKeys.fromEnvironment(env));
  }

  /**
   * With keys: every payload encrypted, failure messages and stack traces too ({@code
   * encodeFailureAttributes}). Without: payloads and failures exactly as before, and an encrypted
   * payload read back fails with a message naming the missing variable.
   */
  public static DataConverter dataConverter(Optional<CodecKeys> keys) {
    return keys.<DataConverter>map(
            k ->
                new CodecDataConverter(
                    DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmCodec(k)), true))
        .orElseGet(
            () ->
                new CodecDataConverter(
                    DefaultDataConverter.newDefaultInstance(),
                    List.of(AesGcmCodec.decryptGuard()),
                    false));
  }
}
