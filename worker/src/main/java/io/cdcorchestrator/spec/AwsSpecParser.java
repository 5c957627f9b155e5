package io.cdcorchestrator.spec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdcorchestrator.model.aws.AwsSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads an AWS spec (YAML, or JSON, which is YAML too), fills the defaults and checks it with
 * {@link AwsSpecRules} — all before any AWS call. Every problem is an {@link
 * IllegalArgumentException} whose message is one line starting with the field, e.g. {@code
 * kafka.brokerz: unknown key …}.
 */
public final class AwsSpecParser {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private AwsSpecParser() {}

  public static AwsSpec parse(String pipeline, Path file) {
    try {
      return parse(pipeline, Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("spec: no such file " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("spec: cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * @param text the spec; empty means "all defaults" (which still lacks the required operatorCidr)
   */
  public static AwsSpec parse(String pipeline, String text) {
    AwsSpec spec;
    try {
      spec = text.isBlank() ? null : YAML.readValue(text, AwsSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          field(e)
              + ": unknown key (known: "
              + e.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", "))
              + ")");
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          "spec: not valid YAML or JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + firstLine(e.getOriginalMessage()));
    } catch (MismatchedInputException e) {
      throw new IllegalArgumentException(field(e) + ": expected " + expected(e.getTargetType()));
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonParseException p) { // a syntax error inside a nested value
        throw new IllegalArgumentException(
            field(e)
                + ": not valid YAML or JSON at line "
                + p.getLocation().getLineNr()
                + ": "
                + firstLine(p.getOriginalMessage()));
      }
      throw new IllegalArgumentException(field(e) + ": " + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("spec: " + firstLine(e.getOriginalMessage()));
    }
    if (spec == null) {
      spec = new AwsSpec(null, null, null, null, null, null, null);
    }
    AwsSpec complete = spec.withDefaults();
    AwsSpecRules.check(pipeline, complete);
    return complete;
  }

  /** {@code kafka.brokers}, {@code network.publicSubnets[1]} … */
  private static String field(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "spec" : path.toString();
  }

  private static String firstLine(String message) {
    return message == null ? "invalid" : message.lines().findFirst().orElse("invalid");
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    return java.util.Collection.class.isAssignableFrom(type)
        ? "a list"
        : "a mapping of keys to values";
  }
}
