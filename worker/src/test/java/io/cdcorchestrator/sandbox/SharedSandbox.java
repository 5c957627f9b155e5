package io.cdcorchestrator.sandbox;

import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real sandbox stack (PostgreSQL, Kafka, Kafka Connect) per test JVM, built through the sandbox
 * activities and torn down when JUnit closes its root context, after the last test class.
 */
public final class SharedSandbox implements BeforeAllCallback {
  public static final String PIPELINE = "shared";
  public static final Path ROOT = Path.of("target", "sandbox-test").toAbsolutePath();

  private static Stack stack;

  /** What the shared stack's creates answered. */
  public record Stack(
      SandboxActivitiesImpl impl,
      TestActivityEnvironment env,
      SandboxActivities activities,
      ResourceRecord workDir,
      ResourceRecord postgres,
      ResourceRecord kafka,
      ResourceRecord connect)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      try {
        activities.deleteWorkDirectory(PIPELINE);
      } finally {
        impl.close();
        env.close();
      }
    }
  }

  public static Stack stack() {
    if (stack == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(SharedSandbox.class)");
    }
    return stack;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (SharedSandbox.class) {
      if (stack == null) {
        stack = start();
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put(SharedSandbox.class, stack);
      }
    }
  }

  private static Stack start() {
    createTempDir();
    SandboxActivitiesImpl impl = new SandboxActivitiesImpl(ROOT);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(impl);
    SandboxActivities sandbox = env.newActivityStub(SandboxActivities.class, ActivityCalls.ONCE);
    long t0 = System.nanoTime();
    ResourceRecord dir = sandbox.createWorkDirectory(PIPELINE);
    ResourceRecord pg = sandbox.createPostgres(PIPELINE);
    long t1 = System.nanoTime();
    ResourceRecord kafka = sandbox.createKafka(PIPELINE);
    long t2 = System.nanoTime();
    ResourceRecord connect = sandbox.createConnect(PIPELINE, kafka.attr("bootstrap"));
    long t3 = System.nanoTime();
    System.out.printf(
        "shared sandbox up: PostgreSQL %d ms, Kafka %d ms, Connect %d ms%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    return new Stack(impl, env, sandbox, dir, pg, kafka, connect);
  }

  /**
   * Surefire points java.io.tmpdir into target/; zonky's distribution probe fails if it is missing.
   */
  private static void createTempDir() {
    try {
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
