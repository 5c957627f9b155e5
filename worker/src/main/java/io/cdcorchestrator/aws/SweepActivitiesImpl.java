package io.cdcorchestrator.aws;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import java.util.List;

public final class SweepActivitiesImpl implements SweepActivities {
  private final AwsClients clients;

  public SweepActivitiesImpl(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public List<ResourceRecord> discover(String pipeline) {
    return AwsErrors.translate(
        () ->
            new AwsDiscovery(clients)
                .discover(pipeline).stream().map(AwsResource.Found::record).toList());
  }
}
