package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The pipeline's VPC ({@code cdc-<name>-vpc}); state {@code pending} → {@code available}. */
public final class Vpc implements AwsResource<VpcRequest> {

  private final Ec2Client ec2;

  public Vpc(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return VpcRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    VpcRequest vpc = new VpcRequest(stack, null);
    return AwsResource.found(vpc, find(vpc));
  }

  @Override
  public Optional<ResourceRecord> find(VpcRequest q) {
    return ec2.describeVpcs(r -> r.filters(Ec2Tags.owned(q.stack(), q.name()))).vpcs().stream()
        .findFirst()
        .map(Vpc::record);
  }

  @Override
  public ResourceRecord create(VpcRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                ec2.createVpc(
                        r ->
                            r.cidrBlock(q.cidr())
                                .tagSpecifications(
                                    Ec2Tags.on(ResourceType.VPC, q.stack(), q.name())))
                    .vpc()));
  }

  @Override
  public void delete(ResourceRecord vpc) {
    AwsResource.deleteIgnoringNotFound(() -> ec2.deleteVpc(r -> r.vpcId(vpc.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord vpc) {
    return AwsResource.emptyIfNotFound(() -> read(vpc.id()));
  }

  private Optional<ResourceRecord> read(String vpcId) {
    return ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().stream().findFirst().map(Vpc::record);
  }

  private static ResourceRecord record(software.amazon.awssdk.services.ec2.model.Vpc v) {
    return new ResourceRecord(
        VpcRequest.TYPE,
        v.vpcId(),
        v.stateAsString(),
        AwsResource.attributes("cidr", v.cidrBlock()));
  }
}
