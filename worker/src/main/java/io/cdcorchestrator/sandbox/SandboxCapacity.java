package io.cdcorchestrator.sandbox;

import java.io.IOException;

/**
 * How many sandbox pipelines one worker JVM runs at once. Each pipeline has its own Kafka broker
 * and Kafka Connect worker in this heap (isolation: one pipeline's Kafka trouble is not another's,
 * and each comes back from its own directories after a crash); PostgreSQL runs outside it. With
 * Kafka sized for one pipeline (docs/RELIABILITY.md has the figures) a pipeline needs about {@link
 * #HEAP_PER_PIPELINE_MB} MB of heap on top of the worker's own {@link #BASE_HEAP_MB} MB; past that
 * the next one is refused with the numbers, instead of an OutOfMemoryError in a broker that takes
 * the others down with it.
 */
public final class SandboxCapacity {
  static final int BASE_HEAP_MB = 60;
  static final int HEAP_PER_PIPELINE_MB = 40;

  private final int max;
  private final String why;

  private SandboxCapacity(int max, String why) {
    this.max = max;
    this.why = why;
  }

  /** The refusal, with what to do about it. */
  public static final class Full extends IOException {
    Full(String message) {
      super(message);
    }
  }

  /** From this JVM's maximum heap, or {@code CDC_SANDBOX_MAX_PIPELINES} when set. */
  public static SandboxCapacity ofThisJvm() {
    String set = System.getenv("CDC_SANDBOX_MAX_PIPELINES");
    if (set != null && !set.isBlank()) {
      return fixed(Integer.parseInt(set.trim()));
    }
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    int max = (int) Math.max(1, (heapMb - BASE_HEAP_MB) / HEAP_PER_PIPELINE_MB);
    return new SandboxCapacity(
        max,
        "its heap ("
            + heapMb
            + " MB) holds "
            + max
            + " at about "
            + HEAP_PER_PIPELINE_MB
            + " MB each; raise -Xmx in CDC_JAVA_OPTS, tear a pipeline down, or run them on"
            + " another host's worker");
  }

  /** A fixed limit (CDC_SANDBOX_MAX_PIPELINES, tests). */
  public static SandboxCapacity fixed(int max) {
    return new SandboxCapacity(
        max, "CDC_SANDBOX_MAX_PIPELINES is " + max + "; tear a pipeline down or raise it");
  }

  public int max() {
    return max;
  }

  void admit(String pipeline, int running) throws Full {
    if (running >= max) {
      throw new Full(
          "sandbox pipeline "
              + pipeline
              + " refused: this worker already runs "
              + running
              + " sandbox pipelines; "
              + why);
    }
  }
}
