package io.cdcorchestrator.dataplane;

/**
 * A Kafka Connect REST call that did not succeed: which call, what Connect answered (status 0 when
 * there was no answer at all, e.g. connection refused) and Connect's own error message.
 */
public class ConnectApiException extends RuntimeException {
  private final String method;
  private final String path;
  private final int status;
  private final String connectMessage;

  public ConnectApiException(
      String method, String path, int status, String connectMessage, Throwable cause) {
    super(
        method
            + " "
            + path
            + " -> "
            + (status == 0 ? "no response" : Integer.toString(status))
            + ": "
            + connectMessage,
        cause);
    this.method = method;
    this.path = path;
    this.status = status;
    this.connectMessage = connectMessage;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The HTTP status, or 0 when the request got no response. */
  public int status() {
    return status;
  }

  public String connectMessage() {
    return connectMessage;
  }

  public boolean notFound() {
    return status == 404;
  }

  /** Nothing listens where Connect should: the connection was refused, no request was sent. */
  public boolean refused() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Worth retrying: no answer, a server error, or 409 (Connect answers it while its workers
   * rebalance or its config topic is being read).
   */
  public boolean transientFailure() {
    return status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
  }
}
