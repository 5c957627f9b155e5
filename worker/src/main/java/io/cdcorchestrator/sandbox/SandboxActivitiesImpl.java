package io.cdcorchestrator.sandbox;

import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;
import java.nio.file.Path;

/** Placeholder so the skeleton compiles; replaced by the embedded stack in the next commits. */
public class SandboxActivitiesImpl implements SandboxActivities, AutoCloseable {
  private final Path root;

  public SandboxActivitiesImpl(Path root) {
    this.root = root;
  }

  private static RuntimeException pending() {
    return new IllegalStateException("sandbox target not built yet");
  }

  @Override public ResourceRecord createWorkDirectory(String pipeline) { throw pending(); }
  @Override public void deleteWorkDirectory(String pipeline) { throw pending(); }
  @Override public ResourceRecord createPostgres(String pipeline) { throw pending(); }
  @Override public Readiness awaitPostgres(String pipeline) { throw pending(); }
  @Override public void deletePostgres(String pipeline) { throw pending(); }
  @Override public ResourceRecord createKafka(String pipeline) { throw pending(); }
  @Override public Readiness awaitKafka(String pipeline) { throw pending(); }
  @Override public void deleteKafka(String pipeline) { throw pending(); }
  @Override public ResourceRecord createConnect(String pipeline, String kafkaBootstrap) { throw pending(); }
  @Override public Readiness awaitConnect(String pipeline) { throw pending(); }
  @Override public void deleteConnect(String pipeline) { throw pending(); }
  @Override public void close() {}
}
