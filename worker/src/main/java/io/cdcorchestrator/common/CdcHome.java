package io.cdcorchestrator.common;

import java.nio.file.Path;

/** Where the tool keeps local state: {@code $CDC_HOME}, else {@code ~/.cdc}. */
public final class CdcHome {
  private CdcHome() {}

  public static Path dir() {
    String env = System.getenv("CDC_HOME");
    String prop = System.getProperty("cdc.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cdc");
  }

  /** Root of the sandbox work directories, one per pipeline. */
  public static Path sandboxRoot() {
    return dir().resolve("sandbox");
  }
}
