package io.cdcorchestrator.cli;

import io.cdcorchestrator.replay.HistoryReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cdc replay FILE|DIR...}: replays recorded histories on this build's workflow code, with
 * the replayer of the suite ({@link HistoryReplay}), so a history can be checked before it is
 * committed and before a workflow change ships. Needs no Temporal server.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replays workflow histories (cdc history NAME > FILE) on this build's pipeline workflow code.",
      "A directory stands for its *.json files. Each history that no longer replays is named with its first "
          + "non-deterministic event."
    },
    footer = {
      "",
      "Exit codes: 0 all replay, 1 some do not (non-determinism), 2 a file is missing or not a pipeline history."
    })
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "History JSON files, or directories of them.")
  List<Path> paths;

  @Override
  public Integer call() {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      files.addAll(expand(p));
    }
    // each file is read once, as it is replayed; a file that is not a history is bad input, and
    // then it alone is reported (exit 2), whatever the files before it did
    List<HistoryReplay.Problem> problems = HistoryReplay.replay(files, true);
    for (HistoryReplay.Problem p : problems) {
      if (p.malformed()) {
        throw CliException.badInput("file: " + p);
      }
    }
    if (!problems.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          problems.size() + " of " + files.size() + " histories no longer replay on this code:");
      problems.forEach(p -> err.println("  " + p));
      err.flush();
      return CliException.FAILURE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        files.size() == 1
            ? "1 history replays on this code"
            : files.size() + " histories replay on this code");
    out.flush();
    return 0;
  }

  private static List<Path> expand(Path p) {
    if (Files.isDirectory(p)) {
      try {
        List<Path> in = HistoryReplay.filesIn(p);
        if (in.isEmpty()) {
          throw CliException.badInput("file: " + p + " holds no *.json history");
        }
        return in;
      } catch (IOException e) {
        throw CliException.badInput("file: " + p + " cannot be listed (" + e.getMessage() + ")");
      }
    }
    if (!Files.isRegularFile(p)) {
      throw CliException.badInput("file: " + p + " does not exist");
    }
    return List.of(p);
  }
}
