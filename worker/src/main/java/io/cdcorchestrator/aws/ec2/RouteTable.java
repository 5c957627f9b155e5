package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The public or the private route table; its default route and subnet associations are their own
 * resources ({@link Route}, {@link RouteTableAssociation}). AWS gives route tables no state.
 */
public final class RouteTable implements AwsResource<RouteTableRequest> {

  private final Ec2Client ec2;

  public RouteTable(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return RouteTableRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    Optional<ResourceRecord> vpc = AwsResource.first(earlier, VpcRequest.TYPE);
    List<Found> found = new ArrayList<>();
    for (boolean isPublic : vpc.isEmpty() ? new boolean[0] : new boolean[] {true, false}) {
      RouteTableRequest table = new RouteTableRequest(stack, vpc.get().id(), isPublic);
      found.addAll(AwsResource.found(table, find(table)));
    }
    return found;
  }

  @Override
  public Optional<ResourceRecord> find(RouteTableRequest q) {
    return ec2
        .describeRouteTables(
            r -> r.filters(Ec2Tags.owned(q.stack(), q.name(), Ec2Tags.filter("vpc-id", q.vpcId()))))
        .routeTables()
        .stream()
        .findFirst()
        .map(RouteTable::record);
  }

  @Override
  public ResourceRecord create(RouteTableRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                ec2.createRouteTable(
                        r ->
                            r.vpcId(q.vpcId())
                                .clientToken(q.clientToken())
                                .tagSpecifications(
                                    Ec2Tags.on(ResourceType.ROUTE_TABLE, q.stack(), q.name())))
                    .routeTable()));
  }

  @Override
  public void delete(ResourceRecord table) {
    AwsResource.deleteIgnoringNotFound(() -> ec2.deleteRouteTable(r -> r.routeTableId(table.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord table) {
    return AwsResource.emptyIfNotFound(() -> read(table.id()));
  }

  private Optional<ResourceRecord> read(String tableId) {
    return ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().stream()
        .findFirst()
        .map(RouteTable::record);
  }

  private static ResourceRecord record(software.amazon.awssdk.services.ec2.model.RouteTable t) {
    return new ResourceRecord(
        RouteTableRequest.TYPE,
        t.routeTableId(),
        AVAILABLE,
        AwsResource.attributes("vpcId", t.vpcId()));
  }
}
