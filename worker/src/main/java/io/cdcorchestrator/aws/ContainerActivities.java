package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.ecs.EcsCluster;
import io.cdcorchestrator.aws.ecs.EcsService;
import io.cdcorchestrator.aws.ecs.TaskDefinition;
import io.cdcorchestrator.aws.iam.SecretReadPolicy;
import io.cdcorchestrator.aws.iam.TaskExecutionRole;
import io.cdcorchestrator.aws.logs.LogGroup;
import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.temporal.activity.ActivityInterface;

/** Kafka Connect on ECS Fargate, with what it needs: its log group and its task-execution role. */
@ActivityInterface(namePrefix = "AwsContainer")
public interface ContainerActivities {
  ResourceRecord createLogGroup(LogGroup.Request request);

  ResourceRecord createExecutionRole(TaskExecutionRole.Request request);

  /** Lets the execution role read the one secret the task injects (the RDS master secret). */
  ResourceRecord createSecretReadPolicy(SecretReadPolicy.Request request);

  ResourceRecord createCluster(EcsCluster.Request request);

  ResourceRecord createTaskDefinition(TaskDefinition.Request request);

  ResourceRecord createService(EcsService.Request request);

  /** One describe: {@code STABLE} (one deployment, running = desired), else poll again; INACTIVE ends the wait. */
  Readiness awaitService(ResourceRecord service);

  void delete(ResourceRecord resource);

  /** Waits for a deleted resource (the ECS service: INACTIVE, its tasks stopped) to be gone. Also for a record whose create was never confirmed. */
  Readiness awaitDeleted(ResourceRecord resource);
}
