package io.cdcorchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcorchestrator.dataplane.SecretResolver;
import io.cdcorchestrator.model.Existing;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox spec's {@code database.existing} and {@code kafka.existing}: what the pipeline adopts
 * instead of starting. Checked before anything connects, one line naming the field: a literal
 * {@code password} is refused (it would travel through workflow history), so is every AWS-only key
 * on the sandbox and every sandbox-only key on AWS ({@link #takeAws}).
 */
final class ExistingSpec {
  static final String DATABASE = "database";
  static final String KAFKA = "kafka";
  static final String NETWORK = "network";

  private static final Set<String> DATABASE_KEYS = Set.of("jdbcUrl", "user", "passwordRef");
  private static final Set<String> KAFKA_KEYS = Set.of("bootstrap");
  private static final Set<String> AWS_DATABASE_KEYS =
      Set.of("instanceId", "endpoint", "database", "user", "passwordRef");
  private static final Set<String> AWS_NETWORK_KEYS =
      Set.of("vpcId", "privateSubnetIds", "publicSubnetIds");
  private static final Set<String> AWS_KAFKA_KEYS = Set.of("clusterArn");
  private static final Pattern INSTANCE_ID = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{0,62}");
  private static final Pattern ENDPOINT = Pattern.compile("([A-Za-z0-9.-]+):(\\d{1,5})");
  private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
  private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
  private static final Pattern MSK_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:kafka:[a-z0-9-]+:\\d{12}:cluster/[A-Za-z0-9-]+/[A-Za-z0-9-]+");

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

  /**
   * Takes {@code database}, {@code network} and {@code kafka} out of the AWS spec's tree where they
   * hold {@code existing} (the rest of such a key would describe what is not created); returns what
   * they adopt, null when nothing. An adopted database lives in a VPC the pipeline must be placed
   * in, so it needs {@code network.existing}; its password reaches Kafka Connect as an ECS secret,
   * so it is a Secrets Manager reference.
   *
   * @param bastion whether the bastion (in a public subnet) is asked for
   */
  static Existing takeAws(ObjectNode tree, boolean bastion) {
    JsonNode db = adoptedOnly(tree, DATABASE);
    JsonNode net = adoptedOnly(tree, NETWORK);
    JsonNode kafka = adoptedOnly(tree, KAFKA);
    Existing.Network network = network(net, bastion);
    Existing.Database database = awsDatabase(db);
    if (database != null && network == null) {
      throw CliException.badInput(
          "spec.database.existing: needs network.existing (the VPC and subnets the database is"
              + " reached in: Kafka Connect runs there)");
    }
    Existing.Kafka msk = awsKafka(kafka);
    return database == null && network == null && msk == null
        ? null
        : new Existing(database, network, msk);
  }

  /** The {@code existing} mapping of {@code key}, removed from the tree; null when not adopted. */
  private static JsonNode adoptedOnly(ObjectNode tree, String key) {
    JsonNode node = tree.get(key);
    if (node == null || !node.isObject() || !node.has("existing")) {
      return null;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!n.equals("existing")) {
        throw CliException.badInput(
            "spec."
                + key
                + "."
                + n
                + ": not with "
                + key
                + ".existing (the adopted "
                + key
                + " is used as it is)");
      }
    }
    return existingOf(tree.remove(key), key);
  }

  private static Existing.Database awsDatabase(JsonNode e) {
    if (e == null) {
      return null;
    }
    String field = "spec.database.existing";
    refuseLiteralPassword(e, field);
    if (e.has("jdbcUrl")) {
      throw CliException.badInput(
          field
              + ".jdbcUrl: on --target aws give instanceId (an RDS instance) or endpoint"
              + " (host:port)");
    }
    refuseUnknown(
        e,
        "database.existing",
        AWS_DATABASE_KEYS,
        "instanceId | endpoint, database, user, passwordRef");
    String instanceId = text(e, "instanceId", field);
    String endpoint = text(e, "endpoint", field);
    if ((instanceId == null) == (endpoint == null)) {
      throw CliException.badInput(
          field
              + ": give exactly one of instanceId (an RDS instance identifier) and endpoint"
              + " (host:port)");
    }
    if (instanceId != null && !INSTANCE_ID.matcher(instanceId).matches()) {
      throw CliException.badInput(
          field + ".instanceId: '" + instanceId + "' is not an RDS instance identifier");
    }
    String database = text(e, "database", field);
    String url = null;
    if (endpoint != null) {
      Matcher m = ENDPOINT.matcher(endpoint);
      if (!m.matches()) {
        throw CliException.badInput(field + ".endpoint: '" + endpoint + "' is not host:port");
      }
      url =
          "jdbc:postgresql://"
              + endpoint
              + "/"
              + (database == null ? Existing.Database.DEFAULT_DATABASE : database);
      String invalid = Existing.Database.invalidUrl(url);
      if (invalid != null) {
        throw CliException.badInput(field + ".endpoint: " + invalid);
      }
    }
    String passwordRef = text(e, "passwordRef", field);
    if (passwordRef == null
        || !passwordRef.startsWith(SecretResolver.AWS_SECRETS_MANAGER)
        || !passwordRef.endsWith(":" + Existing.Database.AWS_PASSWORD_KEY)) {
      throw CliException.badInput(
          field
              + ".passwordRef: on --target aws the admin's secret is"
              + " aws-secretsmanager:<secret arn>:password (ECS hands its username and password"
              + " keys to Kafka Connect, as with an RDS-managed secret), got "
              + (passwordRef == null ? "none" : "'" + passwordRef.split(":", 2)[0] + ":…'"));
    }
    return new Existing.Database(url, instanceId, text(e, "user", field), passwordRef, database);
  }

  private static Existing.Network network(JsonNode e, boolean bastion) {
    if (e == null) {
      return null;
    }
    String field = "spec.network.existing";
    refuseUnknown(
        e, "network.existing", AWS_NETWORK_KEYS, "vpcId, privateSubnetIds, publicSubnetIds");
    String vpcId = text(e, "vpcId", field);
    if (vpcId == null || !VPC_ID.matcher(vpcId).matches()) {
      throw CliException.badInput(
          field
              + ".vpcId: "
              + (vpcId == null ? "required" : "'" + vpcId + "' is not a VPC id")
              + " (vpc-0123456789abcdef0)");
    }
    List<String> privateIds = subnetIds(e, "privateSubnetIds", field);
    if (privateIds.size() < 2) {
      throw CliException.badInput(
          field
              + ".privateSubnetIds: at least 2 subnets in different availability zones (RDS, MSK"
              + " and the load balancer need 2), got "
              + privateIds.size());
    }
    List<String> publicIds = subnetIds(e, "publicSubnetIds", field);
    if (bastion && publicIds.isEmpty()) {
      throw CliException.badInput(
          field
              + ".publicSubnetIds: required with dataPlaneAccess: bastion (the bastion's subnet,"
              + " routed to an internet gateway)");
    }
    for (String id : publicIds) {
      if (privateIds.contains(id)) {
        throw CliException.badInput(
            field + ".publicSubnetIds: " + id + " is listed as private too");
      }
    }
    return new Existing.Network(vpcId, privateIds, publicIds);
  }

  private static List<String> subnetIds(JsonNode e, String key, String field) {
    JsonNode v = e.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw CliException.badInput(field + "." + key + ": expected a list of subnet ids");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String id = v.get(i).asText();
      if (!v.get(i).isTextual() || !SUBNET_ID.matcher(id).matches()) {
        throw CliException.badInput(
            field + "." + key + "[" + i + "]: '" + id + "' is not a subnet id (subnet-0123abcd…)");
      }
      if (ids.contains(id)) {
        throw CliException.badInput(field + "." + key + "[" + i + "]: " + id + " is listed twice");
      }
      ids.add(id);
    }
    return List.copyOf(ids);
  }

  private static Existing.Kafka awsKafka(JsonNode e) {
    if (e == null) {
      return null;
    }
    String field = "spec.kafka.existing";
    if (e.has("bootstrap")) {
      throw CliException.badInput(
          field + ".bootstrap: on --target aws give clusterArn (an MSK cluster)");
    }
    refuseUnknown(e, "kafka.existing", AWS_KAFKA_KEYS, "clusterArn");
    String arn = text(e, "clusterArn", field);
    if (arn == null || !MSK_ARN.matcher(arn).matches()) {
      throw CliException.badInput(
          field
              + ".clusterArn: "
              + (arn == null ? "required" : "'" + arn + "' is not an MSK cluster ARN")
              + " (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)");
    }
    return new Existing.Kafka(arn, null);
  }

  private static void refuseLiteralPassword(JsonNode e, String field) {
    if (e.has("password")) {
      throw CliException.badInput(
          field
              + ".password: a literal password is never accepted (it would be kept in the workflow's"
              + " history); use passwordRef: file:<path>:<key> or aws-secretsmanager:<arn>:<key>");
    }
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
    refuseLiteralPassword(e, field);
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
