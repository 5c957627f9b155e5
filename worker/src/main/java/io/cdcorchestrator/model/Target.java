package io.cdcorchestrator.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a pipeline runs. Its lowercase id is what users type and what JSON carries. */
public enum Target {
  SANDBOX,
  AWS;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Target fromId(String id) {
    for (Target t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "target: unknown target '" + id + "' (one of " + ids() + ")");
  }

  public static String ids() {
    return Arrays.stream(values()).map(Target::id).collect(Collectors.joining(", "));
  }
}
