package io.cdcorchestrator.archfixture.pipeline;

import io.cdcorchestrator.archfixture.aws.FixtureActivitiesImpl;
import java.sql.Connection;

/** Workflow code that opens JDBC and calls an activity implementation directly: both forbidden. */
public final class LeakyWorkflow {
  private Connection connection;

  public String run() {
    return new FixtureActivitiesImpl().create("x") + connection;
  }
}
