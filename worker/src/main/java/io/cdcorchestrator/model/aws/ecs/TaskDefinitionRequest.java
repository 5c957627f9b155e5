package io.cdcorchestrator.model.aws.ecs;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * @param databaseSecretArn the RDS-managed master secret (JSON with {@code username}, {@code
 *     password})
 */
public record TaskDefinitionRequest(
    AwsStack stack,
    String image,
    int cpu,
    int memory,
    String executionRoleArn,
    String logGroup,
    String region,
    String bootstrapServers,
    int brokers,
    boolean tls,
    String databaseSecretArn) {
  public static final String TYPE = "aws:ecs:task-definition";
  public static final String DATABASE_USER_ENV = "CDC_DATABASE_USER";
  public static final String DATABASE_PASSWORD_ENV = "CDC_DATABASE_PASSWORD";

  public String family() {
    return stack.name(AwsNames.CONNECT);
  }
}
