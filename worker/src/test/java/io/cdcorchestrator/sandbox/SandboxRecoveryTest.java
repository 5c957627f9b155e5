package io.cdcorchestrator.sandbox;

import static io.cdcorchestrator.sandbox.ActivityCalls.applicationFailure;
import static io.cdcorchestrator.sandbox.ActivityCalls.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.dataplane.DataPlaneActivities;
import io.cdcorchestrator.dataplane.DataPlaneActivitiesImpl;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.SandboxRepair;
import io.cdcorchestrator.model.SecretRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker that dies and the next one that takes over, in one JVM: the first worker's Kafka and
 * Connect stop as they would with its JVM, its PostgreSQL keeps running (a child process outlives
 * the JVM), and a second {@link SandboxActivitiesImpl} on the same root finds everything again. The
 * real kill -9 of a worker process is the crash matrix's (starter, {@code CrashMatrixTest}).
 */
class SandboxRecoveryTest {
  private static final Path ROOT = SharedSandbox.ROOT;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void tempDir() throws Exception {
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A worker: the sandbox activities on {@link #ROOT} and the data-plane activities. */
  private final class Worker {
    final SandboxActivitiesImpl impl;
    final SandboxActivities sandbox;
    final DataPlaneActivities dataPlane;

    Worker(SandboxCapacity capacity) {
      impl = new SandboxActivitiesImpl(ROOT, TaskQueues.CONTROL, capacity);
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      env.registerActivitiesImplementations(impl, new DataPlaneActivitiesImpl());
      sandbox = env.newActivityStub(SandboxActivities.class, ActivityCalls.ONCE);
      dataPlane = env.newActivityStub(DataPlaneActivities.class, ActivityCalls.ONCE);
      open.add(env::close);
      open.add(impl);
    }

    /** What its JVM's death does to the pipeline: Kafka and Connect gone, PostgreSQL running. */
    void dies(String pipeline) {
      impl.stack(pipeline).stopConnect();
      impl.stack(pipeline).stopKafka();
    }
  }

  @Test
  void afterAWorkerDies_theNextRepairsFromDisk_andARowWrittenMeanwhileArrives() throws Exception {
    String p = "recover";
    Worker first = new Worker(SandboxCapacity.fixed(10));
    first.sandbox.createWorkDirectory(p);
    ResourceRecord pg = first.sandbox.createPostgres(p);
    ResourceRecord kafka = first.sandbox.createKafka(p);
    ResourceRecord connect = first.sandbox.createConnect(p, kafka.attr("bootstrap"));
    DataPlaneAccess a = access(p, pg, kafka, connect);
    first.dataPlane.initDatabase(a);
    first.dataPlane.registerConnector(a);
    awaitReady(() -> first.dataPlane.awaitConnectorRunning(a), Duration.ofSeconds(60));
    String before = insert(a);
    assertEquals(1, count(a, before, "c"), "arrives while the first worker lives");

    first.dies(p);
    String meanwhile = insert(a); // PostgreSQL outlives the worker; its slot keeps the change
    int connectPort = URI.create(connect.attr("url")).getPort();
    assertFalse(Ports.listening(connectPort), "Connect died with the worker");
    ConnectorHealth dead = first.dataPlane.checkHealth(a);
    assertFalse(dead.healthy());
    assertTrue(dead.reason().contains("Kafka Connect"), dead.reason());

    Worker next = new Worker(SandboxCapacity.fixed(10));
    SandboxRepair repair = next.sandbox.repair(p);
    assertEquals(2, repair.restarted().size(), repair.toString());
    assertTrue(
        repair.restarted().get(0).startsWith("Kafka restarted on its log directory"),
        repair.toString());
    assertTrue(
        repair.restarted().get(1).startsWith("Kafka Connect restarted on its topics"),
        repair.toString());
    assertTrue(repair.alive().get(0).contains("adopted"), repair.toString());
    assertEquals(pg, repair.postgres(), "same database endpoint");
    assertEquals(kafka, repair.kafka(), "Kafka back on its port");
    assertEquals(connect, repair.connect(), "Connect back on its port");

    awaitReady(() -> next.dataPlane.awaitConnectorRunning(a), Duration.ofSeconds(60));
    assertTrue(next.dataPlane.checkHealth(a).healthy());
    assertEquals(1, awaitCount(a, meanwhile), "the row written while no worker ran arrives once");
    assertTrue(count(a, before, "c") >= 1, "the earlier event is still in its topic");
    SandboxRepair again = next.sandbox.repair(p);
    assertEquals(List.of(), again.restarted(), "nothing to do when all is alive");

    next.dataPlane.deleteConnector(a);
    next.dataPlane.dropDatabaseObjects(a);
    tearDown(next, p, pg, kafka, connect);
  }

  @Test
  void afterAWorkerDies_awaitsFindItsComponentsAgain_andDeletesLeaveNothing() throws Exception {
    String p = "recover-await";
    Worker first = new Worker(SandboxCapacity.fixed(10));
    first.sandbox.createWorkDirectory(p);
    ResourceRecord pg = first.sandbox.createPostgres(p);
    ResourceRecord kafka = first.sandbox.createKafka(p);
    ResourceRecord connect = first.sandbox.createConnect(p, kafka.attr("bootstrap"));
    first.dies(p);

    Worker next = new Worker(SandboxCapacity.fixed(10));
    // the retry of an await on the next worker: found again, not "never started here"
    assertTrue(next.sandbox.awaitPostgres(p).detail().contains("wal_level=logical"));
    assertTrue(next.sandbox.awaitKafka(p).detail().contains(kafka.attr("bootstrap")));
    assertTrue(next.sandbox.awaitConnect(p).detail().contains(connect.attr("url")));
    next.dies(p);

    Worker third = new Worker(SandboxCapacity.fixed(10));
    tearDown(third, p, pg, kafka, connect);
  }

  @Test
  void aDeadEmbeddedConnectOrDatabaseIsGoneForTeardown_notRetriedForever() throws Exception {
    String p = "recover-down";
    Worker first = new Worker(SandboxCapacity.fixed(10));
    first.sandbox.createWorkDirectory(p);
    ResourceRecord pg = first.sandbox.createPostgres(p);
    ResourceRecord kafka = first.sandbox.createKafka(p);
    ResourceRecord connect = first.sandbox.createConnect(p, kafka.attr("bootstrap"));
    DataPlaneAccess a = access(p, pg, kafka, connect);
    first.dataPlane.initDatabase(a);
    first.dataPlane.registerConnector(a);
    awaitReady(() -> first.dataPlane.awaitConnectorRunning(a), Duration.ofSeconds(60));
    first.dies(p);

    Worker next = new Worker(SandboxCapacity.fixed(10));
    next.dataPlane.deleteConnector(a); // Connect is not running: its connector is gone with it
    DataPlaneAccess notEmbedded = plainAccess(p, pg, kafka, connect);
    ApplicationFailure f =
        applicationFailure(
            assertThrows(ActivityFailure.class, () -> next.dataPlane.deleteConnector(notEmbedded)));
    assertFalse(f.isNonRetryable(), "elsewhere an unreachable Connect may come back: retried");

    next.dataPlane.dropDatabaseObjects(a); // PostgreSQL outlived the worker: the slot is dropped
    try (Connection c = admin(pg);
        var s = c.createStatement();
        var rs = s.executeQuery("select count(*) from pg_replication_slots")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "no slot left");
    }
    next.sandbox.deletePostgres(p);
    next.dataPlane.dropDatabaseObjects(a); // and with PostgreSQL stopped, done as well
    tearDown(next, p, pg, kafka, connect);
  }

  @Test
  void pastItsCapacityAWorkerRefusesTheNextPipeline() {
    Worker small = new Worker(SandboxCapacity.fixed(1));
    small.sandbox.createWorkDirectory("cap-a");
    small.sandbox.createKafka("cap-a");
    small.sandbox.createWorkDirectory("cap-b");
    ApplicationFailure f =
        applicationFailure(
            assertThrows(ActivityFailure.class, () -> small.sandbox.createKafka("cap-b")));
    assertEquals("SandboxFull", f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(
        f.getOriginalMessage()
            .startsWith("sandbox pipeline cap-b refused: this worker already runs 1"),
        f.getOriginalMessage());
    small.sandbox.deleteWorkDirectory("cap-a");
    small.sandbox.createKafka("cap-b"); // room again
    small.sandbox.deleteWorkDirectory("cap-b");
  }

  private static void tearDown(
      Worker w, String p, ResourceRecord pg, ResourceRecord kafka, ResourceRecord connect)
      throws Exception {
    w.sandbox.deleteConnect(p);
    w.sandbox.deleteKafka(p);
    w.sandbox.deletePostgres(p);
    w.sandbox.deleteWorkDirectory(p);
    assertFalse(Ports.listening(Integer.parseInt(pg.attr("port"))), "PostgreSQL port closed");
    assertFalse(Ports.listening(port(kafka.attr("bootstrap"))), "Kafka port closed");
    assertFalse(Ports.listening(URI.create(connect.attr("url")).getPort()), "Connect port closed");
    assertFalse(Files.exists(ROOT.resolve(p)), "work directory removed");
    assertTrue(
        ProcessHandle.allProcesses()
            .noneMatch(h -> h.info().commandLine().orElse("").contains(ROOT.resolve(p).toString())),
        "no process of the pipeline");
  }

  private static DataPlaneAccess access(
      String p, ResourceRecord pg, ResourceRecord kafka, ResourceRecord connect) {
    return plainAccess(p, pg, kafka, connect).asEmbedded();
  }

  /** The same endpoints as a target whose processes are not the pipeline's own would give. */
  private static DataPlaneAccess plainAccess(
      String p, ResourceRecord pg, ResourceRecord kafka, ResourceRecord connect) {
    return new DataPlaneAccess(
        p,
        pg.attr("host"),
        Integer.parseInt(pg.attr("port")),
        pg.attr("database"),
        pg.attr("adminUser"),
        new SecretRef(pg.attr("adminPassword")),
        PipelineNames.REPLICATION_USER,
        new SecretRef(pg.attr("replicationPassword")),
        false,
        connect.attr("url"),
        kafka.attr("bootstrap"),
        PipelineNames.CONNECTOR_NAME,
        p,
        PipelineNames.slotName(p),
        PipelineNames.publicationName(p));
  }

  private static Connection admin(ResourceRecord pg) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pg.attr("port") + "/inventory", "postgres", "");
  }

  private static String insert(DataPlaneAccess a) throws Exception {
    String sku = "r-" + UUID.randomUUID();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + a.dbPort() + "/inventory", "postgres", "");
        PreparedStatement s =
            c.prepareStatement("insert into public.inventory (sku, name) values (?, 'w')")) {
      s.setString(1, sku);
      s.executeUpdate();
    }
    return sku;
  }

  private static int awaitCount(DataPlaneAccess a, String sku) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int n = count(a, sku, "c");
    while (n == 0 && System.nanoTime() < deadline) {
      n = count(a, sku, "c");
    }
    return n;
  }

  /** How many {@code op} events for {@code sku} the change topic holds (read from the start). */
  private static int count(DataPlaneAccess a, String sku, String op) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "recovery-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    int n = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(a.changeTopic()));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() == null) {
            continue;
          }
          JsonNode v = JSON.readTree(r.value());
          if (sku.equals(v.path("after").path("sku").asText())
              && op.equals(v.path("op").asText())) {
            n++;
          }
        }
      }
    }
    return n;
  }

  private static int port(String bootstrap) {
    return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
  }
}
