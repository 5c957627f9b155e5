package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.aws.rds.DbParameterGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import io.temporal.activity.ActivityInterface;

/** RDS PostgreSQL. The master password stays in Secrets Manager: records carry only its ARN. */
@ActivityInterface(namePrefix = "AwsDatabase")
public interface DatabaseActivities extends AwsResourceActivities {
  ResourceRecord createParameterGroup(DbParameterGroupRequest request);

  ResourceRecord createSubnetGroup(DbSubnetGroupRequest request);

  ResourceRecord createInstance(DbInstanceRequest request);

  /**
   * One describe: {@code available}, else poll again; failed and incompatible-* states end the
   * wait.
   */
  Readiness awaitInstance(ResourceRecord instance);

  /** The instance as it is now: once available, with its endpoint and master secret ARN. */
  ResourceRecord describeInstance(ResourceRecord instance);

  /**
   * The id of the database secret's {@code AWSCURRENT} version (a version id, not the secret): a
   * new one means the secret rotated since Kafka Connect's tasks started.
   */
  String secretVersion(String secretArn);
}
