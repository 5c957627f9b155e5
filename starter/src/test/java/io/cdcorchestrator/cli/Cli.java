package io.cdcorchestrator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the cdc command line in this JVM with its own environment and captured output. */
final class Cli {
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Map<String, String> env = new HashMap<>();
  private String input = "";

  /** TEMPORAL_ADDRESS for the commands run through this instance. */
  Cli address(String address) {
    env.put("TEMPORAL_ADDRESS", address);
    return this;
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** What the next commands read from standard input (an answer to apply's question). */
  Cli input(String text) {
    this.input = text;
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // as main builds it: only the subcommand the arguments name
    CommandLine cmd =
        CdcCommand.commandLine(
            Map.copyOf(env),
            new java.io.ByteArrayInputStream(
                input.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            args);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
