package io.cdcorchestrator.model.aws;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every AWS name is {@code cdc-<pipeline>-<suffix>}: deterministic, so a retried create finds what
 * an earlier attempt made. Pipeline names are checked here against the strictest rule each derived
 * name must meet, before any AWS call.
 */
public final class AwsNames {
  public static final String VPC = "vpc";
  public static final String IGW = "igw";
  public static final String NAT_EIP = "nat-eip";
  public static final String NAT = "nat";
  public static final String EXTERNAL_SG = "external";
  public static final String INTERNAL_SG = "internal";
  public static final String BASTION_SG = "bastion-ssh";
  public static final String BASTION = "bastion";
  public static final String MSK_CONFIGURATION = "msk-config";
  public static final String MSK_CLUSTER = "msk";
  public static final String DB_PARAMETER_GROUP = "pg-params";
  public static final String DB_SUBNET_GROUP = "pg-subnets";
  public static final String DB_INSTANCE = "pg";
  public static final String EXECUTION_ROLE = "ecs-exec";
  public static final String ECS_CLUSTER = "ecs";
  public static final String CONNECT = "connect";
  public static final String LOAD_BALANCER = "alb";
  public static final String TARGET_GROUP = "tg";

  /** ELBv2: at most 32 alphanumerics or hyphens, no hyphen at either end. */
  private static final Rule ELB =
      new Rule(
          "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?",
          32,
          "letters, digits and hyphens, no hyphen at either end");

  /** RDS identifiers: a letter first, no two hyphens in a row, no hyphen at the end. */
  private static final Rule RDS =
      new Rule(
          "[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)",
          63,
          "a letter first, letters, digits and hyphens, no '--', no hyphen at the end");

  private static final Rule MSK =
      new Rule("[A-Za-z0-9][A-Za-z0-9-]*", 64, "letters, digits and hyphens");
  private static final Rule IAM = new Rule("[\\w+=,.@-]+", 64, "letters, digits and +=,.@_-");

  private static final List<Check> CHECKS =
      List.of(
          new Check("load balancer", LOAD_BALANCER, ELB),
          new Check("target group", TARGET_GROUP, ELB),
          new Check("DB instance", DB_INSTANCE, RDS),
          new Check("DB parameter group", DB_PARAMETER_GROUP, RDS),
          new Check("MSK cluster", MSK_CLUSTER, MSK),
          new Check("MSK configuration", MSK_CONFIGURATION, MSK),
          new Check("IAM role", EXECUTION_ROLE, IAM));

  private AwsNames() {}

  public static String name(String pipeline, String suffix) {
    return "cdc-" + pipeline + "-" + suffix;
  }

  public static String publicSubnet(int index) {
    return "public-" + (index + 1);
  }

  public static String privateSubnet(int index) {
    return "private-" + (index + 1);
  }

  public static String routeTable(boolean isPublic) {
    return isPublic ? "public-rt" : "private-rt";
  }

  /** The awslogs group of the Connect task. */
  public static String logGroup(String pipeline) {
    return "/ecs/" + name(pipeline, CONNECT);
  }

  /**
   * An idempotency token for the APIs that take one (NAT gateway, route table, ECS service): the
   * same inputs give the same token, so a retried activity gets the first resource back. Callers
   * include IDs AWS generated (a subnet, a VPC, a target group), so a pipeline re-created after
   * teardown gets a fresh token instead of the deleted resource. 36 characters: fits ECS (36) and
   * EC2 (64).
   */
  public static String clientToken(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** Returns null when every derived name is valid, otherwise one line naming the field. */
  public static String validate(String pipeline) {
    for (Check c : CHECKS) {
      String derived = name(pipeline, c.suffix());
      String problem = c.rule().problem(derived);
      if (problem != null) {
        return "name: pipeline name '"
            + pipeline
            + "' gives the "
            + c.what()
            + " name '"
            + derived
            + "', which "
            + problem;
      }
    }
    return null;
  }

  private record Check(String what, String suffix, Rule rule) {}

  private record Rule(Pattern pattern, int maxLength, String allowed) {
    Rule(String regex, int maxLength, String allowed) {
      this(Pattern.compile(regex), maxLength, allowed);
    }

    String problem(String name) {
      if (name.length() > maxLength) {
        return "has " + name.length() + " characters; AWS allows " + maxLength;
      }
      return pattern.matcher(name).matches() ? null : "breaks AWS's rule (" + allowed + ")";
    }
  }
}
