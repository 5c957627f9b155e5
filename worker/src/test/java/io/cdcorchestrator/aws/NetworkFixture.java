package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.ec2.SecurityGroup;
import io.cdcorchestrator.aws.ec2.Subnet;
import io.cdcorchestrator.aws.ec2.Vpc;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A VPC with two public and two private subnets and both security groups, for the services above
 * it.
 */
public record NetworkFixture(
    ResourceRecord vpc,
    List<String> publicSubnets,
    List<String> privateSubnets,
    String externalGroup,
    String internalGroup) {

  public static NetworkFixture create(Ec2Client ec2, AwsStack stack) {
    ResourceRecord vpc = new Vpc(ec2).create(new VpcRequest(stack, "10.100.0.0/16"));
    Subnet subnets = new Subnet(ec2);
    List<String> zones = List.of("us-east-1a", "us-east-1b");
    List<String> publics =
        List.of(0, 1).stream()
            .map(
                i ->
                    subnets
                        .create(
                            new SubnetRequest(
                                stack,
                                vpc.id(),
                                AwsNames.publicSubnet(i),
                                "10.100." + (1 + i) + ".0/24",
                                zones.get(i)))
                        .id())
            .toList();
    List<String> privates =
        List.of(0, 1).stream()
            .map(
                i ->
                    subnets
                        .create(
                            new SubnetRequest(
                                stack,
                                vpc.id(),
                                AwsNames.privateSubnet(i),
                                "10.100." + (11 + i) + ".0/24",
                                zones.get(i)))
                        .id())
            .toList();
    SecurityGroup groups = new SecurityGroup(ec2);
    String external =
        groups.create(new SecurityGroupRequest(stack, vpc.id(), AwsNames.EXTERNAL_SG, "ALB")).id();
    String internal =
        groups
            .create(new SecurityGroupRequest(stack, vpc.id(), AwsNames.INTERNAL_SG, "tasks"))
            .id();
    return new NetworkFixture(vpc, publics, privates, external, internal);
  }
}
