package io.cdcorchestrator.local;

/** The port a local server should listen on is taken. */
public final class PortInUseException extends RuntimeException {
  private final int port;
  private final PortProbe.State state;

  public PortInUseException(int port, PortProbe.State state) {
    super(
        state == PortProbe.State.TEMPORAL
            ? "port " + port + ": a Temporal server already answers at 127.0.0.1:" + port
            : "port "
                + port
                + ": in use by something that is not a Temporal server (stop it or pick another --port)");
    this.port = port;
    this.state = state;
  }

  public int port() {
    return port;
  }

  /** TEMPORAL when a Temporal server answers there, OTHER otherwise. */
  public PortProbe.State state() {
    return state;
  }
}
