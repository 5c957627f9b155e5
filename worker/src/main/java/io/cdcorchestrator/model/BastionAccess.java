package io.cdcorchestrator.model;

/**
 * How the data-plane worker reaches a private database and Kafka Connect: an SSH session to the
 * bastion, authorised by a key pushed through EC2 Instance Connect for that one session. Nothing
 * here is secret: the host key is the bastion's public key.
 *
 * @param hostKey the bastion's SSH host key (OpenSSH public-key line), pinned on first use and
 *     carried in the workflow's state; null only before that first connection
 */
public record BastionAccess(
    String instanceId, String region, String host, int port, String user, String hostKey) {
  public static final int SSH_PORT = 22;

  /** Amazon Linux's default user, the one EC2 Instance Connect pushes keys for. */
  public static final String DEFAULT_USER = "ec2-user";

  public BastionAccess pinned(String key) {
    return new BastionAccess(instanceId, region, host, port, user, key);
  }

  @Override
  public String toString() {
    return "bastion " + instanceId + " (" + user + "@" + host + ":" + port + ")";
  }
}
