package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRuleRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * One TCP ingress rule, from a CIDR or from a security group (the ALB from the operator's CIDR,
 * Connect 8083 from the ALB's group, 5432 and Kafka from the internal group itself). An ingress
 * from everywhere is refused here as well as in the spec: nothing this product makes is open to the
 * world.
 */
public final class SecurityGroupRule implements AwsResource<SecurityGroupRuleRequest> {
  private static final String TCP = "tcp";

  private final Ec2Client ec2;

  public SecurityGroupRule(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return SecurityGroupRuleRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    List<Found> found = new ArrayList<>();
    for (ResourceRecord group : AwsResource.ofType(earlier, SecurityGroupRequest.TYPE)) {
      for (ResourceRecord r : findInGroup(group.id())) {
        // not through a request: one refuses a rule from everywhere, which a sweep must still find
        String intendedId =
            SecurityGroupRuleRequest.intendedId(
                r.attr("groupId"), Integer.parseInt(r.attr("fromPort")), r.attr("source"));
        found.add(new Found(intendedId, r));
      }
    }
    return found;
  }

  @Override
  public Optional<ResourceRecord> find(SecurityGroupRuleRequest q) {
    return ec2
        .describeSecurityGroupRules(r -> r.filters(Ec2Tags.filter("group-id", q.groupId())))
        .securityGroupRules()
        .stream()
        .filter(
            rule ->
                !rule.isEgress()
                    && TCP.equals(rule.ipProtocol())
                    && rule.fromPort() == q.fromPort()
                    && rule.toPort() == q.toPort()
                    && q.source().equals(source(rule)))
        .findFirst()
        .map(SecurityGroupRule::record);
  }

  @Override
  public ResourceRecord create(SecurityGroupRuleRequest q) {
    IpPermission.Builder permission =
        IpPermission.builder().ipProtocol(TCP).fromPort(q.fromPort()).toPort(q.toPort());
    if (q.fromGroup()) {
      permission.userIdGroupPairs(
          UserIdGroupPair.builder().groupId(q.source()).description(q.description()).build());
    } else {
      permission.ipRanges(
          IpRange.builder().cidrIp(q.source()).description(q.description()).build());
    }
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                ec2.authorizeSecurityGroupIngress(
                        r ->
                            r.groupId(q.groupId())
                                .ipPermissions(permission.build())
                                .tagSpecifications(
                                    Ec2Tags.on(
                                        ResourceType.SECURITY_GROUP_RULE, q.stack(), q.name())))
                    .securityGroupRules()
                    .get(0)));
  }

  /** Every TCP ingress rule of a group (sweep, and a create never confirmed). */
  private List<ResourceRecord> findInGroup(String groupId) {
    return ec2
        .describeSecurityGroupRules(r -> r.filters(Ec2Tags.filter("group-id", groupId)))
        .securityGroupRules()
        .stream()
        .filter(rule -> !rule.isEgress() && TCP.equals(rule.ipProtocol()))
        .map(SecurityGroupRule::record)
        .toList();
  }

  @Override
  public void delete(ResourceRecord rule) {
    AwsResource.deleteIgnoringNotFound(
        () ->
            ec2.revokeSecurityGroupIngress(
                r -> r.groupId(rule.attr("groupId")).securityGroupRuleIds(rule.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord rule) {
    return AwsResource.emptyIfNotFound(() -> read(rule.attr("groupId"), rule.id()));
  }

  private Optional<ResourceRecord> read(String groupId, String ruleId) {
    return ec2
        .describeSecurityGroupRules(r -> r.filters(Ec2Tags.filter("group-id", groupId)))
        .securityGroupRules()
        .stream()
        .filter(rule -> ruleId.equals(rule.securityGroupRuleId()))
        .findFirst()
        .map(SecurityGroupRule::record);
  }

  private static String source(software.amazon.awssdk.services.ec2.model.SecurityGroupRule rule) {
    return rule.referencedGroupInfo() != null
        ? rule.referencedGroupInfo().groupId()
        : rule.cidrIpv4();
  }

  private static ResourceRecord record(
      software.amazon.awssdk.services.ec2.model.SecurityGroupRule rule) {
    return new ResourceRecord(
        SecurityGroupRuleRequest.TYPE,
        rule.securityGroupRuleId(),
        AVAILABLE,
        AwsResource.attributes(
            "groupId", rule.groupId(),
            "fromPort", String.valueOf(rule.fromPort()),
            "toPort", String.valueOf(rule.toPort()),
            "source", String.valueOf(source(rule))));
  }
}
