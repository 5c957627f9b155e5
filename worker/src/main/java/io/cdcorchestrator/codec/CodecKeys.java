package io.cdcorchestrator.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payload keys: {@code id=base64key} entries from {@code CDC_CODEC_KEYS} (comma, space or
 * newline separated) or from the file {@code CDC_CODEC_KEY_FILE} (one per line, {@code #}
 * comments). The first entry encrypts; every entry decrypts, so a rotation puts the new key first
 * and keeps the old ones until no history needs them.
 */
public final class CodecKeys {
  public static final String KEYS_ENV = "CDC_CODEC_KEYS";
  public static final String KEY_FILE_ENV = "CDC_CODEC_KEY_FILE";

  /** AES-256. */
  public static final int KEY_BYTES = 32;

  /** Shorter than any base64 AES key, so a bare key is never mistaken for an id. */
  private static final int MAX_ID = 32;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID + "}");
  private static final String FORMAT =
      "expected id=base64key entries, the first encrypts; a key is "
          + KEY_BYTES
          + " random bytes, e.g. from: openssl rand -base64 "
          + KEY_BYTES;

  private final Map<String, SecretKey> keys;

  private CodecKeys(Map<String, SecretKey> keys) {
    this.keys = Collections.unmodifiableMap(keys);
  }

  /** The configured keys, or empty when neither variable is set (payloads stay plain). */
  public static Optional<CodecKeys> fromEnvironment(Map<String, String> env) {
    String inline = blankToNull(env.get(KEYS_ENV));
    String file = blankToNull(env.get(KEY_FILE_ENV));
    if (inline != null && file != null) {
      throw new CodecConfigException(
          KEYS_ENV + ", " + KEY_FILE_ENV + ": set one of them, not both");
    }
    if (inline != null) {
      return Optional.of(parse(KEYS_ENV, inline));
    }
    if (file != null) {
      String text;
      try {
        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CodecConfigException(
            KEY_FILE_ENV
                + ": cannot read "
                + file
                + " ("
                + e.getClass().getSimpleName()
                + "); it must be a readable file of id=base64key lines");
      }
      return Optional.of(parse(KEY_FILE_ENV + " " + file, text));
    }
    return Optional.empty();
  }

  /** Parses {@code text}; {@code source} names where it came from in error messages. */
  public static CodecKeys parse(String source, String text) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      String content = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
      for (String entry : content.trim().split("[,\\s]+")) {
        if (entry.isEmpty()) {
          continue;
        }
        int eq = entry.indexOf('=');
        // a bare base64 key ends in '=' padding: not an id followed by an empty key
        String value = entry.substring(eq + 1);
        if (eq <= 0 || value.matches("=+") || value.isEmpty() && eq > MAX_ID) {
          // never echo the entry: it may be a bare key
          throw new CodecConfigException(
              source + ": entry " + (keys.size() + 1) + " has no 'id='; " + FORMAT);
        }
        String id = entry.substring(0, eq);
        if (!ID.matcher(id).matches()) {
          throw new CodecConfigException(
              source + ": key id '" + id + "' must be 1-" + MAX_ID + " of A-Z a-z 0-9 . _ -");
        }
        if (keys.containsKey(id)) {
          throw new CodecConfigException(source + ": key id '" + id + "' appears twice");
        }
        keys.put(id, key(source, id, value));
      }
    }
    if (keys.isEmpty()) {
      throw new CodecConfigException(source + ": no key; " + FORMAT);
    }
    return new CodecKeys(keys);
  }

  private static SecretKey key(String source, String id, String base64) {
    if (base64.isEmpty()) {
      throw new CodecConfigException(source + ": key '" + id + "' is missing; " + FORMAT);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new CodecConfigException(source + ": key '" + id + "' is not valid base64; " + FORMAT);
    }
    if (bytes.length != KEY_BYTES) {
      throw new CodecConfigException(
          source
              + ": key '"
              + id
              + "' is "
              + bytes.length
              + " bytes; it must be "
              + KEY_BYTES
              + " (AES-256), base64-encoded");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  /** The id of the key that encrypts (the first). */
  public String encryptingKeyId() {
    return keys.keySet().iterator().next();
  }

  /** The key with {@code id}, if configured. */
  public Optional<SecretKey> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** Every configured id, the encrypting one first. */
  public Set<String> ids() {
    return keys.keySet();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
