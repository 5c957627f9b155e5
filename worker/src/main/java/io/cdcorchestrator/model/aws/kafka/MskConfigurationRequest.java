package io.cdcorchestrator.model.aws.kafka;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * What creates {@code aws:kafka:configuration}: see the resource file {@code
 * aws/kafka/MskConfiguration.java}.
 */
public record MskConfigurationRequest(AwsStack stack, String kafkaVersion, String serverProperties)
    implements AwsRequest {
  public static final String TYPE = "aws:kafka:configuration";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(MskClusterRequest.KIND);

  /**
   * Broker settings for a CDC pipeline: topics created on demand, replicated on up to 3 brokers.
   */
  public static String serverProperties(int brokers) {
    return String.join(
        "\n",
        "auto.create.topics.enable=true",
        "default.replication.factor=" + Math.min(brokers, 3),
        "min.insync.replicas=1",
        "delete.topic.enable=true");
  }

  public String name() {
    return stack.name(AwsNames.MSK_CONFIGURATION);
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
