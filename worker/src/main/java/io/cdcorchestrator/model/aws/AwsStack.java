package io.cdcorchestrator.model.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Whose resources these are: the pipeline name every AWS name is derived from, and the tags every
 * resource carries ({@code cdc:pipeline=<name>} plus the spec's own tags). Tags are what find,
 * sweep and the tests' tag scans rely on, so every create call puts them on the resource itself.
 */
public record AwsStack(String pipeline, Map<String, String> userTags) {
  public static final String PIPELINE_TAG = "cdc:pipeline";

  /** EC2 shows resources by this tag; also how EC2 resources are found again. */
  public static final String NAME_TAG = "Name";

  public AwsStack {
    userTags = userTags == null ? Map.of() : Map.copyOf(userTags);
  }

  public static AwsStack of(String pipeline) {
    return new AwsStack(pipeline, Map.of());
  }

  /**
   * The spec's tags, then the pipeline tag (which the spec cannot override: the parser rejects it).
   */
  public Map<String, String> tags() {
    Map<String, String> all = new LinkedHashMap<>(userTags);
    all.put(PIPELINE_TAG, pipeline);
    return all;
  }

  /**
   * The tags in a service's own tag type, e.g. {@code stack.tags((k, v) ->
   * Tag.builder().key(k).value(v).build())}.
   */
  public <T> List<T> tags(BiFunction<String, String, T> tag) {
    return tags().entrySet().stream().map(e -> tag.apply(e.getKey(), e.getValue())).toList();
  }

  /** The deterministic name of one resource, e.g. {@code cdc-demo-vpc}; see {@link AwsNames}. */
  public String name(String suffix) {
    return AwsNames.name(pipeline, suffix);
  }
}
