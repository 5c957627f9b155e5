package io.cdcorchestrator.archfixture.common;

public final class FixtureLimits {
  public static int MAX = 3;

  private FixtureLimits() {}
}
