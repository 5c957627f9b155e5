package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.CdcHome;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.local.PortInUseException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code dev-server} and {@code demo} pick and start the local Temporal server. */
final class LocalServerOptions {
  static final String FLAVOUR_ENV = "CDC_LOCAL_TEMPORAL";

  @Option(
      names = "--port",
      defaultValue = "7233",
      paramLabel = "PORT",
      description =
          "gRPC port on 127.0.0.1 (default ${DEFAULT-VALUE}); the dev server's Web UI takes PORT + 1000.")
  int port;

  @Option(
      names = "--embedded",
      description =
          "Use the embedded Java test server even when the temporal CLI is on PATH "
              + "(same as "
              + FLAVOUR_ENV
              + "=embedded; "
              + FLAVOUR_ENV
              + "=cli insists on the CLI dev server).")
  boolean embedded;

  /** The flavour asked for: {@code --embedded}, else {@code CDC_LOCAL_TEMPORAL}, else auto. */
  LocalTemporal.Flavour flavour(CdcCommand root) {
    if (embedded) {
      return LocalTemporal.Flavour.EMBEDDED;
    }
    try {
      return LocalTemporal.Flavour.parse(root.env(FLAVOUR_ENV));
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(FLAVOUR_ENV + ": " + e.getMessage());
    }
  }

  /** Validates the options (bad input, exit 2) before anything starts. */
  void validate(CdcCommand root) {
    Inputs.port(port);
    flavour(root);
  }

  /**
   * Starts the server and says where it is; PortInUseException passes through for the caller to
   * decide.
   *
   * @param persistent the dev server keeps its state in {@code $CDC_HOME/temporal} (and comes back
   *     on it if it dies): {@code cdc dev-server}; {@code cdc demo} keeps it in memory
   */
  LocalTemporal start(CdcCommand root, PrintWriter out, boolean persistent) {
    long t0 = System.nanoTime();
    LocalTemporal server;
    try {
      server =
          LocalTemporal.start(
              flavour(root),
              port,
              PipelineAttributes.NAMES,
              CdcHome.dir().resolve("logs"),
              CdcHome.dir().resolve("temporal"),
              persistent,
              line -> {
                out.println(line);
                out.flush();
              });
    } catch (PortInUseException e) {
      throw e;
    } catch (RuntimeException e) {
      throw CliException.failure("cannot start a local Temporal server: " + e.getMessage(), e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    out.printf(
        java.util.Locale.ROOT,
        "Temporal (%s) at %s, ready in %.1f s%n",
        server.description(),
        server.address(),
        took.toMillis() / 1000.0);
    server.webUiUrl().ifPresent(url -> out.println("Web UI: " + url));
    out.flush();
    return server;
  }
}
