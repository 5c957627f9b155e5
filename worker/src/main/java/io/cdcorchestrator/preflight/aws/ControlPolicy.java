package io.cdcorchestrator.preflight.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM policy the {@code cdc-control} worker needs, as README prints it (IamPolicyTest holds the
 * two equal): read from {@code iam/control-worker-policy.json}, statement by statement, for {@link
 * PermissionCheck} to simulate.
 */
final class ControlPolicy {
  static final String RESOURCE = "/iam/control-worker-policy.json";

  /**
   * One statement: its actions, its resource, and the string conditions it sets ({@code
   * iam:PassedToService} → its allowed values).
   */
  record Statement(
      String sid, List<String> actions, String resource, Map<String, List<String>> conditions) {}

  private ControlPolicy() {}

  static List<Statement> statements() {
    try (InputStream in = ControlPolicy.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the worker's jar");
      }
      List<Statement> statements = new ArrayList<>();
      for (JsonNode s : new ObjectMapper().readTree(in).path("Statement")) {
        Map<String, List<String>> conditions = new LinkedHashMap<>();
        s.path("Condition")
            .fields()
            .forEachRemaining(
                op ->
                    op.getValue()
                        .fields()
                        .forEachRemaining(
                            kv -> conditions.put(kv.getKey(), strings(kv.getValue()))));
        statements.add(
            new Statement(
                s.path("Sid").asText(),
                strings(s.path("Action")),
                s.path("Resource").asText(),
                conditions));
      }
      return statements;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }
}
