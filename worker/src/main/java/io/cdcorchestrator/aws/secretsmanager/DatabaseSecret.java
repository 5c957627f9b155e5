package io.cdcorchestrator.aws.secretsmanager;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The database's secret in Secrets Manager (for the stack's own database, the one RDS manages for
 * its master user and rotates, every 7 days by default). Only its current version's id is read,
 * never its value: ECS injects the value into Kafka Connect's tasks when they start, so a new
 * version means the running tasks hold an old password.
 */
public final class DatabaseSecret {
  static final String CURRENT = "AWSCURRENT";

  private final SecretsManagerClient secrets;

  public DatabaseSecret(SecretsManagerClient secrets) {
    this.secrets = secrets;
  }

  /** The id of the version labelled {@code AWSCURRENT} (DescribeSecret, no GetSecretValue). */
  public Optional<String> currentVersion(String secretArn) {
    return secrets
        .describeSecret(r -> r.secretId(secretArn))
        .versionIdsToStages()
        .entrySet()
        .stream()
        .filter(e -> e.getValue().contains(CURRENT))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
