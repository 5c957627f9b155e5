package io.cdcorchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdcorchestrator.pipeline.PipelineSpec;
import io.cdcorchestrator.pipeline.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The optional {@code --spec FILE} of {@code cdc up}: YAML, or JSON when the file ends in
 * {@code .json}. Unknown keys are rejected, so a typo cannot silently fall back to a default.
 *
 * @param watchIntervalSeconds how often the READY pipeline checks connector health; null = default
 */
record SpecFile(Integer watchIntervalSeconds) {
  static final int MAX_WATCH_INTERVAL_SECONDS = 86_400;

  /** The keys a spec file may contain. */
  static String allowedKeys() {
    return java.util.Arrays.stream(SpecFile.class.getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getName)
        .collect(Collectors.joining(", "));
  }

  static SpecFile load(Path file) {
    String content;
    try {
      content = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw CliException.badInput("spec: file '" + file + "' does not exist");
    } catch (IOException e) {
      throw CliException.badInput("spec: cannot read '" + file + "' (" + e.getMessage() + ")");
    }
    boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    ObjectMapper mapper = (json ? new ObjectMapper() : new YAMLMapper())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    SpecFile spec;
    try {
      spec = content.isBlank() ? null : mapper.readValue(content, SpecFile.class);
    } catch (UnrecognizedPropertyException e) {
      throw CliException.badInput(
          "spec: unknown key '" + e.getPropertyName() + "' in " + file + " (allowed: " + allowedKeys() + ")");
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw CliException.badInput(field == null
          ? "spec: " + file + " must be a mapping of keys to values (allowed: " + allowedKeys() + ")"
          : "spec." + field + ": expected " + describe(e.getTargetType()) + " in " + file);
    } catch (JsonProcessingException e) {
      throw CliException.badInput(
          "spec: " + file + " is not valid " + (json ? "JSON" : "YAML") + " (" + e.getOriginalMessage().lines().findFirst().orElse("")
              + location(e) + ")");
    }
    spec = spec == null ? new SpecFile(null) : spec;
    spec.validate();
    return spec;
  }

  private static String describe(Class<?> type) {
    return type == Integer.class || type == int.class ? "a whole number" : "a " + (type == null ? "value" : type.getSimpleName());
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private void validate() {
    if (watchIntervalSeconds != null && (watchIntervalSeconds < 1 || watchIntervalSeconds > MAX_WATCH_INTERVAL_SECONDS)) {
      throw CliException.badInput("spec.watchIntervalSeconds: " + watchIntervalSeconds
          + " is out of range (1-" + MAX_WATCH_INTERVAL_SECONDS + " seconds)");
    }
  }

  /** The workflow's input: defaults, overridden by what this file sets. */
  PipelineSpec toPipelineSpec(String name, Target target) {
    PipelineSpec spec = PipelineSpec.of(name, target);
    return watchIntervalSeconds == null ? spec : spec.withWatch(watchIntervalSeconds, spec.checksPerRun());
  }
}
