package io.cdcorchestrator.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A distributed-mode Kafka Connect worker inside the worker JVM, with the Debezium PostgreSQL
 * connector found on the classpath through its ServiceLoader manifest (a classpath scan costs ~6 s
 * and ~1.5 GB) and the {@code file} config provider limited to the pipeline's secrets directory.
 * Its connectors, their offsets and statuses live in Kafka topics, so a worker started again on the
 * same Kafka resumes them where they were.
 */
final class ConnectWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectWorker.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .executor(healthCheckThreads())
          .build();

  private final Connect<DistributedHerder> connect;
  private final String url;

  /**
   * The health checks' HTTP threads end a second after their last request: the JDK's default pool
   * keeps an idle thread for 60 s, so a failed start looked like it left a thread behind.
   */
  private static ExecutorService healthCheckThreads() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        1,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "connect-health-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private ConnectWorker(Connect<DistributedHerder> connect, int port) {
    this.connect = connect;
    this.url = "http://" + Ports.LOOPBACK + ":" + port;
  }

  /**
   * Starts the worker and waits until {@code /health} answers 200 (its herder has joined its group
   * and read its topics). A worker that does not get there within {@code wait} is stopped again
   * before this throws: a failed start leaves no thread and no client behind.
   *
   * @param onWait runs between health checks (the activity heartbeats there)
   */
  static ConnectWorker start(
      String pipeline,
      String kafkaBootstrap,
      Path secretsDir,
      int port,
      Duration wait,
      Runnable onWait)
      throws IOException {
    ExitTrap.install();
    Map<String, String> config = config(pipeline, kafkaBootstrap, port, secretsDir);
    // startConnect swaps the thread's context class loader for its plugin loader: give the activity
    // thread its own back
    Thread thread = Thread.currentThread();
    ClassLoader own = thread.getContextClassLoader();
    ConnectWorker worker;
    try {
      worker = new ConnectWorker(new ConnectDistributed().startConnect(config), port);
    } catch (RuntimeException e) {
      throw new IOException(
          "Kafka Connect did not start on port " + port + ": " + e.getMessage(), e);
    } finally {
      thread.setContextClassLoader(own);
    }
    try {
      String health = Waits.until(worker::check, wait, onWait);
      LOG.info(
          "Kafka Connect (group {}) up: {} against Kafka {}",
          config.get("group.id"),
          health,
          kafkaBootstrap);
      return worker;
    } catch (Exception e) {
      worker.close();
      throw new IOException(
          "Kafka Connect on port "
              + port
              + " did not become healthy within "
              + wait.toSeconds()
              + " s (stopped again): "
              + e.getMessage(),
          e);
    }
  }

  String url() {
    return url;
  }

  /** The herder thread is still alive (it dies on a fatal error such as a lost config topic). */
  boolean alive() {
    return !connect.herderTask().isDone();
  }

  /** One readiness check: {@code GET /health} answers 200 (the herder has joined its group). */
  String check() throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url + "/health"))
            .timeout(Duration.ofSeconds(3))
            .GET()
            .build();
    HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + url + "/health answered " + res.statusCode() + ": " + res.body());
    }
    return "Kafka Connect healthy at " + url;
  }

  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
    LOG.info("Kafka Connect on {} stopped", url);
  }

  private static Map<String, String> config(
      String pipeline, String bootstrap, int port, Path secretsDir) {
    String group = "cdc-sandbox-" + pipeline;
    Map<String, String> c = new HashMap<>();
    c.put("bootstrap.servers", bootstrap);
    c.put("group.id", group);
    c.put("config.storage.topic", group + "-configs");
    c.put("offset.storage.topic", group + "-offsets");
    c.put("status.storage.topic", group + "-status");
    // one broker: without these the worker retries creating its topics forever and /health stays
    // 503
    c.put("config.storage.replication.factor", "1");
    c.put("offset.storage.replication.factor", "1");
    c.put("status.storage.replication.factor", "1");
    c.put("offset.storage.partitions", "1");
    c.put("status.storage.partitions", "1");
    c.put("offset.flush.interval.ms", "1000");
    // one address to bootstrap from: its clients re-bootstrapping it in a loop while Kafka is down
    // wrote ~4,000 log lines a second
    c.put("metadata.recovery.strategy", "none");
    c.put("key.converter", JsonConverter.class.getName());
    c.put("value.converter", JsonConverter.class.getName());
    c.put("key.converter.schemas.enable", "false");
    c.put("value.converter.schemas.enable", "false");
    c.put("listeners", "http://" + Ports.LOOPBACK + ":" + port);
    c.put("rest.advertised.host.name", Ports.LOOPBACK);
    c.put("rest.advertised.port", Integer.toString(port));
    c.put("plugin.discovery", "service_load");
    // connector configs carry ${file:<path>:password}; Connect resolves it, the REST API shows the
    // placeholder
    c.put("config.providers", "file");
    c.put("config.providers.file.class", FileConfigProvider.class.getName());
    c.put("config.providers.file.param.allowed.paths", secretsDir.toAbsolutePath().toString());
    return c;
  }
}
