package io.cdcorchestrator.archfixture.aws;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface FixtureActivities {
  String create(String name);
}
