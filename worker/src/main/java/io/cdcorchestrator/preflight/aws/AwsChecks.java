package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.model.preflight.PreflightReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The AWS checks in order: who the caller is and in which region (without these nothing else can be
 * asked), the versions, the zones (and what each offers), the quotas the stack consumes, the
 * permissions. A check the caller may not run is a warning that says so, not a blocker; a transient
 * AWS error (throttling, 5xx) is thrown, for the activity's retry or the command's exit code 1.
 */
public final class AwsChecks {
  private AwsChecks() {}

  public static PreflightReport run(String pipeline, AwsSpec spec, AwsClients clients) {
    return run(pipeline, spec, null, clients);
  }

  /**
   * @param existing what the spec adopts: an adopted RDS instance is checked ({@link
   *     AdoptedDatabaseCheck}) instead of the version RDS would create; an adopted MSK cluster's
   *     state and ingress ({@link AdoptedKafkaCheck})
   */
  public static PreflightReport run(
      String pipeline, AwsSpec spec, Existing existing, AwsClients clients) {
    AwsFacts facts = new AwsFacts(pipeline, spec, existing, clients);
    boolean adoptedDb = existing != null && existing.database() != null;
    List<Finding> findings = new ArrayList<>();
    for (AwsCheck first : List.of(new IdentityCheck(), new RegionCheck())) {
      findings.addAll(safely(first, facts));
    }
    if (findings.stream().noneMatch(Finding::blocks)) {
      for (AwsCheck check :
          List.of(
              new KafkaVersionCheck(),
              new AdoptedKafkaCheck(),
              adoptedDb ? new AdoptedDatabaseCheck() : new PostgresVersionCheck(),
              new ZoneCheck(),
              new QuotaCheck(),
              new PermissionCheck())) {
        findings.addAll(safely(check, facts));
      }
    }
    return new PreflightReport(findings, facts.zones, facts.zoneIds);
  }

  private static List<Finding> safely(AwsCheck check, AwsFacts facts) {
    try {
      return check.run(facts);
    } catch (SdkException e) {
      if (AwsErrors.classify(e) == AwsErrors.Kind.RETRYABLE) {
        throw e;
      }
      return List.of(notChecked(check, e));
    }
  }

  /** The caller may not ask (or AWS would not answer): say what was not checked, and why. */
  static Finding notChecked(AwsCheck check, SdkException e) {
    String name = check.getClass().getSimpleName().replace("Check", "");
    String id = "aws." + name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    boolean denied = isAccessDenied(e);
    return Finding.warning(
        id,
        "not checked: " + AwsErrors.describe(e),
        denied
            ? "allow the read-only calls of the README's IAM policy (section \"Permissions\")"
            : "run cdc preflight again; if it persists, check this by hand");
  }

  static boolean isAccessDenied(Throwable e) {
    String code = AwsErrors.code(e);
    return code != null
        && (code.contains("AccessDenied")
            || code.equals("UnauthorizedOperation")
            || code.equals("UnauthorizedException")
            || code.equals("ForbiddenException"));
  }
}
