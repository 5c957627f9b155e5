package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.preflight.Finding;
import java.util.List;

/**
 * The workers build their clients from their own environment: a worker in another region than the
 * spec's would build the whole stack there.
 */
final class RegionCheck implements AwsCheck {
  static final String ID = "aws.region";

  @Override
  public List<Finding> run(AwsFacts facts) {
    String mine;
    try {
      mine = facts.clients.region().id();
    } catch (AwsClients.MissingSetupException e) {
      return List.of(Finding.blocker(ID, e.getMessage(), "set AWS_REGION=" + facts.spec.region()));
    }
    if (!mine.equals(facts.spec.region())) {
      return List.of(
          Finding.blocker(
              ID,
              "the spec's region is "
                  + facts.spec.region()
                  + " but these credentials work in "
                  + mine
                  + ": the stack would be built there",
              "set AWS_REGION=" + facts.spec.region() + " for the cdc-control worker"));
    }
    return List.of(Finding.ok(ID, mine));
  }
}
