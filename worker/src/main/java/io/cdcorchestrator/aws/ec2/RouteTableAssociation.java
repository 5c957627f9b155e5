package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.RouteTableAssociationRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A subnet's association with one of our route tables (public subnets → public table, private →
 * private). State {@code associated} (also {@code associating}, {@code disassociating}).
 */
public final class RouteTableAssociation implements AwsResource<RouteTableAssociationRequest> {

  private final Ec2Client ec2;

  public RouteTableAssociation(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return RouteTableAssociationRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    List<Found> found = new ArrayList<>();
    for (ResourceRecord table : AwsResource.ofType(earlier, RouteTableRequest.TYPE)) {
      for (ResourceRecord a : findInTable(table.id())) {
        RouteTableAssociationRequest association =
            new RouteTableAssociationRequest(stack, table.id(), a.attr("subnetId"));
        found.add(new Found(association.intendedId(), a));
      }
    }
    return found;
  }

  @Override
  public Optional<ResourceRecord> find(RouteTableAssociationRequest q) {
    return read(q.routeTableId(), a -> q.subnetId().equals(a.subnetId()));
  }

  @Override
  public ResourceRecord create(RouteTableAssociationRequest q) {
    // a subnet associated with another table answers Resource.AlreadyAssociated, and find then
    // finds nothing in ours: that error is passed on
    return AwsResource.findOrCreate(
        () -> find(q),
        () -> {
          ec2.associateRouteTable(r -> r.routeTableId(q.routeTableId()).subnetId(q.subnetId()));
          return find(q).orElseThrow();
        });
  }

  /** The table's associations with subnets (not the main one, which goes with the VPC). */
  private List<ResourceRecord> findInTable(String tableId) {
    return ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().stream()
        .flatMap(t -> t.associations().stream())
        .filter(a -> a.subnetId() != null && !Boolean.TRUE.equals(a.main()))
        .map(
            a ->
                new ResourceRecord(
                    RouteTableAssociationRequest.TYPE,
                    a.routeTableAssociationId(),
                    "associated",
                    AwsResource.attributes("routeTableId", tableId, "subnetId", a.subnetId())))
        .toList();
  }

  @Override
  public void delete(ResourceRecord association) {
    AwsResource.deleteIgnoringNotFound(
        () -> ec2.disassociateRouteTable(r -> r.associationId(association.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord association) {
    return AwsResource.emptyIfNotFound(
        () ->
            read(
                association.attr("routeTableId"),
                a -> association.id().equals(a.routeTableAssociationId())));
  }

  private Optional<ResourceRecord> read(
      String tableId,
      Predicate<software.amazon.awssdk.services.ec2.model.RouteTableAssociation> which) {
    return ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().stream()
        .flatMap(t -> t.associations().stream())
        .filter(which)
        .findFirst()
        .map(
            a ->
                new ResourceRecord(
                    RouteTableAssociationRequest.TYPE,
                    a.routeTableAssociationId(),
                    a.associationState() == null
                        ? "associated"
                        : a.associationState().stateAsString(),
                    AwsResource.attributes("routeTableId", tableId, "subnetId", a.subnetId())));
  }
}
