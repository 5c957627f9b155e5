package io.cdcorchestrator.aws.iam;

import static io.cdcorchestrator.aws.ResourceContract.createTwiceMakesOne;
import static io.cdcorchestrator.aws.ResourceContract.deleteTwiceIsFine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.iam.SecretReadPolicyRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;

@ExtendWith(Moto.class)
class IdentityResourcesTest {
  private static final String SECRET =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-9-XyZ123";
  private final IamClient iam;
  private final AwsStack stack = Moto.newStack("iam");

  IdentityResourcesTest(AwsClients clients) {
    this.iam = clients.iam();
  }

  private int roles() {
    return (int)
        iam.listRoles().roles().stream()
            .filter(r -> r.roleName().equals(stack.name(AwsNames.EXECUTION_ROLE)))
            .count();
  }

  @Test
  void execution_role_with_its_managed_policy_and_secret_read_is_created_once_and_deleted() {
    TaskExecutionRole roles = new TaskExecutionRole(iam);
    ResourceRecord role =
        createTwiceMakesOne(roles, new TaskExecutionRoleRequest(stack), this::roles);
    assertEquals(AwsResource.AVAILABLE, roles.state(role));
    assertEquals(
        java.util.List.of(TaskExecutionRole.EXECUTION_POLICY_ARN),
        iam.listAttachedRolePolicies(r -> r.roleName(role.id())).attachedPolicies().stream()
            .map(p -> p.policyArn())
            .toList());

    SecretReadPolicy policies = new SecretReadPolicy(iam);
    var request = new SecretReadPolicyRequest(stack, role.id(), SECRET);
    ResourceRecord policy =
        createTwiceMakesOne(
            policies,
            request,
            () -> iam.listRolePolicies(r -> r.roleName(role.id())).policyNames().size());
    assertEquals(SECRET, policy.attr("secretArn"), "grants exactly that one secret");
    // a new DB instance means a new secret: the policy is rewritten to grant that one instead
    ResourceRecord replaced =
        policies.create(new SecretReadPolicyRequest(stack, role.id(), SECRET + "2"));
    assertEquals(SECRET + "2", replaced.attr("secretArn"));

    // the role goes even with its policies still attached (IAM would refuse otherwise)
    deleteTwiceIsFine(roles, role, this::roles);
    assertEquals(AwsResource.GONE, policies.state(policy));
    policies.delete(policy);
  }
}
