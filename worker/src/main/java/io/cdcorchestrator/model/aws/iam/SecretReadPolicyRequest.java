package io.cdcorchestrator.model.aws.iam;

import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import io.cdcorchestrator.model.aws.logs.LogGroupRequest;

/**
 * What creates {@code aws:iam:role-policy}: see the resource file {@code
 * aws/iam/SecretReadPolicy.java}.
 */
public record SecretReadPolicyRequest(AwsStack stack, String roleName, String secretArn)
    implements AwsRequest {
  public static final String TYPE = "aws:iam:role-policy";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(LogGroupRequest.KIND);
  public static final String POLICY_NAME = "read-database-secret";

  /** An inline policy's ID: {@code <role>:<policy name>}. */
  public static String policyId(String roleName) {
    return roleName + ":" + POLICY_NAME;
  }

  public String document() {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}"""
        .formatted(secretArn);
  }

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return policyId(roleName);
  }
}
