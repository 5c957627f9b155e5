package io.cdcorchestrator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch replayer: problems come back in file order whichever worker replayed them, each file
 * named; the older short enum form still replays; a batch can stop at the first file that is not a
 * history. (That the suite replays, and a reordered history is caught, is ReplayTest's.)
 */
class HistoryReplayTest {
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  @TempDir Path dir;

  @Test
  void problems_inFileOrder_eachNamed() throws Exception {
    Path success = HISTORIES.resolve("sandbox-success.json");
    String tampered =
        Files.readString(success).replace("SandboxCreatePostgres", "SandboxCreateKafkaX");
    List<Path> files =
        List.of(
            Files.copy(success, dir.resolve("a.json")),
            Files.writeString(dir.resolve("b.json"), tampered),
            Files.copy(
                HISTORIES.resolve("sandbox-failure-compensated.json"), dir.resolve("c.json")),
            Files.writeString(dir.resolve("d.json"), "not json"),
            Files.writeString(dir.resolve("e.json"), tampered),
            Files.copy(success, dir.resolve("f.json")));

    List<HistoryReplay.Problem> problems = HistoryReplay.replay(files);

    assertEquals(
        List.of(files.get(1).toString(), files.get(3).toString(), files.get(4).toString()),
        problems.stream().map(HistoryReplay.Problem::file).toList(),
        problems::toString);
    assertEquals(
        List.of(false, true, false),
        problems.stream().map(HistoryReplay.Problem::malformed).toList());
    assertTrue(problems.get(0).reason().startsWith("[TMPRL1100]"), problems::toString);
  }

  @Test
  void stoppingAtTheFirstMalformedFile_stillReportsIt() throws Exception {
    Path success = HISTORIES.resolve("sandbox-success.json");
    List<Path> files =
        List.of(
            Files.copy(success, dir.resolve("a.json")),
            Files.writeString(dir.resolve("b.json"), ""),
            Files.copy(success, dir.resolve("c.json")),
            Files.writeString(dir.resolve("d.json"), "{}"));

    List<HistoryReplay.Problem> problems = HistoryReplay.replay(files, true);

    HistoryReplay.Problem first =
        problems.stream().filter(HistoryReplay.Problem::malformed).findFirst().orElseThrow();
    assertEquals(files.get(1).toString(), first.file(), problems::toString);
    assertTrue(first.reason().startsWith("is empty"), first::toString);
  }

  @Test
  void theOlderShortEnumForm_readsAndReplays() throws Exception {
    Path proto = HISTORIES.resolve("sandbox-watch-continued-as-new.json");
    var history = HistoryReplay.read(proto);
    Path legacy = dir.resolve("legacy.json");
    Files.writeString(
        legacy, history.toJson(true, true)); // "eventType": "WorkflowExecutionStarted"
    assertTrue(Files.readString(legacy).contains("\"WorkflowExecutionStarted\""));

    assertEquals(history.getEvents(), HistoryReplay.read(legacy).getEvents());
    assertEquals(List.of(), HistoryReplay.replay(List.of(legacy)));
  }
}
