package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.model.preflight.Finding;
import java.util.List;

/**
 * One preflight check of an AWS account: read-only calls, findings out. What it learns that a later
 * check needs (the account, the zones) it leaves in the {@link AwsFacts}.
 */
interface AwsCheck {
  List<Finding> run(AwsFacts facts);
}
