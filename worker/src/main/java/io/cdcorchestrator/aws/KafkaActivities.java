package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.kafka.MskConfigurationRequest;
import io.temporal.activity.ActivityInterface;

/** Amazon MSK: the broker configuration and the provisioned cluster. */
@ActivityInterface(namePrefix = "AwsKafka")
public interface KafkaActivities extends AwsResourceActivities {
  ResourceRecord createConfiguration(MskConfigurationRequest request);

  ResourceRecord createCluster(MskClusterRequest request);

  /**
   * The user's MSK cluster ({@code kafka.existing}), checked ACTIVE, as an adopted record with its
   * bootstrap brokers. Nothing is created.
   */
  ResourceRecord adoptCluster(String clusterArn);

  /** One describe: {@code ACTIVE}, else poll again; {@code FAILED} ends the wait. */
  Readiness awaitCluster(ResourceRecord cluster);

  /** The cluster as it is now: once ACTIVE, with its bootstrap brokers ({@code bootstrap}). */
  ResourceRecord describeCluster(ResourceRecord cluster);
}
