package io.cdcorchestrator.dataplane;

/**
 * Authorises a public key on a bastion for one connection. In production EC2 Instance Connect
 * ({@link InstanceConnectKeyPush}); the tunnel tests use a test double tied to their embedded SSH
 * server, so the key the server accepts is exactly the key that was pushed.
 */
public interface SshKeyPush {
  /**
   * @param publicKey an OpenSSH public-key line ({@code ssh-rsa AAAA…})
   * @throws io.temporal.failure.ApplicationFailure when the push is refused (non-retryable where
   *     retrying cannot help, e.g. missing IAM permission)
   */
  void push(String region, String instanceId, String osUser, String publicKey);
}
