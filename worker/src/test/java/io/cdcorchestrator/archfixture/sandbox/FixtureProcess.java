package io.cdcorchestrator.archfixture.sandbox;

import io.cdcorchestrator.archfixture.aws.FixtureActivities;

/** The sandbox importing the AWS activities. */
public final class FixtureProcess {
  private FixtureActivities aws;

  public String start() {
    return String.valueOf(aws);
  }
}
