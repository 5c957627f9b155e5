package io.cdcorchestrator.aws.rds;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The DB subnet group over the private subnets (two AZs, as RDS requires). State: AWS's {@code
 * SubnetGroupStatus} ({@code Complete}).
 */
public final class DbSubnetGroup implements AwsResource<DbSubnetGroupRequest> {

  private final RdsClient rds;

  public DbSubnetGroup(RdsClient rds) {
    this.rds = rds;
  }

  @Override
  public String type() {
    return DbSubnetGroupRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    DbSubnetGroupRequest group = new DbSubnetGroupRequest(stack, null);
    return AwsResource.found(group, find(group));
  }

  @Override
  public Optional<ResourceRecord> find(DbSubnetGroupRequest q) {
    return read(q.name());
  }

  @Override
  public ResourceRecord create(DbSubnetGroupRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                rds.createDBSubnetGroup(
                        r ->
                            r.dbSubnetGroupName(q.name())
                                .dbSubnetGroupDescription(
                                    "Debezium CDC: private subnets of pipeline "
                                        + q.stack().pipeline())
                                .subnetIds(q.subnetIds())
                                .tags(
                                    q.stack()
                                        .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                    .dbSubnetGroup()));
  }

  @Override
  public void delete(ResourceRecord group) {
    AwsResource.deleteIgnoringNotFound(
        () -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(group.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord group) {
    return read(group.id());
  }

  private Optional<ResourceRecord> read(String name) {
    return AwsResource.emptyIfNotFound(
        () ->
            rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(name)).dbSubnetGroups().stream()
                .findFirst()
                .map(DbSubnetGroup::record));
  }

  private static ResourceRecord record(DBSubnetGroup g) {
    return new ResourceRecord(
        DbSubnetGroupRequest.TYPE,
        g.dbSubnetGroupName(),
        g.subnetGroupStatus(),
        AwsResource.attributes("vpcId", g.vpcId()));
  }
}
