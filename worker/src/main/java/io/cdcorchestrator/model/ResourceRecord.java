package io.cdcorchestrator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * One thing a pipeline created: the saga is an ordered list of these (see {@link Inventory}).
 *
 * @param type e.g. {@code sandbox:postgres}, {@code connect:connector}; selects the compensation
 * @param id what the target calls it (a port, an ARN, a connector name)
 * @param state the last state seen (e.g. {@code running}, {@code available})
 * @param attributes non-secret facts the later steps and {@code cdc status} need
 */
public record ResourceRecord(String type, String id, String state, Map<String, String> attributes) {
  /**
   * The state of a resource recorded before its create ran (the saga records intent first): its id
   * is the one the workflow expected, not yet the target's own.
   */
  public static final String CREATING = "creating";

  /**
   * The attribute of an AWS intent that names its pipeline: a delete of an unconfirmed create finds
   * it by tag and name.
   */
  public static final String PIPELINE = "pipeline";

  /**
   * The attribute that says who owns the resource: {@value #ADOPTED} for what the spec names as
   * existing (read and checked, never deleted); absent for what the pipeline created.
   */
  public static final String OWNERSHIP = "ownership";

  public static final String ADOPTED = "adopted";

  public ResourceRecord {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public String attr(String key) {
    String v = attributes.get(key);
    if (v == null) {
      throw new IllegalStateException(type + " " + id + " has no attribute " + key);
    }
    return v;
  }

  /** The user's own resource, adopted by the pipeline: teardown leaves it alone. */
  @JsonIgnore
  public boolean adopted() {
    return ADOPTED.equals(attributes.get(OWNERSHIP));
  }

  public ResourceRecord withState(String newState) {
    return new ResourceRecord(type, id, newState, attributes);
  }
}
