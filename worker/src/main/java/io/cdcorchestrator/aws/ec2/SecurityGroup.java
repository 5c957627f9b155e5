package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The external (ALB) or internal (Connect tasks, RDS, MSK) security group, created with no ingress;
 * each ingress rule is a {@link SecurityGroupRule}, so teardown can revoke cross-references before
 * deleting a group. AWS's default egress rule stays (tasks pull images and reach Secrets Manager).
 * A group still used by an ENI answers DependencyViolation on delete: retryable.
 */
public final class SecurityGroup implements AwsResource<SecurityGroupRequest> {

  private final Ec2Client ec2;

  public SecurityGroup(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return SecurityGroupRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    String vpcId =
        AwsResource.first(earlier, VpcRequest.TYPE)
            .map(ResourceRecord::id)
            .orElseGet(() -> vpcOfOwnGroups(stack));
    if (vpcId == null) {
      return List.of();
    }
    List<Found> found = new ArrayList<>();
    for (String suffix : List.of(AwsNames.EXTERNAL_SG, AwsNames.INTERNAL_SG, AwsNames.BASTION_SG)) {
      SecurityGroupRequest group = new SecurityGroupRequest(stack, vpcId, suffix, null);
      found.addAll(AwsResource.found(group, find(group)));
    }
    return found;
  }

  /**
   * The VPC the pipeline's own (tagged) groups are in when it has no VPC of its own: one it adopted
   * ({@code network.existing}), which carries no tag of the pipeline's and is never discovered.
   */
  private String vpcOfOwnGroups(AwsStack stack) {
    return ec2
        .describeSecurityGroups(
            r -> r.filters(Ec2Tags.filter("tag:" + AwsStack.PIPELINE_TAG, stack.pipeline())))
        .securityGroups()
        .stream()
        .map(g -> g.vpcId())
        .findFirst()
        .orElse(null);
  }

  @Override
  public Optional<ResourceRecord> find(SecurityGroupRequest q) {
    return ec2
        .describeSecurityGroups(
            r ->
                r.filters(
                    Ec2Tags.owned(
                        q.stack(),
                        q.name(),
                        Ec2Tags.filter("vpc-id", q.vpcId()),
                        Ec2Tags.filter("group-name", q.name()))))
        .securityGroups()
        .stream()
        .findFirst()
        .map(SecurityGroup::record);
  }

  @Override
  public ResourceRecord create(SecurityGroupRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () -> {
          String groupId =
              ec2.createSecurityGroup(
                      r ->
                          r.groupName(q.name())
                              .description(q.description())
                              .vpcId(q.vpcId())
                              .tagSpecifications(
                                  Ec2Tags.on(ResourceType.SECURITY_GROUP, q.stack(), q.name())))
                  .groupId();
          return read(groupId).orElseThrow();
        });
  }

  @Override
  public void delete(ResourceRecord group) {
    AwsResource.deleteIgnoringNotFound(() -> ec2.deleteSecurityGroup(r -> r.groupId(group.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord group) {
    return AwsResource.emptyIfNotFound(() -> read(group.id()));
  }

  private Optional<ResourceRecord> read(String groupId) {
    return ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().stream()
        .findFirst()
        .map(SecurityGroup::record);
  }

  private static ResourceRecord record(software.amazon.awssdk.services.ec2.model.SecurityGroup g) {
    return new ResourceRecord(
        SecurityGroupRequest.TYPE,
        g.groupId(),
        AVAILABLE,
        AwsResource.attributes("vpcId", g.vpcId(), "name", g.groupName()));
  }
}
