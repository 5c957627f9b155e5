package io.cdcorchestrator.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-node Kafka (broker and KRaft controller in one) inside the worker JVM. Kafka has no public
 * embedded-broker API: this is the only class that touches its bootstrap classes ({@code
 * StorageTool}, {@code KafkaRaftServer}, {@code KafkaConfig}), which may shift between minors.
 */
final class KafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

  private final KafkaRaftServer server;
  private final String bootstrap;
  private final int port;
  private final boolean restarted;

  private KafkaBroker(KafkaRaftServer server, int brokerPort, boolean restarted) {
    this.server = server;
    this.port = brokerPort;
    this.bootstrap = Ports.LOOPBACK + ":" + brokerPort;
    this.restarted = restarted;
  }

  /**
   * Starts the server (does not wait for it) on the log directory under {@code dir}: the one it
   * had, with its topics (Connect's config, offset and status topics among them), or a freshly
   * formatted one. A format cut short is thrown away and done again.
   */
  static KafkaBroker start(Path dir, int brokerPort, int controllerPort) throws IOException {
    ExitTrap.install();
    Path logDir = dir.resolve("data");
    Path formatted = dir.resolve("formatted");
    boolean restart = Files.exists(formatted) && Files.exists(logDir.resolve("meta.properties"));
    Properties props = config(brokerPort, controllerPort, logDir);
    Files.createDirectories(dir);
    Path propsFile = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(propsFile)) {
      props.store(out, "cdc-orchestrator sandbox broker");
    }
    if (!restart) {
      // a reused log dir fails the format with "Invalid cluster.id": a new cluster starts empty
      Files.deleteIfExists(formatted);
      Dirs.deleteRecursively(logDir);
      Files.createDirectories(logDir);
      format(propsFile);
      Files.writeString(formatted, "kafka-storage format done\n");
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      throw e;
    }
    LOG.info(
        "Kafka (KRaft broker+controller) {} on {}:{} (controller port {}, logs {})",
        restart ? "restarting on its log directory" : "starting",
        Ports.LOOPBACK,
        brokerPort,
        controllerPort,
        logDir);
    return new KafkaBroker(server, brokerPort, restart);
  }

  /** True when it came back on an existing log directory rather than a new one. */
  boolean restarted() {
    return restarted;
  }

  String bootstrap() {
    return bootstrap;
  }

  /** Its listener accepts connections (the server may have shut itself down on a fatal error). */
  boolean alive() {
    return Ports.listening(port);
  }

  /** One readiness check: the cluster answers describeCluster with at least one node. */
  String check(Duration timeout) throws Exception {
    Map<String, Object> conf =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis(),
            // one address to bootstrap from: re-bootstrapping it in a loop only floods the log
            AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG,
            "none");
    try (Admin admin = Admin.create(conf)) {
      var cluster = admin.describeCluster();
      int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      String id = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (nodes == 0) {
        throw new IllegalStateException("cluster " + id + " has no broker yet");
      }
      return "Kafka cluster " + id + " on " + bootstrap + " (" + nodes + " node)";
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Kafka on {} stopped", bootstrap);
  }

  private static Properties config(int brokerPort, int controllerPort, Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + Ports.LOOPBACK + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + Ports.LOOPBACK
            + ":"
            + brokerPort
            + ",CONTROLLER://"
            + Ports.LOOPBACK
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    // one broker: every internal topic must ask for one replica, or it is never created
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // one pipeline's traffic, many brokers per JVM: Kafka's defaults are sized for a server of
    // its own. The log cleaner's dedupe buffer alone is 128 MB of heap per broker by default.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 << 20));
    p.put("num.network.threads", "1");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    return p;
  }

  private static void format(Path propsFile) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc =
          StorageTool.execute(
              new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()
              },
              ps);
    }
    String said = out.toString(StandardCharsets.UTF_8).trim();
    if (rc != 0) {
      throw new IOException("kafka-storage format failed (" + rc + "): " + said);
    }
    LOG.info("kafka-storage format: {}", said);
  }
}
