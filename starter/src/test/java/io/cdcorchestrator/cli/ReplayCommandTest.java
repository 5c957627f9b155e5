package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc replay}: the committed suite replays; bad files are bad input in one line (no server
 * needed).
 */
class ReplayCommandTest {
  static final Path SUITE = Path.of("../worker/src/test/resources/histories");
  final Cli cli = new Cli();

  @Test
  void theCommittedSuiteReplays() throws Exception {
    long count;
    try (var files = Files.list(SUITE)) {
      count = files.filter(f -> f.toString().endsWith(".json")).count();
    }
    Cli.Result r = cli.run("replay", SUITE.toString());
    assertEquals(0, r.code(), r::toString);
    assertEquals(count + " histories replay on this code", r.out().strip());
  }

  @Test
  void aMalformedFile_isBadInput_inOneLine_withoutStackTrace(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"events\": [ {\"eventId\": ");
    Cli.Result r = cli.run("replay", bad.toString());
    assertEquals(2, r.code(), r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
    assertTrue(
        r.err().startsWith("file: " + bad + ": is not a workflow history in JSON"), r::toString);
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r);

    Cli.Result verbose = cli.run("--verbose", "replay", bad.toString());
    assertEquals(2, verbose.code());
    assertTrue(verbose.err().contains("\tat "), "--verbose adds the stack trace: " + verbose);
  }

  @Test
  void aMissingFile_orAnotherWorkflowsHistory_isBadInput(@TempDir Path dir) throws Exception {
    Cli.Result missing = cli.run("replay", dir.resolve("nope.json").toString());
    assertEquals(2, missing.code(), missing::toString);
    assertEquals("file: " + dir.resolve("nope.json") + " does not exist", missing.err().strip());

    Path other =
        Files.writeString(
            dir.resolve("other.json"),
            Files.readString(SUITE.resolve("sandbox-success.json"))
                .replace("\"PipelineWorkflow\"", "\"OrderWorkflow\""));
    Cli.Result r =
        cli.run("replay", SUITE.resolve("sandbox-success.json").toString(), other.toString());
    assertEquals(2, r.code(), r::toString);
    assertEquals(
        "file: " + other + ": is a history of workflow type 'OrderWorkflow', not PipelineWorkflow",
        r.err().strip());
    assertEquals("", r.out(), "nothing replayed before the bad file was reported");
  }
}
