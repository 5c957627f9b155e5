package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.ReplayResults;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every committed history under {@code src/test/resources/histories/} must replay on the current
 * workflow code: a change to the order of commands without {@code Workflow.getVersion} fails here,
 * naming the file and the first non-deterministic event.
 */
class ReplayTest {
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  @Test
  void committedHistoriesReplay() throws Exception {
    List<Path> files = historyFiles();
    assertTrue(files.size() >= 2, "expected committed histories in " + HISTORIES.toAbsolutePath() + ", found " + files);

    List<WorkflowExecutionHistory> histories = new ArrayList<>();
    for (Path f : files) {
      // the workflow id carries the file name, so a failure names the file
      histories.add(WorkflowExecutionHistory.fromJson(Files.readString(f), f.getFileName().toString()));
    }
    ReplayResults results = WorkflowReplayer.replayWorkflowExecutions(histories, false, PipelineWorkflowImpl.class);
    if (results.hadAnyError()) {
      StringBuilder msg = new StringBuilder("histories no longer replay:\n");
      results.allErrors().forEach(e -> msg.append("  ").append(e.workflowId).append(": ")
          .append(firstLine(e.exception)).append('\n'));
      fail(msg.toString());
    }
  }

  @Test
  void aReorderedWorkflowIsCaught() throws Exception {
    // guards the guard: a history of another shape must not replay as if it matched
    Path success = historyFiles().stream().filter(f -> f.getFileName().toString().contains("success")).findFirst()
        .orElseThrow();
    String json = Files.readString(success).replace("SandboxCreatePostgres", "SandboxCreateKafkaX");
    ReplayResults results = WorkflowReplayer.replayWorkflowExecutions(
        List.of(WorkflowExecutionHistory.fromJson(json, "tampered")), false, PipelineWorkflowImpl.class);
    assertTrue(results.hadAnyError());
    assertFalse(results.allErrors().isEmpty());
  }

  static List<Path> historyFiles() throws IOException {
    try (Stream<Path> s = Files.list(HISTORIES)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static String firstLine(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int nde = m.indexOf("NonDeterministicException");
    String from = nde >= 0 ? m.substring(nde) : m;
    return from.length() > 400 ? from.substring(0, 400) + "…" : from;
  }
}
