package io.cdcorchestrator.cli;

import io.cdcorchestrator.codec.AesGcmCodec;
import io.cdcorchestrator.codec.CodecConfigException;
import io.cdcorchestrator.codec.CodecKeys;
import io.cdcorchestrator.codec.CodecServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc codec-server}: decrypts payloads for the Temporal Web UI (and CLI) until Ctrl-C. */
@Command(
    name = "codec-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serves Temporal's codec-server protocol so the Web UI can show encrypted payloads, until Ctrl-C.",
      "POST /encode and POST /decode with {\"payloads\":[...]}, using the keys of CDC_CODEC_KEYS or CDC_CODEC_KEY_FILE "
          + "(the same ones the worker uses). Browsers may call it only from the --ui-origin pages.",
      "In the Web UI: Settings (or the namespace's codec settings) → Codec Server endpoint http://127.0.0.1:PORT; "
          + "the temporal dev server also takes --ui-codec-endpoint. Anyone who can reach this port can decrypt: "
          + "keep it on 127.0.0.1 or behind your own authentication."
    })
final class CodecServerCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 inside a container).")
  String bind;

  @Option(
      names = "--ui-origin",
      split = ",",
      paramLabel = "ORIGIN",
      defaultValue =
          "http://localhost:8233,http://127.0.0.1:8233,http://localhost:8080,http://127.0.0.1:8080",
      description =
          "Origins of the Web UI allowed to call this server (default: the dev server's and "
              + "docker-compose's UI, ${DEFAULT-VALUE}).")
  List<String> uiOrigins;

  @Override
  public Integer call() {
    if (port < 1 || port > 65535) {
      throw CliException.badInput("port: " + port + " is not a usable port (1-65535)");
    }
    Set<String> origins = origins(uiOrigins);
    CodecKeys keys;
    try {
      keys =
          CodecKeys.fromEnvironment(root.environment())
              .orElseThrow(
                  () ->
                      new CodecConfigException(
                          CodecKeys.KEYS_ENV
                              + ": not set (nor "
                              + CodecKeys.KEY_FILE_ENV
                              + "); the codec server needs the keys the "
                              + "worker encrypts with"));
    } catch (CodecConfigException e) {
      throw CliException.badInput(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownSignal shutdown = ShutdownSignal.install(spec.commandLine().getErr());
        CodecServer server = start(keys, origins)) {
      out.println(
          "codec server at http://"
              + bind
              + ":"
              + server.port()
              + " (keys: "
              + String.join(", ", keys.ids())
              + "; "
              + keys.encryptingKeyId()
              + " encrypts) for "
              + String.join(", ", origins)
              + "; Ctrl-C to stop");
      out.flush();
      shutdown.await();
      out.println(shutdown.received() + ": stopping the codec server");
      out.flush();
    }
    return 0;
  }

  private CodecServer start(CodecKeys keys, Set<String> origins) {
    try {
      return CodecServer.start(new InetSocketAddress(bind, port), new AesGcmCodec(keys), origins);
    } catch (IOException e) {
      throw CliException.failure(
          "cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")", e);
    }
  }

  /** scheme://host[:port], as a browser sends it in the Origin header. */
  static Set<String> origins(List<String> values) {
    Set<String> origins = new LinkedHashSet<>();
    for (String value : values) {
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        uri = null;
      }
      boolean ok =
          uri != null
              && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
              && uri.getHost() != null
              && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
              && uri.getRawQuery() == null
              && uri.getUserInfo() == null;
      if (!ok) {
        throw CliException.badInput(
            "ui-origin: '"
                + value
                + "' is not an origin (scheme://host[:port], e.g. "
                + "http://localhost:8080, no path or trailing slash)");
      }
      origins.add(value);
    }
    return origins;
  }
}
