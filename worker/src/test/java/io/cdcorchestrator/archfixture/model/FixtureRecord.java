package io.cdcorchestrator.archfixture.model;

import io.cdcorchestrator.archfixture.common.FixtureLimits;

/** A model record that depends on a package above it. */
public record FixtureRecord(String name) {
  public int limit() {
    return FixtureLimits.MAX;
  }
}
