package io.cdcorchestrator.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A port nothing listens on (closed again at once). */
final class FreePort {
  private FreePort() {}

  static int find() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
