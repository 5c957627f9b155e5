package io.cdcorchestrator.aws.rds;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.rds.DbParameterGroupRequest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBParameterGroup;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The DB parameter group with {@code rds.logical_replication=1}. The parameter is static: attached
 * when the instance is created it needs no reboot. Create sets it every time (also on a group an
 * earlier attempt created but crashed before modifying). AWS gives parameter groups no state.
 */
public final class DbParameterGroup implements AwsResource<DbParameterGroupRequest> {
  static final String LOGICAL_REPLICATION = "rds.logical_replication";

  private final RdsClient rds;

  public DbParameterGroup(RdsClient rds) {
    this.rds = rds;
  }

  @Override
  public String type() {
    return DbParameterGroupRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    DbParameterGroupRequest group = new DbParameterGroupRequest(stack, null);
    return AwsResource.found(group, find(group));
  }

  @Override
  public Optional<ResourceRecord> find(DbParameterGroupRequest q) {
    return read(q.name());
  }

  @Override
  public ResourceRecord create(DbParameterGroupRequest q) {
    ResourceRecord group =
        AwsResource.findOrCreate(
            () -> find(q),
            () ->
                record(
                    rds.createDBParameterGroup(
                            r ->
                                r.dbParameterGroupName(q.name())
                                    .dbParameterGroupFamily("postgres" + q.engineMajor())
                                    .description(
                                        "Debezium CDC: logical replication for pipeline "
                                            + q.stack().pipeline())
                                    .tags(
                                        q.stack()
                                            .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                        .dbParameterGroup()));
    rds.modifyDBParameterGroup(
        r ->
            r.dbParameterGroupName(q.name())
                .parameters(
                    Parameter.builder()
                        .parameterName(LOGICAL_REPLICATION)
                        .parameterValue("1")
                        .applyMethod(ApplyMethod.PENDING_REBOOT)
                        .build()));
    return group;
  }

  @Override
  public void delete(ResourceRecord group) {
    AwsResource.deleteIgnoringNotFound(
        () -> rds.deleteDBParameterGroup(r -> r.dbParameterGroupName(group.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord group) {
    return read(group.id());
  }

  private Optional<ResourceRecord> read(String name) {
    return AwsResource.emptyIfNotFound(
        () ->
            rds
                .describeDBParameterGroups(r -> r.dbParameterGroupName(name))
                .dbParameterGroups()
                .stream()
                .findFirst()
                .map(DbParameterGroup::record));
  }

  private static ResourceRecord record(DBParameterGroup g) {
    return new ResourceRecord(
        DbParameterGroupRequest.TYPE,
        g.dbParameterGroupName(),
        AVAILABLE,
        AwsResource.attributes("family", g.dbParameterGroupFamily()));
  }
}
