package io.cdcorchestrator.dataplane;

import static io.cdcorchestrator.sandbox.ActivityCalls.applicationFailure;
import static io.cdcorchestrator.sandbox.ActivityCalls.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.sandbox.ActivityCalls;
import io.cdcorchestrator.sandbox.SharedSandbox;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The data plane through a bastion, for real: an embedded SSH server with forwarding stands in
 * front of the shared sandbox's PostgreSQL and Kafka Connect, and the activities reach both only
 * through the tunnel they open per call. EC2 Instance Connect is the one double ({@link
 * InstanceConnectDouble}).
 */
@ExtendWith(SharedSandbox.class)
class BastionTunnelTest {
  private static final Duration AWAIT = Duration.ofSeconds(60);
  private static final String INSTANCE = "i-0bastion0test0001";

  private static TestActivityEnvironment env;
  private static DataPlaneActivities dataPlane;
  private static InstanceConnectDouble instanceConnect;
  private EmbeddedBastion bastion;

  @BeforeAll
  static void startEnvironment() {
    instanceConnect = new InstanceConnectDouble();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new DataPlaneActivitiesImpl(instanceConnect));
    dataPlane = env.newActivityStub(DataPlaneActivities.class, ActivityCalls.ONCE);
  }

  @AfterAll
  static void closeEnvironment() {
    env.close();
  }

  @BeforeEach
  void startBastion() {
    bastion = new EmbeddedBastion(instanceConnect);
  }

  @AfterEach
  void stopBastion() throws IOException {
    bastion.close();
  }

  @Test
  void sqlInitRegistrationAndTheCdcProofPassThroughTheTunnel() {
    DataPlaneAccess unpinned = access("tunnel", bastion, null);
    BastionAccess pinned = dataPlane.pinBastionHostKey(unpinned);
    assertTrue(
        BastionTunnel.sameKey(bastion.hostKey(), pinned.hostKey()),
        "pins the key the bastion presented");
    DataPlaneAccess a = unpinned.withBastion(pinned);
    int pushesBefore = instanceConnect.pushes.size();
    try {
      assertTrue(dataPlane.awaitDatabase(a).detail().contains("wal_level=logical"));
      dataPlane.initDatabase(a);
      awaitReady(() -> dataPlane.awaitConnect(a), AWAIT);
      dataPlane.registerConnector(a);
      awaitReady(() -> dataPlane.awaitConnectorRunning(a), AWAIT);
      CdcProof proof = dataPlane.proveCdc(a);
      assertEquals(
          "connect-topics", proof.via(), "Kafka is not reachable from the worker on this path");
      assertEquals(a.changeTopic(), proof.topic());

      // the server opened the forwards: to the database and to Connect, as the access names them
      String pg = "127.0.0.1:" + a.dbPort();
      String connect = a.connectUrl().substring("http://".length());
      assertTrue(
          bastion.forwards.contains(pg) && bastion.forwards.contains(connect),
          bastion.forwards.toString());
      // the connector is told where Connect reaches the database, not the tunnel's local end
      Map<String, String> config = new ConnectApi(a.connectUrl()).config(a.connectorName());
      assertEquals(String.valueOf(a.dbPort()), config.get("database.port"));

      // one fresh key per connection, each for the bastion's user on this instance, Ed25519
      List<InstanceConnectDouble.Push> pushes =
          instanceConnect.pushes.subList(pushesBefore, instanceConnect.pushes.size());
      assertTrue(pushes.size() >= 6, "one push per call: " + pushes.size());
      assertEquals(
          pushes.size(),
          new HashSet<>(pushes.stream().map(InstanceConnectDouble.Push::key).toList()).size());
      assertTrue(
          pushes.stream()
              .allMatch(p -> p.instanceId().equals(INSTANCE) && p.user().equals("ec2-user")));
      assertTrue(
          pushes.stream().allMatch(p -> p.key().startsWith("ssh-ed25519 ")),
          "Ed25519 keys: " + pushes.get(0).key());
    } finally {
      dataPlane.deleteConnector(a);
      dataPlane.dropDatabaseObjects(a);
    }
    assertTunnelsClosed();
  }

  @Test
  void theTunnelClosesAfterAFailure() {
    DataPlaneAccess a = pinnedAccess("fails", bastion);
    DataPlaneAccess wrongUser =
        new DataPlaneAccess(
            a.pipeline(),
            a.dbHost(),
            a.dbPort(),
            a.database(),
            "nobody_here",
            a.adminPassword(),
            a.replicationUser(),
            a.replicationPassword(),
            false,
            a.connectUrl(),
            null,
            a.connectorName(),
            a.topicPrefix(),
            a.slotName(),
            a.publicationName(),
            a.bastion());
    ActivityFailure f =
        assertThrows(ActivityFailure.class, () -> dataPlane.awaitDatabase(wrongUser));
    // the sandbox asks an unknown user for a password: the answer came from PostgreSQL, through the
    // tunnel
    assertTrue(
        applicationFailure(f).getOriginalMessage().contains("PostgreSQL at"),
        applicationFailure(f).getOriginalMessage());
    assertTrue(
        bastion.forwards.contains("127.0.0.1:" + a.dbPort()),
        "the failure came through the tunnel");
    assertTunnelsClosed();
  }

  @Test
  void theTunnelClosesAfterACancel() {
    DataPlaneAccess pinned = pinnedAccess("cancel", bastion);
    // Kafka reachable and no connector: the proof waits for a canary that never comes, heartbeating
    String kafka = SharedSandbox.stack().kafka().attr("bootstrap");
    DataPlaneAccess a =
        new DataPlaneAccess(
            pinned.pipeline(),
            pinned.dbHost(),
            pinned.dbPort(),
            pinned.database(),
            pinned.adminUser(),
            pinned.adminPassword(),
            pinned.replicationUser(),
            pinned.replicationPassword(),
            false,
            pinned.connectUrl(),
            kafka,
            pinned.connectorName(),
            pinned.topicPrefix(),
            pinned.slotName(),
            pinned.publicationName(),
            pinned.bastion());
    dataPlane.initDatabase(a);
    ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
    Set<Integer> forwarded = ConcurrentHashMap.newKeySet();
    try {
      canceller.schedule(
          () -> {
            forwarded.addAll(BastionTunnel.OPEN_PORTS); // the tunnel is open while the proof waits
            env.requestCancelActivity();
          },
          3,
          TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      assertThrows(CanceledFailure.class, () -> dataPlane.proveCdc(a));
      assertTrue(
          System.nanoTime() - t0 < CanaryProbe.WAIT.toNanos(),
          "ended by the cancel, not by the proof's wait");
    } finally {
      canceller.shutdownNow();
      dataPlane.dropDatabaseObjects(a);
    }
    assertEquals(
        2, forwarded.size(), "database and Connect forwarded while the proof waited: " + forwarded);
    assertTrue(
        forwarded.stream().allMatch(BastionTunnelTest::closed),
        "a forwarded port still accepts connections");
    assertTunnelsClosed();
  }

  /**
   * A pipeline-hour of the watch at the default interval (60 checks): one session and one key push
   * (each check opened its own, with its own push, before sessions were kept); the figures go to
   * docs/BENCHMARKS.md.
   */
  @Test
  void healthChecksShareOneSessionAndOneKeyPush_aKilledSessionIsReopenedWithANewPush() {
    DataPlaneAccess a = pinnedAccess("reuse", bastion);
    DataPlaneActivitiesImpl impl = new DataPlaneActivitiesImpl(instanceConnect);
    TestActivityEnvironment own = TestActivityEnvironment.newInstance();
    try {
      own.registerActivitiesImplementations(impl);
      DataPlaneActivities checks =
          own.newActivityStub(DataPlaneActivities.class, ActivityCalls.ONCE);
      int pushesBefore = instanceConnect.pushes.size();
      int checksPerHour = 3600 / PipelineSpec.DEFAULT_WATCH_INTERVAL_SECONDS;
      for (int i = 0; i < checksPerHour; i++) {
        checks.checkHealth(
            a); // no connector registered: unhealthy, but answered through the tunnel
      }
      int pushes = instanceConnect.pushes.size() - pushesBefore;
      System.out.printf(
          "bastion path, %d health checks (a pipeline-hour at the default interval): "
              + "%d SSH session(s), %d key push(es)%n",
          checksPerHour, bastion.activeSessions(), pushes);
      assertEquals(1, pushes, "one key push for every check");
      assertEquals(1, bastion.activeSessions(), "one session for every check");
      assertEquals(
          2, BastionTunnel.OPEN_PORTS.size(), "its two forwards stay bound between checks");

      bastion.killSessions();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (bastion.activeSessions() > 0 && System.nanoTime() < deadline) {
        ActivityCalls.sleep(Duration.ofMillis(50));
      }
      ActivityCalls.sleep(Duration.ofMillis(500)); // the client sees the session end
      checks.checkHealth(a);
      checks.checkHealth(a);
      assertEquals(
          2, instanceConnect.pushes.size() - pushesBefore, "a new push for the new session");
      assertEquals(1, bastion.activeSessions());

      checks.dropDatabaseObjects(a); // teardown closes the watch's session
      assertTunnelsClosed();
      checks.checkHealth(a);
      impl.close(); // so does the worker's stop
    } finally {
      own.close();
    }
    assertTunnelsClosed();
  }

  @Test
  void aChangedHostKeyIsRefusedNamingTheInstanceAndTheReset() throws IOException {
    DataPlaneAccess pinned = pinnedAccess("hostkey", bastion);
    try (EmbeddedBastion replaced = new EmbeddedBastion(instanceConnect)) {
      assertFalse(BastionTunnel.sameKey(bastion.hostKey(), replaced.hostKey()));
      BastionAccess b = pinned.bastion();
      DataPlaneAccess a =
          pinned.withBastion(
              new BastionAccess(
                  b.instanceId(), b.region(), b.host(), replaced.port(), b.user(), b.hostKey()));
      ActivityFailure f = assertThrows(ActivityFailure.class, () -> dataPlane.awaitDatabase(a));
      ApplicationFailure af = applicationFailure(f);
      assertEquals("BastionHostKeyChanged", af.getType());
      assertTrue(af.isNonRetryable());
      assertTrue(
          af.getOriginalMessage().contains(INSTANCE)
              && af.getOriginalMessage().contains("cdc down hostkey"),
          af.getOriginalMessage());
      assertTrue(replaced.forwards.isEmpty(), "nothing was forwarded by the impostor");
    }
    assertTunnelsClosed();
  }

  /**
   * The preflight of an adopted database on AWS runs before Kafka Connect exists: the pin and the
   * checks need the database alone.
   */
  @Test
  void beforeKafkaConnectExists_theKeyIsPinnedAndTheDatabaseCheckedThroughTheTunnel() {
    DataPlaneAccess unpinned = access("early", bastion, null, null);
    BastionAccess pinned = dataPlane.pinBastionHostKey(unpinned);
    List<Finding> findings = dataPlane.preflightDatabase(unpinned.withBastion(pinned));
    Finding reached =
        findings.stream().filter(f -> f.check().equals("database.reachable")).findFirst().get();
    assertFalse(reached.blocks(), findings::toString);
    assertTrue(
        findings.stream().anyMatch(f -> f.check().equals("database.wal_level") && !f.blocks()),
        findings::toString);
    assertEquals(
        List.of("127.0.0.1:" + unpinned.dbPort()),
        bastion.forwards.stream().distinct().toList(),
        "only the database is forwarded");
    assertTunnelsClosed();
  }

  @Test
  void anUnpinnedBastionIsNeverTrustedOutsideThePinningCall() {
    ActivityFailure f =
        assertThrows(
            ActivityFailure.class,
            () -> dataPlane.awaitDatabase(access("unpinned", bastion, null)));
    assertEquals("BastionHostKeyUnpinned", applicationFailure(f).getType());
    assertTrue(bastion.forwards.isEmpty());
  }

  @Test
  void aKeyNotPushedIsRefusedByTheBastion() {
    DataPlaneAccess a = pinnedAccess("nopush", bastion);
    TestActivityEnvironment silent = TestActivityEnvironment.newInstance();
    try {
      silent.registerActivitiesImplementations(
          new DataPlaneActivitiesImpl((region, id, user, key) -> {}));
      DataPlaneActivities unpushed =
          silent.newActivityStub(DataPlaneActivities.class, ActivityCalls.ONCE);
      ActivityFailure f = assertThrows(ActivityFailure.class, () -> unpushed.awaitDatabase(a));
      assertEquals("BastionUnreachable", applicationFailure(f).getType());
      assertTrue(bastion.forwards.isEmpty());
    } finally {
      silent.close();
    }
    assertTunnelsClosed();
  }

  private static DataPlaneAccess pinnedAccess(String test, EmbeddedBastion at) {
    DataPlaneAccess a = access(test, at, null);
    return a.withBastion(dataPlane.pinBastionHostKey(a));
  }

  /**
   * Kafka unreachable (as from a laptop on AWS): the CDC proof falls back to the connector's
   * topics.
   */
  private static DataPlaneAccess access(String test, EmbeddedBastion at, String hostKey) {
    return access(test, at, hostKey, SharedSandbox.stack().connect().attr("url"));
  }

  private static DataPlaneAccess access(
      String test, EmbeddedBastion at, String hostKey, String connectUrl) {
    SharedSandbox.Stack s = SharedSandbox.stack();
    String id = "bastion_" + test;
    return new DataPlaneAccess(
        test,
        "127.0.0.1",
        Integer.parseInt(s.postgres().attr("port")),
        s.postgres().attr("database"),
        s.postgres().attr("adminUser"),
        new SecretRef(s.postgres().attr("adminPassword")),
        PipelineNames.REPLICATION_USER,
        new SecretRef(s.postgres().attr("replicationPassword")),
        false,
        connectUrl,
        null,
        "connector-bastion-" + test,
        "tb-" + test,
        "slot_" + id,
        "pub_" + id,
        new BastionAccess(
            INSTANCE, "us-east-1", "127.0.0.1", at.port(), BastionAccess.DEFAULT_USER, hostKey));
  }

  /** No local forward left bound, and the bastion has no session left. */
  private void assertTunnelsClosed() {
    assertTrue(BastionTunnel.OPEN_PORTS.isEmpty(), "open forwards: " + BastionTunnel.OPEN_PORTS);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (bastion.activeSessions() > 0 && System.nanoTime() < deadline) {
      ActivityCalls.sleep(Duration.ofMillis(50));
    }
    assertEquals(0, bastion.activeSessions(), "SSH sessions still open on the bastion");
  }

  /** A port that was a tunnel's local end accepts no connection any more. */
  static boolean closed(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
