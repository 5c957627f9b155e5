package io.cdcorchestrator.model.aws.kafka;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import java.time.Duration;
import java.util.List;

/**
 * What creates {@code aws:kafka:cluster}: see the resource file {@code aws/kafka/MskCluster.java}.
 */
public record MskClusterRequest(
    AwsStack stack,
    String kafkaVersion,
    String brokerType,
    int brokers,
    int storageGiB,
    boolean tls,
    List<String> clientSubnetIds,
    String securityGroupId,
    String configurationArn,
    long configurationRevision)
    implements AwsRequest {
  public static final String TYPE = "aws:kafka:cluster";
  public static final AwsType KIND =
      AwsType.of(TYPE)
          .awaitReady(Duration.ofMinutes(120))
          .awaitGone(Duration.ofMinutes(90))
          .tornDownFirstIn(AwsType.TeardownBranch.KAFKA);
  public static final int PLAINTEXT_PORT = 9092;
  public static final int TLS_PORT = 9094;

  public static int port(boolean tls) {
    return tls ? TLS_PORT : PLAINTEXT_PORT;
  }

  public String name() {
    return stack.name(AwsNames.MSK_CLUSTER);
  }

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return name();
  }
}
