package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.InternetGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The internet gateway and its attachment to the VPC, as one resource: create makes and attaches it
 * (attaching again if a crash came between the two), delete detaches and deletes. State is the
 * attachment's: {@code available} once attached, {@code detached} before.
 */
public final class InternetGateway implements AwsResource<InternetGatewayRequest> {
  static final String DETACHED = "detached";

  private final Ec2Client ec2;

  public InternetGateway(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return InternetGatewayRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    String vpcId = AwsResource.first(earlier, VpcRequest.TYPE).map(ResourceRecord::id).orElse("");
    InternetGatewayRequest gateway = new InternetGatewayRequest(stack, vpcId);
    return AwsResource.found(gateway, find(gateway));
  }

  @Override
  public Optional<ResourceRecord> find(InternetGatewayRequest q) {
    return ec2
        .describeInternetGateways(r -> r.filters(Ec2Tags.owned(q.stack(), q.name())))
        .internetGateways()
        .stream()
        .findFirst()
        .map(g -> record(g, q.vpcId()));
  }

  @Override
  public ResourceRecord create(InternetGatewayRequest q) {
    ResourceRecord gateway =
        AwsResource.findOrCreate(
            () -> find(q),
            () ->
                record(
                    ec2.createInternetGateway(
                            r ->
                                r.tagSpecifications(
                                    Ec2Tags.on(ResourceType.INTERNET_GATEWAY, q.stack(), q.name())))
                        .internetGateway(),
                    q.vpcId()));
    if (!DETACHED.equals(gateway.state())) {
      return gateway;
    }
    try {
      ec2.attachInternetGateway(r -> r.internetGatewayId(gateway.id()).vpcId(q.vpcId()));
    } catch (RuntimeException e) {
      if (!AwsErrors.isAlreadyExists(
          e)) { // Resource.AlreadyAssociated: an earlier attempt attached it
        throw e;
      }
    }
    return read(gateway.id(), q.vpcId()).orElseThrow();
  }

  @Override
  public void delete(ResourceRecord gateway) {
    // Gateway.NotAttached reads as "not found": the detach is already done
    AwsResource.deleteIgnoringNotFound(
        () ->
            ec2.detachInternetGateway(
                r -> r.internetGatewayId(gateway.id()).vpcId(gateway.attr("vpcId"))));
    AwsResource.deleteIgnoringNotFound(
        () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(gateway.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord gateway) {
    return AwsResource.emptyIfNotFound(() -> read(gateway.id(), gateway.attr("vpcId")));
  }

  private Optional<ResourceRecord> read(String gatewayId, String vpcId) {
    return ec2
        .describeInternetGateways(r -> r.internetGatewayIds(gatewayId))
        .internetGateways()
        .stream()
        .findFirst()
        .map(g -> record(g, vpcId));
  }

  private static ResourceRecord record(
      software.amazon.awssdk.services.ec2.model.InternetGateway g, String vpcId) {
    String state =
        g.attachments().stream()
            .filter(a -> vpcId.equals(a.vpcId()))
            .map(a -> a.stateAsString())
            .findFirst()
            .orElse(DETACHED);
    return new ResourceRecord(
        InternetGatewayRequest.TYPE,
        g.internetGatewayId(),
        state,
        AwsResource.attributes("vpcId", vpcId));
  }
}
