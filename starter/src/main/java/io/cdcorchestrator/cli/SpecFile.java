package io.cdcorchestrator.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdcorchestrator.model.CapturedTables;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.spec.AwsSpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --spec FILE} of {@code cdc up} and {@code cdc apply}: YAML, or JSON when the file ends
 * in {@code .json}. For sandbox it is optional and holds only these common keys; for aws it is
 * required and holds the {@link AwsSpec} as well. Unknown keys are rejected, so a typo cannot
 * silently fall back to a default. A key left out means its default, also for {@code apply}: the
 * file describes the whole pipeline.
 *
 * @param watchIntervalSeconds how often the READY pipeline checks connector health; null = default
 * @param tables the captured tables ({@code schema.table}); null = the seed's {@code
 *     public.inventory}
 * @param lag above these limits the pipeline is DEGRADED
 * @param autoRestart the watch's restarts of a FAILED connector or task
 */
record SpecFile(
    Integer watchIntervalSeconds, List<String> tables, Lag lag, AutoRestart autoRestart) {
  static final int MAX_WATCH_INTERVAL_SECONDS = PipelineSpec.MAX_WATCH_INTERVAL_SECONDS;

  /** {@code lag:} in the file; a limit left out keeps its default, 0 turns it off. */
  record Lag(Integer maxRetainedWalMiB, Integer maxEventAgeSeconds) {}

  /** {@code autoRestart:} in the file. */
  record AutoRestart(Boolean enabled, Integer maxRestarts) {}

  /** Reads YAML and JSON alike; a key given twice is an error, not a silent override. */
  private static final ObjectMapper TREE =
      new YAMLMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** A spec file that sets nothing: every default. */
  static SpecFile defaults() {
    return new SpecFile(null, null, null, null);
  }

  /** The keys a spec file may contain. */
  static String allowedKeys() {
    return String.join(", ", keys());
  }

  /** The sandbox also takes what it adopts. */
  static String sandboxKeys() {
    return allowedKeys() + ", " + ExistingSpec.DATABASE + ", " + ExistingSpec.KAFKA;
  }

  static SpecFile load(Path file) {
    String content = read(file);
    refuseConnectKeys(content, isJson(file), file.toString());
    return parse(content, isJson(file), file.toString(), false, allowedKeys());
  }

  /**
   * The spec of a sandbox pipeline: this record's keys, plus {@code database.existing} and {@code
   * kafka.existing} ({@link ExistingSpec}) for a PostgreSQL or Kafka the pipeline adopts. No file:
   * every default.
   */
  static PipelineSpec loadSandbox(String name, Path file) {
    if (file == null) {
      return defaults().toPipelineSpec(name, Target.SANDBOX);
    }
    String content = read(file);
    boolean json = isJson(file);
    refuseConnectKeys(content, json, file.toString());
    JsonNode tree;
    try {
      tree = content.isBlank() ? null : TREE.readTree(content);
    } catch (JsonProcessingException e) {
      throw notValid(file.toString(), json, e);
    }
    if (tree == null || !tree.isObject()) { // the usual parse says what is wrong
      return parse(content, json, file.toString(), false, sandboxKeys())
          .toPipelineSpec(name, Target.SANDBOX);
    }
    Existing existing = ExistingSpec.take((ObjectNode) tree);
    boolean adopted = existing != null && existing.database() != null;
    SpecFile spec = parse(tree.toString(), true, file.toString(), adopted, sandboxKeys());
    if (adopted && spec.tables() == null) {
      throw CliException.badInput(
          "spec.tables: required with database.existing (the tables of that database to capture,"
              + " schema.table)");
    }
    return spec.toPipelineSpec(name, Target.SANDBOX).withExisting(existing);
  }

  /**
   * The sandbox's Kafka Connect and Debezium are embedded in the worker: a {@code connect} key
   * (image, cpu ...) cannot apply there, which the user is told rather than "unknown key".
   */
  private static void refuseConnectKeys(String content, boolean json, String file) {
    JsonNode tree;
    try {
      tree = content.isBlank() ? null : TREE.readTree(content);
    } catch (JsonProcessingException e) {
      throw notValid(file, json, e);
    }
    if (tree != null && tree.isObject() && tree.has("connect")) {
      throw CliException.badInput(
          "spec.connect: the sandbox runs Kafka Connect with Debezium "
              + SANDBOX_DEBEZIUM
              + " embedded in the worker, so its image and size are fixed (connect.* is for"
              + " --target aws)");
    }
  }

  /** The Debezium version the sandbox embeds (the worker's dependency). */
  static final String SANDBOX_DEBEZIUM = "3.6.1.Final";

  /**
   * The spec of an AWS pipeline: the AwsSpec keys (see examples/aws.yaml) plus this record's common
   * keys, all checked before anything connects. {@code --spec} is required: operatorCidr has no
   * default.
   */
  static PipelineSpec loadAws(String name, Path file) {
    if (file == null) {
      throw CliException.badInput(
          "spec: --target aws needs --spec FILE (operatorCidr is required; "
              + "examples/aws.yaml lists every key)");
    }
    String content = read(file);
    boolean json = isJson(file);
    JsonNode tree;
    try {
      tree = content.isBlank() ? null : TREE.readTree(content);
    } catch (JsonProcessingException e) {
      throw notValid(file.toString(), json, e);
    }
    ObjectNode aws = JsonNodeFactory.instance.objectNode();
    if (tree != null && !tree.isNull()) {
      if (!tree.isObject()) {
        throw CliException.badInput(
            "spec: " + file + " must be a mapping of keys to values (see examples/aws.yaml)");
      }
      aws = (ObjectNode) tree;
    }
    Existing existing =
        ExistingSpec.takeAws(aws, !AwsSpec.DIRECT.equals(aws.path("dataPlaneAccess").asText()));
    ObjectNode common = JsonNodeFactory.instance.objectNode();
    for (String key : keys()) {
      if (aws.has(key)) {
        common.set(key, aws.remove(key));
      }
    }
    boolean adopted = existing != null && existing.database() != null;
    SpecFile spec = parse(common.toString(), true, file.toString(), adopted, allowedKeys());
    if (adopted && spec.tables() == null) {
      throw CliException.badInput(
          "spec.tables: required with database.existing (the tables of that database to capture,"
              + " schema.table)");
    }
    AwsSpec awsSpec;
    try {
      awsSpec = AwsSpecParser.parse(name, aws.isEmpty() ? "" : aws.toString());
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      // the top level also takes the common keys: name them too
      if (message.matches("[A-Za-z]+: unknown key \\(known: .*\\)")) {
        message = message.substring(0, message.length() - 1) + ", " + allowedKeys() + ")";
      }
      throw CliException.badInput(message);
    }
    if (existing != null && existing.network() != null && existing.kafka() == null) {
      int subnets = existing.network().privateSubnetIds().size();
      int brokers = awsSpec.kafka().brokers();
      if (brokers < subnets || brokers % subnets != 0) {
        throw CliException.badInput(
            "spec.kafka.brokers: MSK needs a multiple of the "
                + subnets
                + " subnets of network.existing.privateSubnetIds, got "
                + brokers);
      }
    }
    return spec.apply(
            new PipelineSpec(
                name,
                Target.AWS,
                PipelineSpec.DEFAULT_WATCH_INTERVAL_SECONDS,
                PipelineSpec.DEFAULT_CHECKS_PER_RUN,
                awsSpec))
        .withExisting(existing);
  }

  private static List<String> keys() {
    return java.util.Arrays.stream(SpecFile.class.getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getName)
        .toList();
  }

  private static boolean isJson(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw CliException.badInput("spec: file '" + file + "' does not exist");
    } catch (IOException e) {
      throw CliException.badInput("spec: cannot read '" + file + "' (" + e.getMessage() + ")");
    }
  }

  private static CliException notValid(String file, boolean json, JsonProcessingException e) {
    return CliException.badInput(
        "spec: "
            + file
            + " is not valid "
            + (json ? "JSON" : "YAML")
            + " ("
            + e.getOriginalMessage().lines().findFirst().orElse("")
            + location(e)
            + ")");
  }

  private static SpecFile parse(
      String content, boolean json, String file, boolean adoptedDatabase, String allowed) {
    ObjectMapper mapper =
        (json ? new ObjectMapper() : new YAMLMapper())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    SpecFile spec;
    try {
      spec = content.isBlank() ? null : mapper.readValue(content, SpecFile.class);
    } catch (UnrecognizedPropertyException e) {
      String path = path(e);
      throw CliException.badInput(
          "spec: unknown key '"
              + (path.isEmpty() ? "" : path + ".")
              + e.getPropertyName()
              + "' in "
              + file
              + " (allowed: "
              + (path.isEmpty()
                  ? allowed
                  : String.join(
                      ", ",
                      e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()))
              + ")");
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null : path(e);
      throw CliException.badInput(
          field == null
              ? "spec: " + file + " must be a mapping of keys to values (allowed: " + allowed + ")"
              : "spec." + field + ": expected " + describe(e.getTargetType()) + " in " + file);
    } catch (JsonProcessingException e) {
      throw notValid(file, json, e);
    }
    spec = spec == null ? defaults() : spec;
    spec.validate(adoptedDatabase);
    return spec;
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == List.class) {
      return "a list";
    }
    return "a " + (type == null ? "value" : type.getSimpleName());
  }

  /** The dotted path of the field a parse error is about ({@code lag.maxEventAgeSeconds}). */
  private static String path(JsonProcessingException e) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m)) {
      return "";
    }
    List<String> names = new java.util.ArrayList<>();
    for (var ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        names.add(ref.getFieldName());
      }
    }
    if (e instanceof UnrecognizedPropertyException && !names.isEmpty()) {
      names.remove(names.size() - 1); // the unknown key itself
    }
    return String.join(".", names);
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private void validate(boolean adoptedDatabase) {
    if (tables != null) {
      String rule = CapturedTables.validate(tables, adoptedDatabase);
      if (rule != null) {
        throw CliException.badInput("spec." + rule);
      }
    }
    if (lag != null) {
      notNegative("lag.maxRetainedWalMiB", lag.maxRetainedWalMiB());
      notNegative("lag.maxEventAgeSeconds", lag.maxEventAgeSeconds());
    }
    if (autoRestart != null) {
      notNegative("autoRestart.maxRestarts", autoRestart.maxRestarts());
    }
    if (watchIntervalSeconds != null
        && (watchIntervalSeconds < 1 || watchIntervalSeconds > MAX_WATCH_INTERVAL_SECONDS)) {
      throw CliException.badInput(
          "spec.watchIntervalSeconds: "
              + watchIntervalSeconds
              + " is out of range (1-"
              + MAX_WATCH_INTERVAL_SECONDS
              + " seconds)");
    }
  }

  private static void notNegative(String field, Integer value) {
    if (value != null && value < 0) {
      throw CliException.badInput(
          "spec." + field + ": " + value + " is negative (0 turns the limit off)");
    }
  }

  /** The workflow's input: defaults, overridden by what this file sets. */
  PipelineSpec toPipelineSpec(String name, Target target) {
    return apply(PipelineSpec.of(name, target));
  }

  private PipelineSpec apply(PipelineSpec spec) {
    PipelineSpec s = spec;
    if (watchIntervalSeconds != null) {
      s = s.withWatch(watchIntervalSeconds, s.checksPerRun());
    }
    if (tables != null) {
      s = s.withTables(tables);
    }
    if (lag != null) {
      PipelineSpec.LagLimits d = PipelineSpec.LagLimits.DEFAULT;
      s =
          s.withLag(
              new PipelineSpec.LagLimits(
                  or(lag.maxRetainedWalMiB(), d.maxRetainedWalMiB()),
                  or(lag.maxEventAgeSeconds(), d.maxEventAgeSeconds())));
    }
    if (autoRestart != null) {
      PipelineSpec.AutoRestart d = PipelineSpec.AutoRestart.DEFAULT;
      s =
          s.withAutoRestart(
              new PipelineSpec.AutoRestart(
                  autoRestart.enabled() == null ? d.enabled() : autoRestart.enabled(),
                  or(autoRestart.maxRestarts(), d.maxRestarts())));
    }
    return s;
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
