package io.cdcorchestrator.cli;

import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.MotoPreflightGaps;
import java.util.List;

/**
 * Not a test: {@code cdc} as its own process for scripts run against moto (bench/aws-smoke.sh
 * --dry-run), with the doubles the tests put on the preflight's AWS clients for what moto lacks.
 */
public final class MotoCdc {
  private MotoCdc() {}

  public static void main(String[] args) {
    PreflightCommand.testInterceptors = List.of(new MotoMskGaps(), new MotoPreflightGaps());
    CdcCommand.main(args);
  }
}
