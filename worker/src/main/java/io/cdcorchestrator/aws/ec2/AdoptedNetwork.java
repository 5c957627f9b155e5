package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The user's VPC and subnets ({@code network.existing}): described and checked, never created,
 * tagged or deleted. The records it returns say {@code ownership: adopted}, so teardown and
 * compensation skip them, and carry no pipeline tag, so {@code cdc sweep} never finds them.
 */
public final class AdoptedNetwork {
  /** Why an adoption is refused: retrying cannot make a missing VPC appear. */
  public static final String REFUSED = "AdoptionRefused";

  private final Ec2Client ec2;

  public AdoptedNetwork(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** The VPC first, then the private subnets, then the public ones, as the spec lists them. */
  public List<ResourceRecord> adopt(Existing.Network net) {
    Vpc vpc =
        AwsResource.emptyIfNotFound(
                () -> ec2.describeVpcs(r -> r.vpcIds(net.vpcId())).vpcs().stream().findFirst())
            .orElseThrow(
                () -> refused("network.existing.vpcId: " + net.vpcId() + " does not exist"));
    if (!"available".equals(vpc.stateAsString())) {
      throw refused(
          "network.existing.vpcId: "
              + net.vpcId()
              + " is "
              + vpc.stateAsString()
              + ", not available");
    }
    List<ResourceRecord> records = new ArrayList<>();
    records.add(
        new ResourceRecord(
            VpcRequest.TYPE,
            vpc.vpcId(),
            vpc.stateAsString(),
            Map.of(ResourceRecord.OWNERSHIP, ResourceRecord.ADOPTED, "cidr", vpc.cidrBlock())));
    records.addAll(subnets(net, "privateSubnetIds", net.privateSubnetIds(), true));
    records.addAll(subnets(net, "publicSubnetIds", net.publicSubnetIds(), false));
    return records;
  }

  private List<ResourceRecord> subnets(
      Existing.Network net, String field, List<String> ids, boolean twoZones) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Subnet> found =
        AwsResource.emptyIfNotFound(
                () -> java.util.Optional.of(ec2.describeSubnets(r -> r.subnetIds(ids)).subnets()))
            .orElse(List.of());
    List<ResourceRecord> records = new ArrayList<>();
    Set<String> zones = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String at = "network.existing." + field + "[" + i + "]: " + id;
      Subnet s =
          found.stream()
              .filter(f -> f.subnetId().equals(id))
              .findFirst()
              .orElseThrow(() -> refused(at + " does not exist"));
      if (!net.vpcId().equals(s.vpcId())) {
        throw refused(at + " is in " + s.vpcId() + ", not in " + net.vpcId());
      }
      if (!"available".equals(s.stateAsString())) {
        throw refused(at + " is " + s.stateAsString() + ", not available");
      }
      zones.add(s.availabilityZone());
      records.add(
          new ResourceRecord(
              SubnetRequest.TYPE,
              id,
              s.stateAsString(),
              Map.of(
                  ResourceRecord.OWNERSHIP,
                  ResourceRecord.ADOPTED,
                  "cidr",
                  s.cidrBlock(),
                  "zone",
                  s.availabilityZone())));
    }
    if (twoZones && zones.size() < 2) {
      throw refused(
          "network.existing."
              + field
              + ": all in "
              + zones
              + "; RDS, MSK and the load balancer need subnets in at least 2 availability zones");
    }
    return records;
  }

  static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, REFUSED);
  }
}
