package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.RouteRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A route in one of our route tables: the public default route to the internet gateway, the private
 * one to the NAT gateway. A route has no ID of its own; like Terraform, its ID is {@code <route
 * table>_<destination>}. State {@code active} or {@code blackhole} (target gone).
 */
public final class Route implements AwsResource<RouteRequest> {

  private final Ec2Client ec2;

  public Route(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return RouteRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    List<Found> found = new ArrayList<>();
    for (ResourceRecord table : AwsResource.ofType(earlier, RouteTableRequest.TYPE)) {
      RouteRequest route =
          new RouteRequest(stack, table.id(), RouteRequest.DEFAULT_DESTINATION, null);
      found.addAll(AwsResource.found(route, find(route)));
    }
    return found;
  }

  @Override
  public Optional<ResourceRecord> find(RouteRequest q) {
    return read(q.routeTableId(), q.destinationCidr());
  }

  @Override
  public ResourceRecord create(RouteRequest q) {
    boolean viaNat = q.target().startsWith("nat-");
    return AwsResource.findOrCreate(
        () -> find(q),
        () -> {
          ec2.createRoute(
              r -> {
                r.routeTableId(q.routeTableId()).destinationCidrBlock(q.destinationCidr());
                if (viaNat) {
                  r.natGatewayId(q.target());
                } else {
                  r.gatewayId(q.target());
                }
              });
          return find(q).orElseThrow();
        });
  }

  @Override
  public void delete(ResourceRecord route) {
    AwsResource.deleteIgnoringNotFound(
        () ->
            ec2.deleteRoute(
                r ->
                    r.routeTableId(route.attr("routeTableId"))
                        .destinationCidrBlock(route.attr("destinationCidr"))));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord route) {
    return AwsResource.emptyIfNotFound(
        () -> read(route.attr("routeTableId"), route.attr("destinationCidr")));
  }

  private Optional<ResourceRecord> read(String tableId, String destination) {
    return ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().stream()
        .flatMap(t -> t.routes().stream())
        .filter(route -> destination.equals(route.destinationCidrBlock()))
        .findFirst()
        .map(
            route ->
                new ResourceRecord(
                    RouteRequest.TYPE,
                    RouteRequest.routeId(tableId, destination),
                    route.stateAsString(),
                    AwsResource.attributes(
                        "routeTableId",
                        tableId,
                        "destinationCidr",
                        destination,
                        "target",
                        route.natGatewayId() != null ? route.natGatewayId() : route.gatewayId())));
  }
}
