package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.kafka.MskCluster;
import io.cdcorchestrator.aws.kafka.MskConfiguration;
import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.temporal.activity.ActivityInterface;

/** Amazon MSK: the broker configuration and the provisioned cluster. */
@ActivityInterface(namePrefix = "AwsKafka")
public interface KafkaActivities {
  ResourceRecord createConfiguration(MskConfiguration.Request request);

  ResourceRecord createCluster(MskCluster.Request request);

  /** One describe: {@code ACTIVE}, else poll again; {@code FAILED} ends the wait. */
  Readiness awaitCluster(ResourceRecord cluster);

  /** The cluster as it is now: once ACTIVE, with its bootstrap brokers ({@code bootstrap}). */
  ResourceRecord describeCluster(ResourceRecord cluster);

  void delete(ResourceRecord resource);

  /** Waits for a deleted resource (the MSK cluster: 10 to 30 minutes) to be gone. Also for a record whose create was never confirmed. */
  Readiness awaitDeleted(ResourceRecord resource);
}
