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
          "logs", Map.entry(CloudWatchLogsClient.class, "logs"));

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
