package io.cdcorchestrator.model.aws.ecs;

/**
 * A change of the running Kafka Connect service ({@code aws:ecs:service}): which task definition
 * revision it runs, with how many tasks. ECS replaces the tasks by a rolling deployment; see the
 * resource file {@code aws/ecs/ServiceDeployment.java}.
 */
public record EcsServiceUpdate(
    String serviceArn,
    String clusterArn,
    String serviceName,
    String taskDefinitionArn,
    int desiredCount) {}
