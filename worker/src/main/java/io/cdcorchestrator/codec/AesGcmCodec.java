package io.cdcorchestrator.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over the whole serialized payload (its metadata included, so even the encoding is
 * hidden). The key id travels in the encrypted payload's metadata and is bound to the ciphertext as
 * associated data; any configured key decrypts the payloads written with its id.
 *
 * <p>Without keys ({@link #decryptGuard()}) encode passes payloads through and decode of an
 * encrypted one fails with a message that says which variable is missing, instead of "unknown
 * encoding".
 */
public final class AesGcmCodec implements PayloadCodec {
  public static final String ENCODING = "binary/encrypted";
  public static final String METADATA_ENCODING = "encoding";
  public static final String METADATA_KEY_ID = "encryption-key-id";
  public static final String METADATA_CIPHER = "encryption-cipher";
  public static final String CIPHER = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);
  private static final ByteString CIPHER_BYTES = ByteString.copyFromUtf8(CIPHER);

  private final CodecKeys keys; // null: guard only
  private final SecureRandom random = new SecureRandom();

  public AesGcmCodec(CodecKeys keys) {
    this.keys = keys;
  }

  /** No keys configured: plain payloads pass, encrypted ones fail clearly. */
  public static AesGcmCodec decryptGuard() {
    return new AesGcmCodec(null);
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    if (keys == null) {
      return payloads;
    }
    String id = keys.encryptingKeyId();
    SecretKey key = keys.key(id).orElseThrow();
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(
          Payload.newBuilder()
              .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
              .putMetadata(METADATA_CIPHER, CIPHER_BYTES)
              .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(id))
              .setData(ByteString.copyFrom(encrypt(key, id, p.toByteArray())))
              .build());
    }
    return out;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(isEncrypted(p) ? decrypt(p) : p);
    }
    return out;
  }

  /** Whether {@code p} was written by this codec. */
  public static boolean isEncrypted(Payload p) {
    return ENCODING_BYTES.equals(p.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY));
  }

  private Payload decrypt(Payload p) {
    String id = p.getMetadataOrDefault(METADATA_KEY_ID, ByteString.EMPTY).toStringUtf8();
    if (keys == null) {
      throw new PayloadCodecException(
          "payload is encrypted (key id '"
              + id
              + "') and no codec key is configured: set "
              + CodecKeys.KEYS_ENV
              + " or "
              + CodecKeys.KEY_FILE_ENV);
    }
    Optional<SecretKey> key = keys.key(id);
    if (key.isEmpty()) {
      throw new PayloadCodecException(
          "payload is encrypted with key id '"
              + id
              + "', which is not configured (have: "
              + String.join(", ", keys.ids())
              + "); keep old keys in "
              + CodecKeys.KEYS_ENV
              + " / "
              + CodecKeys.KEY_FILE_ENV
              + " after a rotation");
    }
    byte[] plain;
    try {
      plain = decrypt(key.get(), id, p.getData().toByteArray());
    } catch (AEADBadTagException e) {
      throw new PayloadCodecException(
          "payload with key id '"
              + id
              + "' does not decrypt: the configured key '"
              + id
              + "' is not the one it was written with, or the payload was altered",
          e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new PayloadCodecException(
          "payload with key id '" + id + "' is malformed: " + e.getMessage(), e);
    }
    try {
      return Payload.parseFrom(plain);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException(
          "payload with key id '" + id + "' decrypted to something that is not a payload", e);
    }
  }

  private byte[] encrypt(SecretKey key, String id, byte[] plain) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "cannot encrypt a payload with key id '" + id + "': " + e.getMessage(), e);
    }
  }

  private static byte[] decrypt(SecretKey key, String id, byte[] data)
      throws GeneralSecurityException {
    if (data.length < IV_BYTES + TAG_BITS / 8) {
      throw new GeneralSecurityException("only " + data.length + " bytes");
    }
    Cipher cipher = Cipher.getInstance(CIPHER);
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
    cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
    return cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
  }
}
