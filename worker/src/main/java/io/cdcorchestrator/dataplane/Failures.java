package io.cdcorchestrator.dataplane;

import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Set;

/** One place that decides which data-plane failures a retry can fix. */
final class Failures {
  /**
   * SQLSTATE classes no retry fixes: 28 authentication, 42 syntax/privilege/undefined object, 0A
   * feature not supported, 22 data exception, 3D unknown database.
   */
  private static final Set<String> PERMANENT_SQL_CLASSES = Set.of("28", "42", "0A", "22", "3D");

  private Failures() {}

  static boolean permanent(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && state.length() >= 2
        && PERMANENT_SQL_CLASSES.contains(state.substring(0, 2));
  }

  static ApplicationFailure sql(String doing, SQLException e) {
    String message = doing + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")";
    return permanent(e)
        ? ApplicationFailure.newNonRetryableFailureWithCause(message, "DatabaseRejected", e)
        : ApplicationFailure.newFailureWithCause(message, "DatabaseUnavailable", e);
  }

  static ApplicationFailure connect(String doing, ConnectApiException e) {
    String message = doing + " failed: " + e.getMessage();
    return e.transientFailure()
        ? ApplicationFailure.newFailureWithCause(message, "ConnectUnavailable", e)
        : ApplicationFailure.newNonRetryableFailureWithCause(message, "ConnectRejected", e);
  }

  /** A bad secret reference or a missing secret file: the pipeline's inputs are wrong. */
  static ApplicationFailure secret(SecretResolver.UnresolvableSecret e) {
    return e.retryable()
        ? ApplicationFailure.newFailure(e.getMessage(), "SecretUnavailable")
        : ApplicationFailure.newNonRetryableFailure(e.getMessage(), "SecretUnavailable");
  }
}
