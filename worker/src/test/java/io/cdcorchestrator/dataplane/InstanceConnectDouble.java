package io.cdcorchestrator.dataplane;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * Test double of EC2 Instance Connect for the embedded bastion: remembers each pushed key for 60
 * seconds, as AWS does, and the embedded SSH server admits exactly those keys. Stands in for the
 * AWS side only; the SSH session, the forwards and the data-plane calls through them are real.
 */
public final class InstanceConnectDouble implements SshKeyPush {
  static final Duration VALID = Duration.ofSeconds(60);

  record Push(String instanceId, String user, String key, long atNanos) {}

  public final List<Push> pushes = new CopyOnWriteArrayList<>();

  @Override
  public void push(String region, String instanceId, String osUser, String publicKey) {
    // SendSSHPublicKey takes OpenSSH-format RSA and Ed25519 keys and refuses the rest
    if (!publicKey.startsWith("ssh-rsa ") && !publicKey.startsWith("ssh-ed25519 ")) {
      throw new IllegalArgumentException("InvalidArgsException: unsupported key type");
    }
    pushes.add(new Push(instanceId, osUser, publicKey, System.nanoTime()));
  }

  /**
   * What the bastion's sshd asks (AuthorizedKeysCommand on Amazon Linux): was this key pushed for
   * this user, lately?
   */
  boolean admits(String user, PublicKey key) {
    String line = PublicKeyEntry.toString(key);
    long now = System.nanoTime();
    return pushes.stream()
        .anyMatch(
            p ->
                p.user().equals(user)
                    && BastionTunnel.sameKey(p.key(), line)
                    && now - p.atNanos() < VALID.toNanos());
  }
}
