package io.cdcorchestrator.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The rule for a spec's {@code tables}: one place, read by the CLI and the workflow alike. */
public final class CapturedTables {
  public static final String RULE =
      "schema.table in lowercase letters, digits and underscores (PostgreSQL's unquoted names)";

  private static final Pattern NAME =
      Pattern.compile("[a-z_][a-z0-9_]{0,62}\\.[a-z_][a-z0-9_]{0,62}");
  private static final Set<String> RESERVED =
      Set.of(PipelineNames.HEARTBEAT_TABLE, PipelineNames.SIGNAL_TABLE);

  private CapturedTables() {}

  /** Returns null when the list is valid, otherwise one line naming the field and the rule. */
  public static String validate(List<String> tables) {
    return validate(tables, false);
  }

  /**
   * As {@link #validate(List)}; on an adopted database ({@code database.existing}) the seed's table
   * is not required: the CDC proof writes to the pipeline's own heartbeat table there.
   */
  public static String validate(List<String> tables, boolean adoptedDatabase) {
    if (tables == null || tables.isEmpty()) {
      if (adoptedDatabase) {
        return "tables: must name at least one table of the existing database";
      }
      return "tables: must name at least " + PipelineNames.CAPTURED_TABLE;
    }
    Set<String> seen = new HashSet<>();
    for (String t : tables) {
      if (t == null || !NAME.matcher(t).matches()) {
        return "tables: '" + t + "' is not a table name (" + RULE + ")";
      }
      if (RESERVED.contains(t)) {
        return "tables: "
            + t
            + " is the pipeline's own "
            + (t.equals(PipelineNames.HEARTBEAT_TABLE) ? "heartbeat" : "signal")
            + " table, captured already";
      }
      if (!seen.add(t)) {
        return "tables: " + t + " is listed twice";
      }
    }
    if (!adoptedDatabase && !seen.contains(PipelineNames.CAPTURED_TABLE)) {
      return "tables: must include "
          + PipelineNames.CAPTURED_TABLE
          + " (the CDC proof writes its canary row there)";
    }
    return null;
  }
}
