package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.Existing;
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
   * The user's PostgreSQL ({@code database.existing}) as an adopted record with its endpoint: an
   * RDS instance is checked (available, PostgreSQL, in {@code vpcId}); an endpoint is taken as
   * given. Nothing is created or modified.
   */
  ResourceRecord adoptInstance(Existing.Database database, String vpcId);

  /**
   * {@code cdc up --allow-reboot}: {@code rds.logical_replication=1} in the adopted instance's
   * parameter group (a copy of a {@code default.} group, attached), then a reboot. State {@code
   * in-sync} when nothing needed changing, else {@code rebooting}; {@code parameterGroup} names the
   * group.
   */
  ResourceRecord enableLogicalReplication(ResourceRecord instance);

  /**
   * One describe: the instance available on the record's {@code parameterGroup} with nothing
   * pending a reboot, else poll again.
   */
  Readiness awaitLogicalReplication(ResourceRecord instance);

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
