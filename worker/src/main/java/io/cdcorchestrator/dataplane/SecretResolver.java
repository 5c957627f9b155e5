package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.pipeline.SecretRef;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Turns a {@link SecretRef} into the secret, at run time, in the data-plane worker only. The value is
 * never logged and never put into an exception message; messages name the reference.
 */
public final class SecretResolver {
  private SecretResolver() {}

  /** The reference cannot be resolved; the message names the reference, never a value. */
  public static class UnresolvableSecret extends RuntimeException {
    UnresolvableSecret(String message) {
      super(message);
    }
  }

  /** The secret, or null for {@code none} (no password: trust authentication). */
  public static String resolve(SecretRef ref) {
    if (ref == null || ref.isNone()) {
      return null;
    }
    String uri = ref.uri();
    int keyAt = uri.lastIndexOf(':');
    if (!uri.startsWith("file:") || keyAt <= "file:".length()) {
      throw new UnresolvableSecret("unsupported secret reference '" + uri + "' (expected none or file:<path>:<key>)");
    }
    Path file = Path.of(uri.substring("file:".length(), keyAt));
    String key = uri.substring(keyAt + 1);
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(r);
    } catch (IOException e) {
      throw new UnresolvableSecret("cannot read secret file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    String value = props.getProperty(key);
    if (value == null || value.isEmpty()) {
      throw new UnresolvableSecret("secret file " + file + " has no key '" + key + "'");
    }
    return value;
  }
}
