package io.cdcorchestrator.model.preflight;

/**
 * One result of one preflight check: what was found and, unless it is fine, what to do about it.
 * Part of the workflow's history (the preflight step's result), so no secret ever goes in here.
 *
 * @param check a stable id, e.g. {@code aws.identity}, {@code aws.zones}, {@code aws.quota.vpcs};
 *     scripts reading {@code cdc preflight --json} match on it
 * @param severity {@link Severity#BLOCKER} stops {@code up} before anything is created
 * @param message one line: what was found, naming the zone, type, version or quota concerned
 * @param remedy one line: what the user does about it; empty when there is nothing to do
 */
public record Finding(String check, Severity severity, String message, String remedy) {

  public enum Severity {
    /** Checked, and fine. */
    OK,
    /**
     * Not checked here, and why: where and when it is checked instead (e.g. the SQL checks of a
     * private RDS instance, which run at {@code up} through the bastion). Neither fine nor a
     * blocker.
     */
    INFO,
    /** Not a blocker, but worth knowing (a check that could not run, a quota nearly used up). */
    WARNING,
    /** {@code up} would fail on it: the workflow stops before it creates anything. */
    BLOCKER
  }

  public Finding {
    remedy = remedy == null ? "" : remedy;
  }

  public static Finding ok(String check, String message) {
    return new Finding(check, Severity.OK, message, "");
  }

  public static Finding info(String check, String message) {
    return new Finding(check, Severity.INFO, message, "");
  }

  public static Finding warning(String check, String message, String remedy) {
    return new Finding(check, Severity.WARNING, message, remedy);
  }

  public static Finding blocker(String check, String message, String remedy) {
    return new Finding(check, Severity.BLOCKER, message, remedy);
  }

  public boolean blocks() {
    return severity == Severity.BLOCKER;
  }

  /** {@code BLOCKER aws.zones: … — remedy: …}, as {@code cdc preflight} prints it. */
  public String line() {
    return severity
        + " "
        + check
        + ": "
        + message
        + (remedy.isEmpty() ? "" : " — remedy: " + remedy);
  }
}
