package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.model.preflight.Finding;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** {@code sts:GetCallerIdentity}: the credentials work, and whose they are. */
final class IdentityCheck implements AwsCheck {
  static final String ID = "aws.identity";

  @Override
  public List<Finding> run(AwsFacts facts) {
    try {
      facts.clients.checkSetup();
      GetCallerIdentityResponse me = Ask.aws(() -> facts.clients.sts().getCallerIdentity());
      facts.account = me.account();
      facts.callerArn = me.arn();
      return List.of(Finding.ok(ID, me.arn() + " in account " + me.account()));
    } catch (AwsClients.MissingSetupException e) {
      return List.of(
          Finding.blocker(
              ID,
              e.getMessage(),
              "set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and AWS_REGION for"
                  + " the cdc-control worker and for cdc preflight"));
    } catch (AwsServiceException e) {
      return List.of(
          Finding.blocker(
              ID,
              "the credentials were refused: " + AwsErrors.describe(e),
              "renew or replace the credentials: `aws sts get-caller-identity` must answer"));
    }
  }
}
