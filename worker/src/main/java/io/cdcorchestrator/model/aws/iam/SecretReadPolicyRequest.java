package io.cdcorchestrator.model.aws.iam;

import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:iam:role-policy}: see the resource file {@code
 * aws/iam/SecretReadPolicy.java}.
 */
public record SecretReadPolicyRequest(AwsStack stack, String roleName, String secretArn) {
  public static final String TYPE = "aws:iam:role-policy";
  public static final String POLICY_NAME = "read-database-secret";

  public String document() {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}"""
        .formatted(secretArn);
  }
}
