package io.cdcorchestrator.aws.iam;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The ECS task-execution role: ECS assumes it to pull the image, write logs and (through {@link
 * SecretReadPolicy}) read the one database secret. Create attaches AWS's managed execution policy
 * every time (attaching again is a no-op). Delete removes every policy first, as IAM requires. No
 * state in AWS.
 */
public final class TaskExecutionRole implements AwsResource<TaskExecutionRoleRequest> {
  public static final String EXECUTION_POLICY_ARN =
      "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  static final String TRUST_POLICY =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
      "Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

  private final IamClient iam;

  public TaskExecutionRole(IamClient iam) {
    this.iam = iam;
  }

  @Override
  public String type() {
    return TaskExecutionRoleRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    TaskExecutionRoleRequest role = new TaskExecutionRoleRequest(stack);
    return AwsResource.found(role, find(role));
  }

  @Override
  public Optional<ResourceRecord> find(TaskExecutionRoleRequest q) {
    return read(q.name());
  }

  @Override
  public ResourceRecord create(TaskExecutionRoleRequest q) {
    ResourceRecord role =
        AwsResource.findOrCreate(
            () -> find(q),
            () ->
                record(
                    iam.createRole(
                            r ->
                                r.roleName(q.name())
                                    .description(
                                        "ECS task execution for Debezium CDC pipeline "
                                            + q.stack().pipeline())
                                    .assumeRolePolicyDocument(TRUST_POLICY)
                                    .tags(
                                        q.stack()
                                            .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                        .role()));
    iam.attachRolePolicy(r -> r.roleName(q.name()).policyArn(EXECUTION_POLICY_ARN));
    return role;
  }

  @Override
  public void delete(ResourceRecord role) {
    AwsResource.deleteIgnoringNotFound(
        () -> {
          iam.listAttachedRolePolicies(r -> r.roleName(role.id()))
              .attachedPolicies()
              .forEach(
                  p -> iam.detachRolePolicy(r -> r.roleName(role.id()).policyArn(p.policyArn())));
          iam.listRolePolicies(r -> r.roleName(role.id()))
              .policyNames()
              .forEach(name -> iam.deleteRolePolicy(r -> r.roleName(role.id()).policyName(name)));
          iam.deleteRole(r -> r.roleName(role.id()));
        });
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord role) {
    return read(role.id());
  }

  private Optional<ResourceRecord> read(String name) {
    return AwsResource.emptyIfNotFound(
        () -> Optional.of(record(iam.getRole(r -> r.roleName(name)).role())));
  }

  private static ResourceRecord record(Role role) {
    return new ResourceRecord(
        TaskExecutionRoleRequest.TYPE,
        role.roleName(),
        AVAILABLE,
        AwsResource.attributes("arn", role.arn()));
  }
}
