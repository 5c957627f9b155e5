package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The NAT gateway in the first public subnet, holding the Elastic IP: the private subnets' way out
 * (image pulls, Secrets Manager). State {@code pending} → {@code available} (or {@code failed},
 * with {@code failureMessage}); deletion goes {@code deleting} → {@code deleted}, and a deleted one
 * stays listed for a while, so find ignores it.
 */
public final class NatGateway implements AwsResource<NatGatewayRequest> {
  /**
   * The states of a NAT gateway that still counts as ours; {@code deleting}/{@code deleted} do not.
   */
  private static final String[] LIVE = {"pending", "available", "failed"};

  /**
   * Available; failed (with AWS's message), deleting or deleted end the wait. A NAT gateway takes
   * one to three minutes.
   */
  public static final Wait READY =
      Wait.until(NatGatewayState.AVAILABLE)
          .failingOn(NatGatewayState.FAILED, NatGatewayState.DELETING, NatGatewayState.DELETED)
          .notBefore(Duration.ofMinutes(1));

  /** Gone, or listed as deleted, which it reads after a minute or so. */
  static final Wait DELETED = Wait.until(NatGatewayState.DELETED).notBefore(Duration.ofSeconds(30));

  private final Ec2Client ec2;

  public NatGateway(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return NatGatewayRequest.TYPE;
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
    NatGatewayRequest gateway = new NatGatewayRequest(stack, null, null);
    return AwsResource.found(gateway, find(gateway));
  }

  @Override
  public Optional<ResourceRecord> find(NatGatewayRequest q) {
    return ec2
        .describeNatGateways(
            r -> r.filter(Ec2Tags.owned(q.stack(), q.name(), Ec2Tags.filter("state", LIVE))))
        .natGateways()
        .stream()
        // moto answers every NAT gateway whatever the tag filters: never take another pipeline's
        .filter(g -> Ec2Tags.isOwned(g.tags(), q.stack(), q.name()))
        .findFirst()
        .map(NatGateway::record);
  }

  @Override
  public ResourceRecord create(NatGatewayRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                ec2.createNatGateway(
                        r ->
                            r.subnetId(q.subnetId())
                                .allocationId(q.allocationId())
                                .clientToken(q.clientToken())
                                .tagSpecifications(
                                    Ec2Tags.on(ResourceType.NATGATEWAY, q.stack(), q.name())))
                    .natGateway()));
  }

  @Override
  public void delete(ResourceRecord gateway) {
    AwsResource.deleteIgnoringNotFound(
        () -> ec2.deleteNatGateway(r -> r.natGatewayId(gateway.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord gateway) {
    return AwsResource.emptyIfNotFound(() -> read(gateway.id()));
  }

  private Optional<ResourceRecord> read(String gatewayId) {
    return ec2.describeNatGateways(r -> r.natGatewayIds(gatewayId)).natGateways().stream()
        .findFirst()
        .map(NatGateway::record);
  }

  private static ResourceRecord record(software.amazon.awssdk.services.ec2.model.NatGateway g) {
    String allocationId =
        g.natGatewayAddresses().stream().findFirst().map(a -> a.allocationId()).orElse(null);
    return new ResourceRecord(
        NatGatewayRequest.TYPE,
        g.natGatewayId(),
        g.stateAsString(),
        AwsResource.attributes(
            "subnetId",
            g.subnetId(),
            "allocationId",
            allocationId,
            "failureMessage",
            g.failureMessage()));
  }
}
