package io.cdcorchestrator.cli;

import io.cdcorchestrator.local.PortProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports nothing listens on (closed again at once), for servers the tests start. */
public final class FreePort {
  private FreePort() {}

  public static int find() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free port whose PORT + 1000 (the dev server's Web UI) is valid and free too. */
  public static int withUiPort() {
    for (int i = 0; i < 50; i++) {
      int port = find();
      if (port < 64535 && !PortProbe.accepts(port + 1000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port with a free port + 1000");
  }
}
