package io.cdcorchestrator.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys from env or file, rotation, and every way a key or payload can be wrong. */
class AesGcmCodecTest {
  private static final String K1 = key(1);
  private static final String K2 = key(2);
  private static final Payload PLAIN =
      Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
          .setData(ByteString.copyFromUtf8("{\"name\":\"demo\"}"))
          .build();

  @Test
  void encryptsWithTheFirstKey_andHidesEvenTheEncoding() {
    Payload sealed = codec("k1=" + K1).encode(List.of(PLAIN)).get(0);
    assertTrue(AesGcmCodec.isEncrypted(sealed));
    assertEquals("k1", sealed.getMetadataOrThrow(AesGcmCodec.METADATA_KEY_ID).toStringUtf8());
    assertFalse(sealed.getData().toStringUtf8().contains("demo"));
    assertFalse(sealed.getData().toStringUtf8().contains("json/plain"));
    assertEquals(List.of(PLAIN), codec("k1=" + K1).decode(List.of(sealed)));
  }

  @Test
  void sameInputTwice_differentCiphertext() {
    AesGcmCodec c = codec("k1=" + K1);
    assertNotEquals(
        c.encode(List.of(PLAIN)).get(0).getData(), c.encode(List.of(PLAIN)).get(0).getData());
  }

  @Test
  void rotation_newKeyEncrypts_oldKeyStillDecrypts() {
    Payload old = codec("k1=" + K1).encode(List.of(PLAIN)).get(0);
    AesGcmCodec rotated = codec("k2=" + K2 + ",k1=" + K1);
    Payload fresh = rotated.encode(List.of(PLAIN)).get(0);
    assertEquals("k2", fresh.getMetadataOrThrow(AesGcmCodec.METADATA_KEY_ID).toStringUtf8());
    assertEquals(List.of(PLAIN, PLAIN), rotated.decode(List.of(old, fresh)));
  }

  @Test
  void unknownKeyId_namesItAndWhatIsConfigured() {
    Payload old = codec("k1=" + K1).encode(List.of(PLAIN)).get(0);
    PayloadCodecException e =
        assertThrows(PayloadCodecException.class, () -> codec("k2=" + K2).decode(List.of(old)));
    assertEquals(
        "payload is encrypted with key id 'k1', which is not configured (have: k2); keep old keys in "
            + "CDC_CODEC_KEYS / CDC_CODEC_KEY_FILE after a rotation",
        e.getMessage());
  }

  @Test
  void aDifferentKeyUnderTheSameId_orAlteredBytes_doNotDecrypt() {
    Payload sealed = codec("k1=" + K1).encode(List.of(PLAIN)).get(0);
    PayloadCodecException wrongKey =
        assertThrows(PayloadCodecException.class, () -> codec("k1=" + K2).decode(List.of(sealed)));
    assertTrue(
        wrongKey.getMessage().startsWith("payload with key id 'k1' does not decrypt"),
        wrongKey.getMessage());

    byte[] bytes = sealed.getData().toByteArray();
    bytes[bytes.length - 1] ^= 1;
    Payload altered = sealed.toBuilder().setData(ByteString.copyFrom(bytes)).build();
    assertThrows(PayloadCodecException.class, () -> codec("k1=" + K1).decode(List.of(altered)));

    // the key id is bound to the ciphertext: relabelling a payload does not work either
    Payload relabelled =
        sealed.toBuilder()
            .putMetadata(AesGcmCodec.METADATA_KEY_ID, ByteString.copyFromUtf8("k2"))
            .build();
    assertThrows(PayloadCodecException.class, () -> codec("k2=" + K1).decode(List.of(relabelled)));
  }

  @Test
  void noKeysConfigured_plainPassesThrough_encryptedFailsNamingTheVariables() {
    AesGcmCodec guard = AesGcmCodec.decryptGuard();
    assertEquals(List.of(PLAIN), guard.encode(List.of(PLAIN)));
    assertEquals(List.of(PLAIN), guard.decode(List.of(PLAIN)));
    Payload sealed = codec("k1=" + K1).encode(List.of(PLAIN)).get(0);
    PayloadCodecException e =
        assertThrows(PayloadCodecException.class, () -> guard.decode(List.of(sealed)));
    assertEquals(
        "payload is encrypted (key id 'k1') and no codec key is configured: set CDC_CODEC_KEYS or "
            + "CDC_CODEC_KEY_FILE",
        e.getMessage());
  }

  @Test
  void keysFromEnv_separatedByCommasOrSpaces_fromFileWithComments(@TempDir Path dir)
      throws Exception {
    assertEquals(Optional.empty(), CodecKeys.fromEnvironment(Map.of()));
    assertEquals(
        List.of("a", "b"),
        List.copyOf(
            CodecKeys.fromEnvironment(Map.of("CDC_CODEC_KEYS", "a=" + K1 + ", b=" + K2))
                .orElseThrow()
                .ids()));
    Path file = dir.resolve("keys");
    Files.writeString(
        file, "# rotated 2026-11\nnew=" + K2 + "\nold=" + K1 + "  # until old runs are gone\n");
    CodecKeys fromFile =
        CodecKeys.fromEnvironment(Map.of("CDC_CODEC_KEY_FILE", file.toString())).orElseThrow();
    assertEquals("new", fromFile.encryptingKeyId());
    assertArrayEquals(
        Base64.getDecoder().decode(K1), fromFile.key("old").orElseThrow().getEncoded());
  }

  @Test
  void badKeys_oneLineNamingTheVariableAndTheRule_neverTheKey(@TempDir Path dir) {
    String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
    assertBad(
        "CDC_CODEC_KEYS: key 'k1' is 16 bytes; it must be 32 (AES-256), base64-encoded",
        Map.of("CDC_CODEC_KEYS", "k1=" + sixteen));
    assertBad(
        "CDC_CODEC_KEYS: key 'k1' is missing; expected id=base64key entries",
        Map.of("CDC_CODEC_KEYS", "k1="));
    assertBad(
        "CDC_CODEC_KEYS: key 'k1' is not valid base64", Map.of("CDC_CODEC_KEYS", "k1=not*base64"));
    assertBad("CDC_CODEC_KEYS: entry 1 has no 'id='", Map.of("CDC_CODEC_KEYS", K1));
    assertBad(
        "CDC_CODEC_KEYS: entry 2 has no 'id='",
        Map.of("CDC_CODEC_KEYS", "k1=" + K1 + "," + sixteen));
    assertBad(
        "CDC_CODEC_KEYS: key id 'k1' appears twice",
        Map.of("CDC_CODEC_KEYS", "k1=" + K1 + ",k1=" + K2));
    assertBad("CDC_CODEC_KEYS: key id 'k/1' must be", Map.of("CDC_CODEC_KEYS", "k/1=" + K1));
    assertBad(
        "CDC_CODEC_KEYS, CDC_CODEC_KEY_FILE: set one of them, not both",
        Map.of("CDC_CODEC_KEYS", "k1=" + K1, "CDC_CODEC_KEY_FILE", "/x"));
    Path missing = dir.resolve("nope");
    assertBad(
        "CDC_CODEC_KEY_FILE: cannot read " + missing + " (NoSuchFileException)",
        Map.of("CDC_CODEC_KEY_FILE", missing.toString()));
  }

  @Test
  void anEmptyKeyFile_isMissingKeys(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# nothing yet\n");
    assertBad(
        "CDC_CODEC_KEY_FILE " + file + ": no key; expected id=base64key entries",
        Map.of("CDC_CODEC_KEY_FILE", file.toString()));
  }

  private static void assertBad(String expectedStart, Map<String, String> env) {
    CodecConfigException e =
        assertThrows(CodecConfigException.class, () -> CodecKeys.fromEnvironment(env));
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    for (String secret : List.of(K1, K2, Base64.getEncoder().encodeToString(new byte[16]))) {
      assertFalse(
          e.getMessage().contains(secret.replace("=", "")), "key material in: " + e.getMessage());
    }
    assertFalse(e.getMessage().contains("\n"));
  }

  private static AesGcmCodec codec(String keys) {
    return new AesGcmCodec(CodecKeys.parse("test", keys));
  }

  private static String key(int seed) {
    byte[] k = new byte[CodecKeys.KEY_BYTES];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed * 17 + i);
    }
    return Base64.getEncoder().encodeToString(k);
  }
}
