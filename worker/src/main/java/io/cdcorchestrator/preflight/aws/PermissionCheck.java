package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.model.preflight.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

/**
 * {@code iam:SimulatePrincipalPolicy}: the caller holds every permission of the README's policy
 * ({@link ControlPolicy}), each statement simulated on its own resource and with the values its
 * conditions allow (passing the role to ECS, the service-linked roles). Organisation SCPs and
 * permission boundaries count, as IAM evaluates them. A caller that may not simulate gets a
 * warning, and the run goes on: AWS then refuses what is missing at the step that needs it.
 */
final class PermissionCheck implements AwsCheck {
  static final String ID = "aws.permissions";

  @Override
  public List<Finding> run(AwsFacts facts) {
    String principal = principal(facts.callerArn);
    if (principal == null) {
      return List.of(
          Finding.warning(
              ID,
              "not checked: " + facts.callerArn + " is not an IAM user or role",
              facts.callerArn.endsWith(":root")
                  ? "do not run as the account's root user: use a user or role with the README's"
                      + " IAM policy"
                  : "check the README's IAM policy by hand"));
    }
    TreeSet<String> denied = new TreeSet<>();
    try {
      for (ControlPolicy.Statement s : ControlPolicy.statements()) {
        String resource = s.resource().replace(":*:", ":" + facts.account + ":");
        for (List<ContextEntry> context : contexts(s.conditions())) {
          Ask.aws(
                  () ->
                      facts
                          .clients
                          .iam()
                          .simulatePrincipalPolicyPaginator(
                              r ->
                                  r.policySourceArn(principal)
                                      .actionNames(s.actions())
                                      .resourceArns(resource)
                                      .contextEntries(context))
                          .evaluationResults()
                          .stream()
                          .toList())
              .stream()
              .filter(e -> e.evalDecision() != PolicyEvaluationDecisionType.ALLOWED)
              .forEach(e -> denied.add(e.evalActionName()));
        }
      }
    } catch (SdkException e) {
      if (AwsErrors.classify(e) == AwsErrors.Kind.RETRYABLE) {
        throw e;
      }
      return List.of(
          Finding.warning(
              ID,
              "not checked: "
                  + principal
                  + " may not simulate its own policy ("
                  + AwsErrors.describe(e)
                  + ")",
              "allow iam:SimulatePrincipalPolicy, or compare its policy with the README's by hand"));
    }
    if (!denied.isEmpty()) {
      return List.of(
          Finding.blocker(
              ID,
              principal + " may not " + String.join(", ", denied),
              "attach the README's IAM policy (\"Permissions\") to " + principal));
    }
    return List.of(Finding.ok(ID, principal + " holds every permission of the README's policy"));
  }

  /**
   * The IAM ARN of a caller: a user as it is; an assumed role as its role (the path of a role with
   * one is not in the session ARN, and the simulation needs none); null for anything else.
   */
  static String principal(String callerArn) {
    String[] parts = callerArn.split(":", 6);
    if (parts.length < 6) {
      return null;
    }
    String account = parts[4];
    String resource = parts[5];
    if (resource.startsWith("user/")) {
      return "arn:aws:iam::" + account + ":" + resource;
    }
    if (resource.startsWith("assumed-role/")) {
      return "arn:aws:iam::" + account + ":role/" + resource.split("/")[1];
    }
    if (resource.startsWith("role/")) {
      return callerArn;
    }
    return null;
  }

  /** One simulation per allowed value of each condition key (at most one key per statement). */
  private static List<List<ContextEntry>> contexts(Map<String, List<String>> conditions) {
    List<List<ContextEntry>> contexts = new ArrayList<>();
    if (conditions.isEmpty()) {
      contexts.add(List.of());
      return contexts;
    }
    conditions.forEach(
        (key, values) ->
            values.forEach(
                v ->
                    contexts.add(
                        List.of(
                            ContextEntry.builder()
                                .contextKeyName(key)
                                .contextKeyType(ContextKeyTypeEnum.STRING)
                                .contextKeyValues(v)
                                .build()))));
    return contexts;
  }
}
