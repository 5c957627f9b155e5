package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceUpdate;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.iam.SecretReadPolicyRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import io.cdcorchestrator.model.aws.logs.LogGroupRequest;
import io.temporal.activity.ActivityInterface;

/** Kafka Connect on ECS Fargate, with what it needs: its log group and its task-execution role. */
@ActivityInterface(namePrefix = "AwsContainer")
public interface ContainerActivities extends AwsResourceActivities {
  ResourceRecord createLogGroup(LogGroupRequest request);

  ResourceRecord createExecutionRole(TaskExecutionRoleRequest request);

  /** Lets the execution role read the one secret the task injects (the RDS master secret). */
  ResourceRecord createSecretReadPolicy(SecretReadPolicyRequest request);

  ResourceRecord createCluster(EcsClusterRequest request);

  ResourceRecord createTaskDefinition(TaskDefinitionRequest request);

  ResourceRecord createService(EcsServiceRequest request);

  /**
   * One describe: {@code STABLE} (one deployment, running = desired), else poll again; INACTIVE
   * ends the wait.
   */
  Readiness awaitService(ResourceRecord service);

  /**
   * Starts a rolling deployment of the service to a task definition revision and desired count
   * (also a rollback: the previous revision); returns the service as ECS describes it right after.
   */
  ResourceRecord updateService(EcsServiceUpdate update);

  /**
   * Replaces the service's tasks with new ones of the same revision and count (a forced new
   * deployment): ECS injects the secrets again at their start. Returns the service right after.
   */
  ResourceRecord redeployService(ResourceRecord service);

  /** The service as it runs now: its task definition, desired and running count. */
  ResourceRecord describeService(ResourceRecord service);
}
