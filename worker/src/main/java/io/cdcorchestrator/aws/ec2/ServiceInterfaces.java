package io.cdcorchestrator.aws.ec2;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The network interfaces AWS services keep in the VPC for resources of theirs (RDS, the load
 * balancer, MSK brokers, Fargate tasks, the NAT gateway): requester-managed, and removed by AWS
 * minutes after their owner is deleted. Until they are gone a security group or subnet they sit in
 * cannot be deleted (docs/ARCHITECTURE.md, "AWS teardown order"), so teardown waits for them first.
 */
public final class ServiceInterfaces {
  /** Service network interfaces outlive their owners by minutes: the first poll after this. */
  public static final Duration DRAIN_MINIMUM = Duration.ofSeconds(30);

  private final Ec2Client ec2;

  public ServiceInterfaces(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /**
   * The IDs (with what they belong to) of the requester-managed interfaces still in {@code vpcId}.
   */
  public List<String> remaining(String vpcId) {
    return ec2
        .describeNetworkInterfacesPaginator(
            r ->
                r.filters(
                    Ec2Tags.filter("vpc-id", vpcId), Ec2Tags.filter("requester-managed", "true")))
        .networkInterfaces()
        .stream()
        .map(
            i ->
                i.networkInterfaceId()
                    + " ("
                    + i.interfaceTypeAsString()
                    + ", "
                    + i.description()
                    + ")")
        .toList();
  }
}
