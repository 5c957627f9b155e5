package io.cdcorchestrator.model.aws.ecs;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

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
    String databaseSecretArn)
    implements AwsRequest {
  public static final String TYPE = "aws:ecs:task-definition";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(EcsClusterRequest.KIND);
  public static final String DATABASE_USER_ENV = "CDC_DATABASE_USER";
  public static final String DATABASE_PASSWORD_ENV = "CDC_DATABASE_PASSWORD";

  public String family() {
    return stack.name(AwsNames.CONNECT);
  }

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return family();
  }
}
