package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reach for one activity call: direct, or an SSH session to the bastion with two local port
 * forwards (127.0.0.1:ephemeral → the database, and → Kafka Connect) that lives exactly as long as
 * the call. The client key is generated in memory and authorised through {@link SshKeyPush} for
 * this session only; the bastion's host key must equal the one pinned in {@link BastionAccess},
 * except on the pinning call itself (trust on first use). {@link #close} ends the session and
 * unbinds both local ports on every path out of the activity.
 */
public final class BastionTunnel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BastionTunnel.class);

  /**
   * Connect and authenticate each within this, so a pinning attempt fits its 30 s start-to-close.
   */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final String LOOPBACK = "127.0.0.1";

  private static final Duration HEARTBEAT = Duration.ofSeconds(30);

  /**
   * Local ports currently forwarded by an open tunnel of this JVM (what "closed on every path" is
   * checked against).
   */
  static final Set<Integer> OPEN_PORTS = ConcurrentHashMap.newKeySet();

  /** The local ports of this JVM's open tunnels, for tests and diagnostics. */
  public static Set<Integer> openPorts() {
    return Set.copyOf(OPEN_PORTS);
  }

  private final DataPlaneAccess local;
  private final String hostKey;
  private final SshClient client;
  private final ClientSession session;
  private final Set<Integer> ports;

  private BastionTunnel(
      DataPlaneAccess local,
      String hostKey,
      SshClient client,
      ClientSession session,
      Set<Integer> ports) {
    this.local = local;
    this.hostKey = hostKey;
    this.client = client;
    this.session = session;
    this.ports = ports;
  }

  /**
   * The pipeline as this call reaches it: the tunnel's local ends, or {@code a} itself when direct.
   */
  DataPlaneAccess local() {
    return local;
  }

  /** Direct, or the SSH session is still open (it can carry another call). */
  boolean alive() {
    return client == null || (session.isOpen() && !session.isClosing());
  }

  /** The host key the bastion presented (null when direct). */
  String hostKey() {
    return hostKey;
  }

  /** Direct access: nothing to open. Via a bastion: the pinned host key is required. */
  static BastionTunnel open(DataPlaneAccess a, SshKeyPush keys) {
    if (a.bastion() == null) {
      return new BastionTunnel(a, null, null, null, Set.of());
    }
    if (a.bastion().hostKey() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          a.bastion()
              + " has no pinned host key; the workflow pins it "
              + "on the first connection and never connects without it",
          "BastionHostKeyUnpinned");
    }
    return connect(a, keys, false);
  }

  /** The first connection: the host key is accepted and returned, for the workflow to pin. */
  static BastionTunnel openTrustingOnFirstUse(DataPlaneAccess a, SshKeyPush keys) {
    return connect(a, keys, a.bastion().hostKey() == null);
  }

  private static BastionTunnel connect(DataPlaneAccess a, SshKeyPush keys, boolean firstUse) {
    BastionAccess b = a.bastion();
    KeyPair identity = newKeyPair();
    keys.push(b.region(), b.instanceId(), b.user(), PublicKeyEntry.toString(identity.getPublic()));
    HostKeyCheck check = new HostKeyCheck(firstUse ? null : b.hostKey());
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(check);
    // a session kept between calls (BastionSessions) finds out that the bastion went away
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, HEARTBEAT);
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
    client.start();
    ClientSession session = null;
    Set<Integer> ports = ConcurrentHashMap.newKeySet();
    try {
      session = client.connect(b.user(), b.host(), b.port()).verify(CONNECT_TIMEOUT).getSession();
      session.addPublicKeyIdentity(identity);
      session.auth().verify(CONNECT_TIMEOUT);
      int dbPort = forward(session, a.dbHost(), a.dbPort(), ports);
      // before Kafka Connect exists (the preflight of an adopted database) only the database
      String localConnect = null;
      if (a.connectUrl() != null) {
        URI connect = URI.create(a.connectUrl());
        localConnect =
            "http://" + LOOPBACK + ":" + forward(session, connect.getHost(), port(connect), ports);
      }
      LOG.info(
          "Tunnel through {} open: 127.0.0.1:{} -> {}:{}{}",
          b,
          dbPort,
          a.dbHost(),
          a.dbPort(),
          localConnect == null ? "" : ", " + localConnect + " -> " + a.connectUrl());
      DataPlaneAccess local = a.reachedAt(LOOPBACK, dbPort, localConnect);
      return new BastionTunnel(local, check.seen, client, session, ports);
    } catch (IOException | RuntimeException e) {
      close(client, session, ports);
      if (check.mismatch) {
        throw ApplicationFailure.newNonRetryableFailure(
            b
                + " presented host key "
                + KeyUtils.getFingerPrint(check.seenKey)
                + ", not the key pinned at the first connection ("
                + fingerprint(b.hostKey())
                + "); refusing to connect. "
                + "If instance "
                + b.instanceId()
                + " was replaced on purpose, reset the pin by tearing the pipeline down "
                + "and bringing it up again (cdc down "
                + a.pipeline()
                + "; cdc up "
                + a.pipeline()
                + "); otherwise "
                + "something else answers at "
                + b.host()
                + ":"
                + b.port(),
            "BastionHostKeyChanged");
      }
      if (e instanceof ApplicationFailure af) {
        throw af;
      }
      throw ApplicationFailure.newFailureWithCause(
          "cannot open an SSH tunnel through " + b + ": " + e.getMessage(),
          "BastionUnreachable",
          e);
    }
  }

  private static int forward(ClientSession session, String host, int port, Set<Integer> ports)
      throws IOException {
    ExplicitPortForwardingTracker t =
        session.createLocalPortForwardingTracker(
            new SshdSocketAddress(LOOPBACK, 0), new SshdSocketAddress(host, port));
    int bound = t.getBoundAddress().getPort();
    ports.add(bound);
    OPEN_PORTS.add(bound);
    return bound;
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme()) ? 443 : 80;
  }

  /**
   * Ed25519: EC2 Instance Connect takes it, and sshd signs with it through Bouncy Castle (a worker
   * dependency) — a smaller key, generated in microseconds where RSA 2048 takes tens of
   * milliseconds. RSA only if the JVM has no Ed25519 provider registered with sshd.
   */
  static KeyPair newKeyPair() {
    try {
      return SecurityUtils.isEDDSACurveSupported()
          ? KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256)
          : KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an SSH key pair", e);
    }
  }

  static String fingerprint(String publicKeyLine) {
    String[] parts = publicKeyLine.trim().split("\\s+");
    return parts.length >= 2 ? KeyUtils.getFingerPrint(parts[1]) : publicKeyLine;
  }

  /** Both keys as "type base64" (a trailing comment does not count). */
  static boolean sameKey(String a, String b) {
    String[] x = a.trim().split("\\s+");
    String[] y = b.trim().split("\\s+");
    return x.length >= 2 && y.length >= 2 && x[0].equals(y[0]) && x[1].equals(y[1]);
  }

  @Override
  public void close() {
    if (client != null) {
      close(client, session, ports);
    }
  }

  private static void close(SshClient client, ClientSession session, Set<Integer> ports) {
    try {
      if (session != null) {
        session.close(true); // immediately: also unbinds the local forwards
      }
    } finally {
      client.stop();
      OPEN_PORTS.removeAll(ports);
    }
  }

  /** Pinned: only that key. First use: any key, remembered. */
  private static final class HostKeyCheck
      implements org.apache.sshd.client.keyverifier.ServerKeyVerifier {
    private final String pinned;
    volatile String seen;
    volatile PublicKey seenKey;
    volatile boolean mismatch;

    HostKeyCheck(String pinned) {
      this.pinned = pinned;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
      seenKey = key;
      seen = PublicKeyEntry.toString(key);
      mismatch = pinned != null && !sameKey(pinned, seen);
      return !mismatch;
    }
  }
}
