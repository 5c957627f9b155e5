package io.cdcorchestrator.archfixture.dataplane;

import io.cdcorchestrator.archfixture.aws.FixtureActivitiesImpl;

/** The data plane reaching into the AWS activities. */
public final class FixtureProbe {
  public String probe() {
    return new FixtureActivitiesImpl().create("probe");
  }
}
