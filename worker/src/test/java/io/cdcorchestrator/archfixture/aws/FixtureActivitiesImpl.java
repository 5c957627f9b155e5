package io.cdcorchestrator.archfixture.aws;

import io.cdcorchestrator.archfixture.pipeline.LeakyWorkflow;
import io.cdcorchestrator.archfixture.sandbox.FixtureProcess;

/**
 * An activity implementation that reaches back into workflow code (and so closes a cycle) and into
 * the sandbox.
 */
public final class FixtureActivitiesImpl implements FixtureActivities {
  @Override
  public String create(String name) {
    return new LeakyWorkflow().getClass().getName() + new FixtureProcess().start();
  }
}
