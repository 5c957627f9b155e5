package io.cdcorchestrator.preflight;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.preflight.PreflightReport;

public final class PreflightActivitiesImpl implements PreflightActivities {
  private final AwsClients clients;

  /**
   * @param clients the worker's AWS clients: the checks see the account and region the creates will
   */
  public PreflightActivitiesImpl(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public PreflightReport check(PipelineSpec spec) {
    return Preflight.check(spec, clients);
  }
}
