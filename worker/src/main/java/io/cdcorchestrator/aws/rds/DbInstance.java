package io.cdcorchestrator.aws.rds;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The PostgreSQL instance. Its master password is managed by RDS in Secrets Manager: nobody
 * chooses, sees or passes it; the record carries only the secret's ARN ({@code
 * masterUserSecretArn}), which the ECS task definition turns into an environment variable inside
 * the container. Never publicly accessible, storage encrypted, deleted without a final snapshot (a
 * pipeline's database is disposable). State: AWS's {@code DBInstanceStatus} ({@code creating} …
 * {@code available}).
 */
public final class DbInstance implements AwsResource<DbInstanceRequest> {
  public static final String MASTER_USERNAME = "cdcadmin";
  static final String DELETING = "deleting";

  /**
   * Available; a state it cannot leave by waiting ends the wait. These are RDS's DBInstanceStatus
   * values, for which the SDK has no enum. A small single-AZ instance takes five to fifteen
   * minutes.
   */
  public static final Wait READY =
      Wait.until("available")
          .failingOn(
              "failed",
              DELETING,
              "storage-full",
              "incompatible-parameters",
              "incompatible-network",
              "incompatible-option-group",
              "incompatible-restore",
              "inaccessible-encryption-credentials")
          .notBefore(Duration.ofMinutes(5));

  /** Deleting an instance takes minutes too. */
  static final Wait DELETED =
      Wait.GONE.failingOn("failed", "incompatible-parameters").notBefore(Duration.ofMinutes(3));

  private final RdsClient rds;

  public DbInstance(RdsClient rds) {
    this.rds = rds;
  }

  @Override
  public String type() {
    return DbInstanceRequest.TYPE;
  }

  @Override
  public Wait readiness() {
    return READY;
  }

  @Override
  public Wait deletion() {
    return DELETED;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    DbInstanceRequest instance = new DbInstanceRequest(stack, null, null, 0, null, null, null);
    // one already deleting is on its way out: not something a sweep should delete again
    return AwsResource.found(instance, find(instance).filter(i -> !"deleting".equals(i.state())));
  }

  @Override
  public Optional<ResourceRecord> find(DbInstanceRequest q) {
    return read(q.identifier());
  }

  @Override
  public ResourceRecord create(DbInstanceRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                rds.createDBInstance(
                        r ->
                            r.dbInstanceIdentifier(q.identifier())
                                .engine("postgres")
                                .engineVersion(q.engineVersion())
                                .dbInstanceClass(q.instanceClass())
                                .allocatedStorage(q.storageGiB())
                                .storageType("gp3")
                                .storageEncrypted(true)
                                .dbName(PipelineNames.DATABASE)
                                .masterUsername(MASTER_USERNAME)
                                .manageMasterUserPassword(true)
                                .dbParameterGroupName(q.parameterGroupName())
                                .dbSubnetGroupName(q.subnetGroupName())
                                .vpcSecurityGroupIds(q.securityGroupId())
                                .publiclyAccessible(false)
                                .multiAZ(false)
                                .copyTagsToSnapshot(true)
                                .tags(
                                    q.stack()
                                        .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                    .dbInstance()));
  }

  @Override
  public void delete(ResourceRecord instance) {
    // deleting one that is already deleting answers InvalidDBInstanceState: that one is done too
    if (DELETING.equals(state(instance))) {
      return;
    }
    AwsResource.deleteIgnoringNotFound(
        () ->
            rds.deleteDBInstance(
                r ->
                    r.dbInstanceIdentifier(instance.id())
                        .skipFinalSnapshot(true)
                        .deleteAutomatedBackups(true)));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord instance) {
    return read(instance.id());
  }

  private Optional<ResourceRecord> read(String identifier) {
    return AwsResource.emptyIfNotFound(
        () ->
            rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream()
                .findFirst()
                .map(DbInstance::record));
  }

  /** Only non-secret facts; the endpoint appears once RDS has assigned it. */
  private static ResourceRecord record(DBInstance i) {
    boolean hasEndpoint = i.endpoint() != null && i.endpoint().address() != null;
    return new ResourceRecord(
        DbInstanceRequest.TYPE,
        i.dbInstanceIdentifier(),
        i.dbInstanceStatus(),
        AwsResource.attributes(
            "arn", i.dbInstanceArn(),
            "database", i.dbName(),
            "masterUsername", i.masterUsername(),
            "publiclyAccessible", String.valueOf(i.publiclyAccessible()),
            "masterUserSecretArn",
                i.masterUserSecret() == null ? null : i.masterUserSecret().secretArn(),
            "host", hasEndpoint ? i.endpoint().address() : null,
            "port", hasEndpoint ? String.valueOf(i.endpoint().port()) : null));
  }
}
