package io.cdcorchestrator.aws;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code moto_server} per test JVM, on a free 127.0.0.1 port, stopped by its process ID when
 * the test plan ends (JUnit closes the root store). The SDK finds it through the same knobs a user
 * has: {@code aws.endpointUrl}, region and credentials from system properties (the default chain),
 * and {@code aws.maxAttempts=1} so a moto 500 surfaces at once instead of after three back-offs.
 */
public final class MotoServer implements ExtensionContext.Store.CloseableResource {
  public static final String REGION = "us-east-1";
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final String url;

  private MotoServer(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** The JVM's server, started on first use. */
  public static MotoServer get(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(MotoServer.class, k -> start(), MotoServer.class);
  }

  public String url() {
    return url;
  }

  static MotoServer start() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder builder =
          new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(new File("target/moto-server.log"));
      // moto reads these on the server side: managed policies for the ECS execution role, and
      // services that report one running task so "stable" can be observed
      builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
      builder.environment().put("MOTO_ECS_SERVICE_RUNNING", "1");
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "moto_server is not on PATH: pip install 'moto[server]'", e);
      }
      MotoServer server = new MotoServer(process, "http://127.0.0.1:" + port);
      server.awaitUp();
      System.setProperty("aws.endpointUrl", server.url);
      System.setProperty("aws.region", REGION);
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
      System.setProperty("aws.maxAttempts", "1");
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitUp() {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "moto_server exited with " + process.exitValue() + "; see target/moto-server.log");
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(url + "/moto-api/").toURL().openConnection();
        c.setConnectTimeout(500);
        if (c.getResponseCode() > 0) {
          return;
        }
      } catch (IOException notYet) {
        sleep(200);
      }
    }
    close();
    throw new IllegalStateException("moto_server did not answer within " + STARTUP);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
