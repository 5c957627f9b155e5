package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * One of the four subnets ({@code cdc-<name>-public-1} …): public ones hold the ALB and the NAT
 * gateway, private ones RDS, the MSK brokers and the Fargate tasks. No public IPs on launch:
 * nothing we run needs one.
 */
public final class Subnet implements AwsResource<SubnetRequest> {

  /** More subnets per kind than any spec asks for: discovery stops at the first missing one. */
  private static final int MAX_SUBNETS = 8;

  private final Ec2Client ec2;

  public Subnet(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return SubnetRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    Optional<ResourceRecord> vpc = AwsResource.first(earlier, VpcRequest.TYPE);
    List<Found> found = new ArrayList<>();
    if (vpc.isEmpty()) {
      return found;
    }
    for (boolean isPublic : new boolean[] {true, false}) {
      for (int i = 0; i < MAX_SUBNETS; i++) {
        String suffix = isPublic ? AwsNames.publicSubnet(i) : AwsNames.privateSubnet(i);
        SubnetRequest subnet = new SubnetRequest(stack, vpc.get().id(), suffix, null, null);
        List<Found> one = AwsResource.found(subnet, find(subnet));
        if (one.isEmpty()) {
          break;
        }
        found.addAll(one);
      }
    }
    return found;
  }

  @Override
  public Optional<ResourceRecord> find(SubnetRequest q) {
    return ec2
        .describeSubnets(
            r -> r.filters(Ec2Tags.owned(q.stack(), q.name(), Ec2Tags.filter("vpc-id", q.vpcId()))))
        .subnets()
        .stream()
        .findFirst()
        .map(Subnet::record);
  }

  @Override
  public ResourceRecord create(SubnetRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                ec2.createSubnet(
                        r ->
                            r.vpcId(q.vpcId())
                                .cidrBlock(q.cidr())
                                .availabilityZone(q.availabilityZone())
                                .tagSpecifications(
                                    Ec2Tags.on(ResourceType.SUBNET, q.stack(), q.name())))
                    .subnet()));
  }

  @Override
  public void delete(ResourceRecord subnet) {
    AwsResource.deleteIgnoringNotFound(() -> ec2.deleteSubnet(r -> r.subnetId(subnet.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord subnet) {
    return AwsResource.emptyIfNotFound(() -> read(subnet.id()));
  }

  private Optional<ResourceRecord> read(String subnetId) {
    return ec2.describeSubnets(r -> r.subnetIds(subnetId)).subnets().stream()
        .findFirst()
        .map(Subnet::record);
  }

  private static ResourceRecord record(software.amazon.awssdk.services.ec2.model.Subnet s) {
    return new ResourceRecord(
        SubnetRequest.TYPE,
        s.subnetId(),
        s.stateAsString(),
        AwsResource.attributes(
            "vpcId", s.vpcId(), "cidr", s.cidrBlock(), "availabilityZone", s.availabilityZone()));
  }
}
