package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.AwsActivitySupport.Observed;
import io.cdcorchestrator.aws.ecs.EcsCluster;
import io.cdcorchestrator.aws.ecs.EcsService;
import io.cdcorchestrator.aws.ecs.ServiceDeployment;
import io.cdcorchestrator.aws.ecs.TaskDefinition;
import io.cdcorchestrator.aws.ecs.TaskStops;
import io.cdcorchestrator.aws.iam.SecretReadPolicy;
import io.cdcorchestrator.aws.iam.TaskExecutionRole;
import io.cdcorchestrator.aws.logs.LogGroup;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceUpdate;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.iam.SecretReadPolicyRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import io.cdcorchestrator.model.aws.logs.LogGroupRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class ContainerActivitiesImpl implements ContainerActivities {
  private final AwsClients clients;

  /**
   * @param clients builds each client on first use: a worker without AWS credentials starts
   */
  public ContainerActivitiesImpl(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ResourceRecord createLogGroup(LogGroupRequest request) {
    return AwsActivitySupport.create(() -> new LogGroup(clients.logs()).create(request));
  }

  @Override
  public ResourceRecord createExecutionRole(TaskExecutionRoleRequest request) {
    return AwsActivitySupport.create(() -> new TaskExecutionRole(clients.iam()).create(request));
  }

  @Override
  public ResourceRecord createSecretReadPolicy(SecretReadPolicyRequest request) {
    return AwsActivitySupport.create(() -> new SecretReadPolicy(clients.iam()).create(request));
  }

  @Override
  public ResourceRecord createCluster(EcsClusterRequest request) {
    return AwsActivitySupport.create(() -> new EcsCluster(clients.ecs()).create(request));
  }

  @Override
  public ResourceRecord createTaskDefinition(TaskDefinitionRequest request) {
    return AwsActivitySupport.create(() -> new TaskDefinition(clients.ecs()).create(request));
  }

  @Override
  public ResourceRecord createService(EcsServiceRequest request) {
    return AwsActivitySupport.create(() -> new EcsService(clients.ecs()).create(request));
  }

  @Override
  public Readiness awaitService(ResourceRecord service) {
    return AwsActivitySupport.await(
        "ECS service " + service.id(),
        () -> observe(new EcsService(clients.ecs()), service),
        EcsService.READY);
  }

  /**
   * Not stable, and a task of the service's current definition stopped for a permanent reason, or
   * more than {@link TaskStops#MAX_TRANSIENT} for transient ones: the deployment fails, say why now
   * (ECS would go on replacing it until the wait's deadline). Fewer transient stops: still waiting.
   */
  private static Observed observe(EcsService services, ResourceRecord service) {
    Optional<ResourceRecord> now = AwsResource.emptyIfNotFound(() -> services.describe(service));
    if (now.isEmpty()) {
      return Observed.of(AwsResource.GONE);
    }
    ResourceRecord s = now.get();
    if (!EcsService.STABLE.equals(s.state())) {
      Optional<String> reason = TaskStops.verdict(services.stoppedReasons(s));
      if (reason.isPresent()) {
        return new Observed(EcsService.TASK_STOPPED, "a task stopped: " + reason.get());
      }
    }
    return Observed.of(s.state());
  }

  @Override
  public ResourceRecord updateService(EcsServiceUpdate update) {
    return AwsActivitySupport.create(
        () -> {
          new ServiceDeployment(clients.ecs()).update(update);
          return describeService(
              new ResourceRecord(
                  EcsServiceRequest.TYPE,
                  update.serviceArn(),
                  null,
                  Map.of("clusterArn", update.clusterArn(), "name", update.serviceName())));
        });
  }

  @Override
  public ResourceRecord redeployService(ResourceRecord service) {
    return AwsActivitySupport.create(
        () -> {
          new ServiceDeployment(clients.ecs())
              .redeploy(service.attr("clusterArn"), service.attr("name"));
          return describeService(service);
        });
  }

  @Override
  public ResourceRecord describeService(ResourceRecord service) {
    return AwsActivitySupport.create(
        () ->
            new EcsService(clients.ecs())
                .describe(service)
                .orElseThrow(
                    () ->
                        ApplicationFailure.newNonRetryableFailure(
                            "ECS service " + service.id() + " does not exist", "ServiceMissing")));
  }

  @Override
  public void delete(ResourceRecord resource) {
    AwsActivitySupport.delete(resource, clients, r -> resource(r.type()).delete(r));
  }

  @Override
  public Readiness awaitDeleted(ResourceRecord resource) {
    return AwsActivitySupport.awaitDeleted(resource, clients, this::resource);
  }

  /** The resource files these activities create and delete: those of their services. */
  static List<AwsResource<?>> resources(AwsClients clients) {
    return AwsResources.servedBy(clients, ContainerActivities.class);
  }

  private AwsResource<?> resource(String type) {
    return AwsActivitySupport.resource(resources(clients), type, "container");
  }
}
