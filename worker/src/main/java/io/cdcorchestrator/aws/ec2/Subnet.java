package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * One of the four subnets ({@code cdc-<name>-public-1} …): public ones hold the ALB and the NAT
 * gateway, private ones RDS, the MSK brokers and the Fargate tasks. No public IPs on launch:
 * nothing we run needs one.
 */
public final class Subnet implements AwsResource<SubnetRequest> {

  private final Ec2Client ec2;

  public Subnet(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return SubnetRequest.TYPE;
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
