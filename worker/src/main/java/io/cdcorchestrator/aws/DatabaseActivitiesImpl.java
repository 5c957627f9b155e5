package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.AwsActivitySupport.Observed;
import io.cdcorchestrator.aws.rds.AdoptedDbInstance;
import io.cdcorchestrator.aws.rds.DbInstance;
import io.cdcorchestrator.aws.rds.DbParameterGroup;
import io.cdcorchestrator.aws.rds.DbSubnetGroup;
import io.cdcorchestrator.aws.rds.LogicalReplication;
import io.cdcorchestrator.aws.secretsmanager.DatabaseSecret;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.aws.rds.DbParameterGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;

public final class DatabaseActivitiesImpl implements DatabaseActivities {
  private final AwsClients clients;

  /**
   * @param clients builds each client on first use: a worker without AWS credentials starts
   */
  public DatabaseActivitiesImpl(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ResourceRecord createParameterGroup(DbParameterGroupRequest request) {
    return AwsActivitySupport.create(() -> new DbParameterGroup(clients.rds()).create(request));
  }

  @Override
  public ResourceRecord createSubnetGroup(DbSubnetGroupRequest request) {
    return AwsActivitySupport.create(() -> new DbSubnetGroup(clients.rds()).create(request));
  }

  @Override
  public ResourceRecord createInstance(DbInstanceRequest request) {
    return AwsActivitySupport.create(() -> new DbInstance(clients.rds()).create(request));
  }

  @Override
  public ResourceRecord adoptInstance(Existing.Database database, String vpcId) {
    return AwsErrors.translate(() -> new AdoptedDbInstance(clients.rds()).adopt(database, vpcId));
  }

  @Override
  public ResourceRecord enableLogicalReplication(ResourceRecord instance) {
    try {
      return AwsErrors.translate(() -> new LogicalReplication(clients.rds()).enable(instance.id()));
    } catch (IllegalStateException busy) {
      throw NotReady.retryAfter(Duration.ofSeconds(30), busy.getMessage());
    }
  }

  @Override
  public Readiness awaitLogicalReplication(ResourceRecord instance) {
    return AwsActivitySupport.await(
        "DB instance " + instance.id() + " on " + instance.attr("parameterGroup"),
        () ->
            Observed.of(
                new LogicalReplication(clients.rds())
                    .state(instance.id(), instance.attr("parameterGroup"))),
        LogicalReplication.APPLIED);
  }

  @Override
  public Readiness awaitInstance(ResourceRecord instance) {
    return AwsActivitySupport.await(
        "DB instance " + instance.id(),
        () -> Observed.of(new DbInstance(clients.rds()).state(instance)),
        DbInstance.READY);
  }

  @Override
  public ResourceRecord describeInstance(ResourceRecord instance) {
    return AwsErrors.translate(() -> new DbInstance(clients.rds()).describe(instance))
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "DB instance " + instance.id() + " is gone", "Gone"));
  }

  @Override
  public String secretVersion(String secretArn) {
    return AwsErrors.translate(
            () -> new DatabaseSecret(clients.secretsManager()).currentVersion(secretArn))
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "secret " + secretArn + " has no AWSCURRENT version", "NoCurrentVersion"));
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
    return AwsResources.servedBy(clients, DatabaseActivities.class);
  }

  private AwsResource<?> resource(String type) {
    return AwsActivitySupport.resource(resources(clients), type, "database");
  }
}
