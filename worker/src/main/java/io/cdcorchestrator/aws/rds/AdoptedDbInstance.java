package io.cdcorchestrator.aws.rds;

import io.cdcorchestrator.aws.ec2.AdoptedNetwork;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The user's PostgreSQL ({@code database.existing}): by instance id an RDS instance, described and
 * checked (available, PostgreSQL, in the adopted VPC); by endpoint a server this pipeline knows
 * only by address. Never created, modified or deleted; the record says {@code ownership: adopted}.
 */
public final class AdoptedDbInstance {
  private final RdsClient rds;

  public AdoptedDbInstance(RdsClient rds) {
    this.rds = rds;
  }

  public ResourceRecord adopt(Existing.Database db, String vpcId) {
    if (db.instanceId() == null) {
      return new ResourceRecord(
          DbInstanceRequest.TYPE,
          db.host() + ":" + db.port(),
          "adopted",
          AwsResource.attributes(
              ResourceRecord.OWNERSHIP,
              ResourceRecord.ADOPTED,
              "host",
              db.host(),
              "port",
              String.valueOf(db.port()),
              "database",
              db.databaseName(),
              "masterUsername",
              db.user()));
    }
    String field = "database.existing.instanceId: " + db.instanceId();
    DBInstance i =
        AwsResource.emptyIfNotFound(
                () ->
                    rds
                        .describeDBInstances(r -> r.dbInstanceIdentifier(db.instanceId()))
                        .dbInstances()
                        .stream()
                        .findFirst())
            .orElseThrow(() -> refused(field + " does not exist"));
    if (!i.engine().startsWith("postgres")) {
      throw refused(field + " runs " + i.engine() + ", not PostgreSQL");
    }
    if (!"available".equals(i.dbInstanceStatus())) {
      throw refused(field + " is " + i.dbInstanceStatus() + ", not available");
    }
    String inVpc = i.dbSubnetGroup() == null ? null : i.dbSubnetGroup().vpcId();
    if (!vpcId.equals(inVpc)) {
      throw refused(field + " is in " + inVpc + ", not in network.existing.vpcId " + vpcId);
    }
    return new ResourceRecord(
        DbInstanceRequest.TYPE,
        i.dbInstanceIdentifier(),
        i.dbInstanceStatus(),
        AwsResource.attributes(
            ResourceRecord.OWNERSHIP,
            ResourceRecord.ADOPTED,
            "arn",
            i.dbInstanceArn(),
            "host",
            i.endpoint().address(),
            "port",
            String.valueOf(i.endpoint().port()),
            "database",
            Optional.ofNullable(db.database())
                .or(() -> Optional.ofNullable(i.dbName()))
                .orElse(Existing.Database.DEFAULT_DATABASE),
            "masterUsername",
            db.user(),
            "parameterGroup",
            i.dbParameterGroups().isEmpty()
                ? null
                : i.dbParameterGroups().get(0).dbParameterGroupName()));
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, AdoptedNetwork.REFUSED);
  }
}
