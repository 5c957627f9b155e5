package io.cdcorchestrator.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * A real SSH server (Apache MINA sshd) on 127.0.0.1 with local port forwarding on, standing where
 * the bastion stands: keys admitted only when pushed through {@link InstanceConnectDouble}, its own
 * host key generated in memory, and every forward it opens recorded.
 */
public final class EmbeddedBastion implements AutoCloseable {
  final SshServer server;

  /** host:port of each direct-tcpip forward the server was asked to open. */
  public final List<String> forwards = new CopyOnWriteArrayList<>();

  public EmbeddedBastion(InstanceConnectDouble instanceConnect) {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(
        new SimpleGeneratorHostKeyProvider()); // no path: a fresh key, in memory
    server.setPublickeyAuthenticator((user, key, session) -> instanceConnect.admits(user, key));
    server.setForwardingFilter(
        new ForwardingFilter() {
          @Override
          public boolean canForwardAgent(
              org.apache.sshd.common.session.Session session, String requestType) {
            return false;
          }

          @Override
          public boolean canForwardX11(
              org.apache.sshd.common.session.Session session, String requestType) {
            return false;
          }

          @Override
          public boolean canListen(
              SshdSocketAddress address, org.apache.sshd.common.session.Session session) {
            return false;
          }

          @Override
          public boolean canConnect(
              TcpForwardingFilter.Type type,
              SshdSocketAddress address,
              org.apache.sshd.common.session.Session session) {
            forwards.add(address.getHostName() + ":" + address.getPort());
            return true;
          }
        });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** The host key, as an OpenSSH public-key line. */
  String hostKey() {
    try {
      return PublicKeyEntry.toString(
          server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public int activeSessions() {
    return server.getActiveSessions().size();
  }

  /** Drops every session from the server's side, as a restarted bastion or a network cut would. */
  public void killSessions() {
    server.getActiveSessions().forEach(s -> s.close(true));
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
