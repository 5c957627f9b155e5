package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.local.TemporalCliDevServer;
import io.cdcorchestrator.replay.HistoryReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real sandbox pipeline, brought to READY through the CLI on the {@code temporal} CLI dev
 * server (required here: visibility queries and the Web UI are the point), shared by every check
 * that needs a real server: {@code cdc list} by visibility query, {@code cdc history} replaying as
 * is, and the Web UI in headless Chromium ({@link WebUiCheck}).
 */
class DevServerTest {
  static final String NAME = "webui";
  static final String WORKFLOW_ID = "cdc-pipeline-" + NAME;

  @TempDir static Path home;
  static LocalStack stack;
  static Cli cli;

  @BeforeAll
  static void pipelineReadyOnTheDevServer() {
    stack = LocalStack.start(LocalTemporal.Flavour.CLI, FreePort.withUiPort(), home, null);
    cli = stack.cli;
    Cli.Result up = cli.run("up", NAME, "--target", "sandbox", "--follow");
    assertEquals(0, up.code(), up::toString);
    // two changes, so the Web UI has updates to show in the timeline
    Cli.Result pause = cli.run("pause", NAME);
    assertEquals(0, pause.code(), pause::toString);
    Cli.Result resume = cli.run("resume", NAME);
    assertEquals(0, resume.code(), resume::toString);
  }

  @AfterAll
  static void stop() {
    if (cli != null) {
      cli.run("down", NAME);
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void list_usesTheVisibilityQuery() throws Exception {
    // a workflow with the pipelines' id prefix but without CdcPipeline: the prefix fallback would
    // list it
    temporal(
        "workflow",
        "start",
        "--type",
        "SomethingElse",
        "--task-queue",
        "nobody-polls",
        "--workflow-id",
        "cdc-pipeline-impostor");
    try {
      Cli.Result list = cli.run("list", "--json");
      assertEquals(0, list.code(), list::toString);
      assertFalse(list.err().contains("note:"), "no fallback on a real server: " + list);
      JsonNode rows = Json.MAPPER.readTree(list.out());
      assertEquals(1, rows.size(), list::toString);
      JsonNode row = rows.get(0);
      assertEquals(NAME, row.path("name").asText());
      assertEquals("READY", row.path("phase").asText());
      assertEquals("sandbox", row.path("target").asText());
      assertEquals("RUNNING", row.path("status").asText());
      assertFalse(row.path("startTime").isNull(), list::toString);

      Cli.Result text = cli.run("list");
      assertTrue(
          text.out()
              .lines()
              .anyMatch(
                  l -> l.startsWith(NAME + " ") && l.contains("READY") && l.contains("sandbox")),
          text::toString);
      // the same search attribute answers the temporal CLI (README, "Watching in the Temporal Web
      // UI")
      String viaCli = temporal("workflow", "list", "--query", "CdcPipeline='" + NAME + "'");
      assertTrue(viaCli.contains(WORKFLOW_ID) && !viaCli.contains("impostor"), viaCli);
    } finally {
      temporal(
          "workflow",
          "terminate",
          "--workflow-id",
          "cdc-pipeline-impostor",
          "--reason",
          "test done");
    }
  }

  @Test
  void history_replaysInTheSuiteAsIs() throws Exception {
    Cli.Result history = cli.run("history", NAME);
    assertEquals(0, history.code(), history::toString);
    Path file = Files.writeString(home.resolve(NAME + ".json"), history.out());

    assertEquals(
        List.of(),
        HistoryReplay.replay(List.of(file)),
        "the suite's replayer accepts cdc history output");
    Cli.Result replay = cli.run("replay", file.toString());
    assertEquals(0, replay.code(), replay::toString);
    assertEquals("1 history replays on this code", replay.out().strip());

    // the same history with its commands reordered is caught, naming the file and the event
    Path reordered =
        Files.writeString(
            home.resolve("reordered.json"),
            history.out().replace("SandboxCreatePostgres", "SandboxCreateSomethingElse"));
    Cli.Result bad = cli.run("replay", file.toString(), reordered.toString());
    assertEquals(1, bad.code(), bad::toString);
    assertTrue(
        bad.err().contains(reordered + ": [TMPRL1100] Failure handling event"), bad::toString);
    assertFalse(bad.err().contains(file + ":"), "the intact history is not named: " + bad);
  }

  @Test
  void webUi_showsThePipeline() throws Exception {
    new WebUiCheck(stack.server.webUiUrl().orElseThrow(), Path.of("target", "webui"))
        .run(NAME, WORKFLOW_ID, List.of("pause", "resume"));
  }

  /** The temporal CLI against this server; its stdout. */
  private static String temporal(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(TemporalCliDevServer.findOnPath().orElseThrow().toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--address", stack.server.address(), "--namespace", "default"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "temporal " + String.join(" ", args));
    assertEquals(0, p.exitValue(), () -> "temporal " + String.join(" ", args) + ":\n" + out);
    return out;
  }
}
