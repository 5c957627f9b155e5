package io.cdcorchestrator.aws.ecs;

import io.cdcorchestrator.model.aws.ecs.EcsServiceUpdate;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A rolling deployment of the Kafka Connect service: UpdateService to a task definition revision
 * and desired count. ECS starts tasks of the new revision beside the old ones and drains the old
 * once the new pass the load balancer's health check (its default deployment configuration), so
 * Connect stays reachable; {@link EcsService}'s state reads {@code STABLE} again once one
 * deployment is left with running = desired. Rolling back is the same call with the previous
 * revision.
 */
public final class ServiceDeployment {
  private final EcsClient ecs;

  public ServiceDeployment(EcsClient ecs) {
    this.ecs = ecs;
  }

  public void update(EcsServiceUpdate u) {
    ecs.updateService(
        r ->
            r.cluster(u.clusterArn())
                .service(u.serviceName())
                .taskDefinition(u.taskDefinitionArn())
                .desiredCount(u.desiredCount()));
  }

  /**
   * The same revision and count, new tasks ({@code forceNewDeployment}): how the tasks get a
   * rotated database secret, which ECS injects only when a task starts. Rolling like any update.
   */
  public void redeploy(String clusterArn, String serviceName) {
    ecs.updateService(r -> r.cluster(clusterArn).service(serviceName).forceNewDeployment(true));
  }
}
