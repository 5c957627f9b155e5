package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line main builds holds only the subcommand the arguments name (start-up time); what a
 * user sees must be exactly what the command line with every subcommand shows.
 */
class CommandLineTest {
  private static final Map<String, String> ENV = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1");

  @Test
  void aNamedSubcommand_isTheOnlyOneBuilt() {
    CommandLine cmd = CdcCommand.commandLine(ENV, "--verbose", "status", "demo", "--json");
    assertEquals(List.of("status"), List.copyOf(cmd.getSubcommands().keySet()));
  }

  @Test
  void noSubcommand_helpOrATypo_buildsThemAll() {
    List<String> all = CdcCommand.SUBCOMMANDS.stream().map(CommandLineTest::nameOf).toList();
    for (String[] args :
        new String[][] {{}, {"--help"}, {"help", "plan"}, {"statu", "demo"}, {"--", "status"}}) {
      assertEquals(
          all,
          List.copyOf(CdcCommand.commandLine(ENV, args).getSubcommands().keySet()),
          String.join(" ", args));
    }
  }

  /** Usage, version and errors: the same text and exit code either way. */
  @Test
  void whatAUserSees_isTheSameAsWithEverySubcommand() {
    List<String[]> cases = new ArrayList<>();
    for (Class<?> sub : CdcCommand.SUBCOMMANDS) {
      cases.add(new String[] {"--verbose", nameOf(sub), "--help"});
      cases.add(new String[] {nameOf(sub), "--no-such-option"});
    }
    cases.add(new String[] {});
    cases.add(new String[] {"--help"});
    cases.add(new String[] {"--version"});
    cases.add(new String[] {"help", "plan"});
    cases.add(new String[] {"statu", "demo"});
    cases.add(new String[] {"plan", "--target", "aws", "--format", "dot"});
    cases.add(new String[] {"plan", "--target", "sandbox"});
    for (String[] args : cases) {
      String lazy = run(CdcCommand.commandLine(ENV, args), args);
      String full = run(CdcCommand.commandLine(ENV), args);
      assertEquals(full, lazy, "cdc " + String.join(" ", args));
    }
  }

  @Test
  void noCommand_namesThemAll_onTheCommandsErrorStream() {
    String shown = run(CdcCommand.commandLine(ENV));
    assertTrue(
        shown.startsWith(
            "exit 2\n--- stdout\n--- stderr\ncommand: missing (one of demo, up, status, down, pause,"
                + " resume, stop, apply, list, plan, preflight, events, history, replay, sweep, worker,"
                + " dev-server, codec-server; see cdc --help)"),
        shown);
  }

  private static String run(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }
}
