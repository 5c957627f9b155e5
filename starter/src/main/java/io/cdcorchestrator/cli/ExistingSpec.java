package io.cdcorchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcorchestrator.dataplane.SecretResolver;
import io.cdcorchestrator.model.Existing;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The sandbox spec's {@code database.existing} and {@code kafka.existing}: what the pipeline adopts
 * instead of starting. Checked before anything connects, one line naming the field: a literal
 * {@code password} is refused (it would travel through workflow history), so is every AWS-only key.
 */
final class ExistingSpec {
  static final String DATABASE = "database";
  static final String KAFKA = "kafka";
  static final String NETWORK = "network";

  private static final Set<String> DATABASE_KEYS = Set.of("jdbcUrl", "user", "passwordRef");
  private static final Set<String> KAFKA_KEYS = Set.of("bootstrap");

  private ExistingSpec() {}

  /**
   * Takes {@code database}, {@code kafka} and {@code network} out of the sandbox spec's tree;
   * returns what they adopt, null when nothing.
   */
  static Existing take(ObjectNode tree) {
    if (tree.has(NETWORK)) {
      throw CliException.badInput(
          "spec.network: the sandbox runs on this machine; network.existing is for --target aws");
    }
    Existing.Database database = database(existingOf(tree.remove(DATABASE), DATABASE));
    Existing.Kafka kafka = kafka(existingOf(tree.remove(KAFKA), KAFKA));
    return database == null && kafka == null ? null : new Existing(database, null, kafka);
  }

  /** {@code <key>: {existing: {...}}}: the inner mapping, null when the key is absent. */
  private static JsonNode existingOf(JsonNode node, String key) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw CliException.badInput("spec." + key + ": expected a mapping with the key existing");
    }
    refuseUnknown(node, key, Set.of("existing"), "existing");
    JsonNode existing = node.get("existing");
    if (existing == null || !existing.isObject()) {
      throw CliException.badInput("spec." + key + ".existing: expected a mapping");
    }
    return existing;
  }

  private static Existing.Database database(JsonNode e) {
    if (e == null) {
      return null;
    }
    String field = "spec.database.existing";
    if (e.has("password")) {
      throw CliException.badInput(
          field
              + ".password: a literal password is never accepted (it would be kept in the workflow's"
              + " history); use passwordRef: file:<path>:<key> or aws-secretsmanager:<arn>:<key>");
    }
    if (e.has("instanceId")) {
      throw CliException.badInput(
          field + ".instanceId: an RDS instance is for --target aws; the sandbox takes jdbcUrl");
    }
    refuseUnknown(e, "database.existing", DATABASE_KEYS, "jdbcUrl, passwordRef, user");
    String url = text(e, "jdbcUrl", field);
    if (url == null) {
      throw CliException.badInput(
          field + ".jdbcUrl: required (jdbc:postgresql://host[:port]/database)");
    }
    String invalid = Existing.Database.invalidUrl(url);
    if (invalid != null) {
      throw CliException.badInput(field + ".jdbcUrl: " + invalid);
    }
    String passwordRef = text(e, "passwordRef", field);
    if (passwordRef != null
        && !passwordRef.startsWith(SecretResolver.FILE)
        && !passwordRef.startsWith(SecretResolver.AWS_SECRETS_MANAGER)) {
      throw CliException.badInput(
          field
              + ".passwordRef: '"
              + passwordRef.split(":", 2)[0]
              + ":…' is not a secret reference (file:<path>:<key> or"
              + " aws-secretsmanager:<arn>:<key>)");
    }
    return new Existing.Database(url, null, text(e, "user", field), passwordRef);
  }

  private static Existing.Kafka kafka(JsonNode e) {
    if (e == null) {
      return null;
    }
    String field = "spec.kafka.existing";
    if (e.has("clusterArn")) {
      throw CliException.badInput(
          field + ".clusterArn: an MSK cluster is for --target aws; the sandbox takes bootstrap");
    }
    refuseUnknown(e, "kafka.existing", KAFKA_KEYS, "bootstrap");
    String bootstrap = text(e, "bootstrap", field);
    if (bootstrap == null
        || !bootstrap.matches("[A-Za-z0-9.-]+:\\d{1,5}(,[A-Za-z0-9.-]+:\\d{1,5})*")) {
      throw CliException.badInput(
          field + ".bootstrap: '" + bootstrap + "' is not host:port[,host:port...]");
    }
    return new Existing.Kafka(null, bootstrap);
  }

  private static String text(JsonNode e, String key, String field) {
    JsonNode v = e.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw CliException.badInput(field + "." + key + ": expected a non-empty string");
    }
    return v.asText();
  }

  private static void refuseUnknown(JsonNode node, String path, Set<String> known, String allowed) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!known.contains(n)) {
        unknown.add(n);
      }
    }
    if (!unknown.isEmpty()) {
      throw CliException.badInput(
          "spec: unknown key '" + path + "." + unknown.get(0) + "' (allowed: " + allowed + ")");
    }
  }
}
