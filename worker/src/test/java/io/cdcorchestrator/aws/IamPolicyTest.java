package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM policy in README ("Running against real AWS") allows every AWS operation the resource
 * files call: each {@code .operation(} in {@code aws/<service>/} that is a method of that service's
 * SDK client (so builders and helpers do not count) must appear as {@code <iam
 * prefix>:<Operation>}.
 */
class IamPolicyTest {
  private static final Path SOURCES = Path.of("src/main/java/io/cdcorchestrator/aws");
  private static final Path README = Path.of("..", "README.md");
  private static final String MARKER = "<!-- iam-policy: IamPolicyTest checks it -->";

  /**
   * Source directory → the SDK client its files call, and the IAM action prefix of that service.
   */
  private static final Map<String, Map.Entry<Class<?>, String>> SERVICES =
      Map.of(
          "ec2", Map.entry(Ec2Client.class, "ec2"),
          "rds", Map.entry(RdsClient.class, "rds"),
          "kafka", Map.entry(KafkaClient.class, "kafka"),
          "ecs", Map.entry(EcsClient.class, "ecs"),
          "elb", Map.entry(ElasticLoadBalancingV2Client.class, "elasticloadbalancing"),
          "iam", Map.entry(IamClient.class, "iam"),
          "logs", Map.entry(CloudWatchLogsClient.class, "logs"),
          "secretsmanager", Map.entry(SecretsManagerClient.class, "secretsmanager"));

  private static final Pattern CALL = Pattern.compile("\\.([a-z][A-Za-z0-9]*)\\(");

  @Test
  void everyOperationTheResourceFilesCallIsInTheDocumentedPolicy() throws IOException {
    Set<String> used = new TreeSet<>();
    for (var service : SERVICES.entrySet()) {
      Class<?> client = service.getValue().getKey();
      Set<String> operations =
          Arrays.stream(client.getMethods())
              .map(Method::getName)
              .filter(
                  n ->
                      !Set.of(
                              "builder",
                              "create",
                              "close",
                              "serviceName",
                              "serviceClientConfiguration",
                              "waiter",
                              "utilities")
                          .contains(n))
              .collect(Collectors.toSet());
      try (Stream<Path> files = Files.list(SOURCES.resolve(service.getKey()))) {
        for (Path file : files.toList()) {
          Matcher m = CALL.matcher(Files.readString(file));
          while (m.find()) {
            String method = m.group(1);
            if (operations.contains(method)) {
              String operation =
                  method.endsWith("Paginator") ? method.substring(0, method.length() - 9) : method;
              used.add(
                  service.getValue().getValue()
                      + ":"
                      + Character.toUpperCase(operation.charAt(0))
                      + operation.substring(1));
            }
          }
        }
      }
    }
    assertTrue(used.size() > 60, "the scan finds the SDK calls: " + used);
    assertTrue(
        used.containsAll(
            List.of(
                "ec2:CreateVpc",
                "kafka:CreateClusterV2",
                "kafka:ListConfigurations",
                "elasticloadbalancing:CreateLoadBalancer",
                "rds:ModifyDBParameterGroup")),
        used::toString);

    Set<String> allowed = documentedActions();
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(allowed);
    assertEquals(Set.of(), missing, "operations called but not in README's IAM policy");
  }

  /**
   * Issue 11: the preflight's read-only calls ({@code preflight/aws/}) are in the policy too, each
   * under the service whose client has it.
   */
  @Test
  void everyOperationThePreflightCallsIsInTheDocumentedPolicy() throws IOException {
    Map<Class<?>, String> clients = new LinkedHashMap<>();
    clients.put(Ec2Client.class, "ec2");
    clients.put(RdsClient.class, "rds");
    clients.put(KafkaClient.class, "kafka");
    clients.put(IamClient.class, "iam");
    clients.put(StsClient.class, "sts");
    clients.put(ServiceQuotasClient.class, "servicequotas");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files =
        Files.list(Path.of("src/main/java/io/cdcorchestrator/preflight/aws"))) {
      for (Path file : files.toList()) {
        Matcher m = CALL.matcher(Files.readString(file));
        while (m.find()) {
          String method = m.group(1);
          String operation =
              method.endsWith("Paginator") ? method.substring(0, method.length() - 9) : method;
          clients.forEach(
              (client, prefix) -> {
                if (!Set.of("builder", "create", "close", "serviceName").contains(method)
                    && Arrays.stream(client.getMethods())
                        .anyMatch(x -> x.getName().equals(method))) {
                  used.add(
                      prefix
                          + ":"
                          + Character.toUpperCase(operation.charAt(0))
                          + operation.substring(1));
                }
              });
        }
      }
    }
    assertTrue(
        used.containsAll(
            List.of(
                "sts:GetCallerIdentity",
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeInstanceTypeOfferings",
                "kafka:ListKafkaVersions",
                "rds:DescribeDBEngineVersions",
                "rds:DescribeOrderableDBInstanceOptions",
                "servicequotas:GetServiceQuota",
                "iam:SimulatePrincipalPolicy")),
        used::toString);
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(documentedActions());
    assertEquals(Set.of(), missing, "preflight calls not in README's IAM policy");
  }

  /**
   * What MSK and RDS validate with the caller's own permissions when they create on its behalf (MSK
   * reads the VPC, subnets and groups it is given and grants itself the KMS key; RDS reads the key
   * of the managed secret; the service-linked roles are created on first use) is in the policy, and
   * the copy the preflight simulates ({@code iam/control-worker-policy.json}) is the README's.
   */
  @Test
  void theCallsAwsMakesOnTheCallersBehalf_andThePreflightsCopy() throws IOException {
    assertTrue(
        documentedActions()
            .containsAll(
                List.of(
                    "iam:CreateServiceLinkedRole",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeVpcAttribute",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "kms:DescribeKey",
                    "kms:CreateGrant")),
        "what MSK and RDS check with the caller's permissions");
    try (var in = IamPolicyTest.class.getResourceAsStream("/iam/control-worker-policy.json")) {
      assertEquals(new ObjectMapper().readTree(in), documentedPolicy());
    }
  }

  private static JsonNode documentedPolicy() throws IOException {
    String readme = Files.readString(README);
    int at = readme.indexOf(MARKER);
    int start = readme.indexOf("```json", at) + "```json".length();
    int end = readme.indexOf("```", start);
    return new ObjectMapper().readTree(readme.substring(start, end));
  }

  private static Set<String> documentedActions() throws IOException {
    String readme = Files.readString(README);
    int at = readme.indexOf(MARKER);
    assertTrue(at >= 0, "README has the policy after " + MARKER);
    int start = readme.indexOf("```json", at) + "```json".length();
    int end = readme.indexOf("```", start);
    JsonNode policy = new ObjectMapper().readTree(readme.substring(start, end));
    assertEquals("2012-10-17", policy.path("Version").asText());
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : policy.path("Statement")) {
      assertEquals("Allow", statement.path("Effect").asText(), statement::toString);
      JsonNode action = statement.path("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(action.asText());
      }
    }
    return actions;
  }
}
