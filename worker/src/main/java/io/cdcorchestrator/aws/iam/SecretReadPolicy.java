package io.cdcorchestrator.aws.iam;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.iam.SecretReadPolicyRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The execution role's inline policy that lets ECS read exactly one secret: the RDS-managed master
 * secret, which the task definition injects as an environment variable. Its own resource because
 * the secret's ARN is known only once the DB instance exists. ID: {@code <role>:<policy>}. No
 * state.
 */
public final class SecretReadPolicy implements AwsResource<SecretReadPolicyRequest> {

  private final IamClient iam;

  public SecretReadPolicy(IamClient iam) {
    this.iam = iam;
  }

  /**
   * Found only if it grants this very secret: a policy for an earlier instance's secret is
   * replaced.
   */
  @Override
  public String type() {
    return SecretReadPolicyRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    // whatever secret it grants: the secret of an earlier instance is still this pipeline's policy
    List<Found> found = new ArrayList<>();
    for (ResourceRecord role : AwsResource.ofType(earlier, TaskExecutionRoleRequest.TYPE)) {
      SecretReadPolicyRequest policy = new SecretReadPolicyRequest(stack, role.id(), null);
      found.addAll(AwsResource.found(policy, read(role.id())));
    }
    return found;
  }

  @Override
  public Optional<ResourceRecord> find(SecretReadPolicyRequest q) {
    return read(q.roleName()).filter(p -> q.secretArn().equals(p.attributes().get("secretArn")));
  }

  @Override
  public ResourceRecord create(SecretReadPolicyRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () -> {
          iam.putRolePolicy(
              r ->
                  r.roleName(q.roleName())
                      .policyName(SecretReadPolicyRequest.POLICY_NAME)
                      .policyDocument(q.document()));
          return read(q.roleName()).orElseThrow();
        });
  }

  @Override
  public void delete(ResourceRecord policy) {
    AwsResource.deleteIgnoringNotFound(
        () ->
            iam.deleteRolePolicy(
                r ->
                    r.roleName(policy.attr("roleName"))
                        .policyName(SecretReadPolicyRequest.POLICY_NAME)));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord policy) {
    return read(policy.attr("roleName"));
  }

  private Optional<ResourceRecord> read(String roleName) {
    return AwsResource.emptyIfNotFound(
        () -> {
          // IAM returns policy documents URL-encoded
          String document =
              URLDecoder.decode(
                  iam.getRolePolicy(
                          r -> r.roleName(roleName).policyName(SecretReadPolicyRequest.POLICY_NAME))
                      .policyDocument(),
                  StandardCharsets.UTF_8);
          return Optional.of(
              new ResourceRecord(
                  SecretReadPolicyRequest.TYPE,
                  SecretReadPolicyRequest.policyId(roleName),
                  AVAILABLE,
                  AwsResource.attributes("roleName", roleName, "secretArn", secretArn(document))));
        });
  }

  private static String secretArn(String document) {
    int start = document.indexOf("arn:aws");
    return start < 0 ? null : document.substring(start, document.indexOf('"', start));
  }
}
