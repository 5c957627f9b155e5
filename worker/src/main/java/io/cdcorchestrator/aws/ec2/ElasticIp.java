package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.ElasticIpRequest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The NAT gateway's Elastic IP. State: {@code allocated}, or {@code associated} while a NAT gateway
 * holds it (release only after the NAT gateway is {@code deleted}: AWS answers
 * InvalidIPAddress.InUse).
 */
public final class ElasticIp implements AwsResource<ElasticIpRequest> {
  static final String ALLOCATED = "allocated";
  static final String ASSOCIATED = "associated";

  private final Ec2Client ec2;

  public ElasticIp(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return ElasticIpRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    ElasticIpRequest address = new ElasticIpRequest(stack);
    return AwsResource.found(address, find(address));
  }

  @Override
  public Optional<ResourceRecord> find(ElasticIpRequest q) {
    return ec2
        .describeAddresses(r -> r.filters(Ec2Tags.owned(q.stack(), q.name())))
        .addresses()
        .stream()
        .findFirst()
        .map(ElasticIp::record);
  }

  @Override
  public ResourceRecord create(ElasticIpRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () -> {
          String allocationId =
              ec2.allocateAddress(
                      r ->
                          r.domain(DomainType.VPC)
                              .tagSpecifications(
                                  Ec2Tags.on(ResourceType.ELASTIC_IP, q.stack(), q.name())))
                  .allocationId();
          return read(allocationId).orElseThrow();
        });
  }

  @Override
  public void delete(ResourceRecord address) {
    AwsResource.deleteIgnoringNotFound(() -> ec2.releaseAddress(r -> r.allocationId(address.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord address) {
    return AwsResource.emptyIfNotFound(() -> read(address.id()));
  }

  private Optional<ResourceRecord> read(String allocationId) {
    return ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses().stream()
        .findFirst()
        .map(ElasticIp::record);
  }

  private static ResourceRecord record(Address a) {
    return new ResourceRecord(
        ElasticIpRequest.TYPE,
        a.allocationId(),
        a.associationId() == null ? ALLOCATED : ASSOCIATED,
        AwsResource.attributes("publicIp", a.publicIp()));
  }
}
