package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.rds.DbInstance;
import io.cdcorchestrator.aws.rds.DbParameterGroup;
import io.cdcorchestrator.aws.rds.DbSubnetGroup;
import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.temporal.activity.ActivityInterface;

/** RDS PostgreSQL. The master password stays in Secrets Manager: records carry only its ARN. */
@ActivityInterface(namePrefix = "AwsDatabase")
public interface DatabaseActivities {
  ResourceRecord createParameterGroup(DbParameterGroup.Request request);

  ResourceRecord createSubnetGroup(DbSubnetGroup.Request request);

  ResourceRecord createInstance(DbInstance.Request request);

  /** One describe: {@code available}, else poll again; failed and incompatible-* states end the wait. */
  Readiness awaitInstance(ResourceRecord instance);

  /** The instance as it is now: once available, with its endpoint and master secret ARN. */
  ResourceRecord describeInstance(ResourceRecord instance);

  void delete(ResourceRecord resource);

  /** Waits for a deleted resource (the DB instance: minutes) to be gone. Also for a record whose create was never confirmed. */
  Readiness awaitDeleted(ResourceRecord resource);
}
