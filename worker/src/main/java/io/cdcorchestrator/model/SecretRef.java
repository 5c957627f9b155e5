package io.cdcorchestrator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A reference to a secret, never the secret itself: this is what travels through workflow history.
 *
 * <p>{@code file:<path>:<key>} names a key of a Java properties file (the syntax of Kafka Connect's
 * FileConfigProvider, so the same reference can be handed to Connect as {@code
 * ${file:<path>:<key>}}); {@code none} means no password (trust authentication on a local sandbox).
 */
public record SecretRef(String uri) {
  public static final SecretRef NONE = new SecretRef("none");

  public static SecretRef file(String path, String key) {
    return new SecretRef("file:" + path + ":" + key);
  }

  @JsonIgnore // derived: as a "none" property it would not deserialize (the record knows only
  // "uri")
  public boolean isNone() {
    return "none".equals(uri);
  }

  /** The Kafka Connect config-provider placeholder that resolves to this secret inside Connect. */
  public String connectPlaceholder() {
    if (!uri.startsWith("file:")) {
      throw new IllegalStateException(
          "no Kafka Connect config provider for secret reference " + uri);
    }
    return "${" + uri + "}";
  }

  @Override
  public String toString() {
    return uri;
  }
}
