package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The logging of the short commands: the lines log4j2.xml would write, in its patterns, to the same
 * file and console; the long-running commands, the JSON format and a file due to roll keep log4j.
 */
class CliLoggingTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private CliLogging logging(Path file) {
    return new CliLogging(file, new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  @Test
  void infoAndAbove_goToTheFile_inLog4jsPattern() throws IOException {
    Path file = dir.resolve("logs/cdc.log");
    Logger log = logging(file).getLoggerFactory().getLogger("io.temporal.serviceclient.Stubs");
    log.debug("not at debug");
    log.info("created {} for {}", "stubs", "127.0.0.1:7233");
    log.warn("slow");

    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size(), lines::toString);
    String thread = Thread.currentThread().getName();
    assertTrue(
        lines
            .get(0)
            .matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\["
                    + thread
                    + "\\] io\\.temporal\\.serviceclient\\.Stubs - created stubs for"
                    + " 127\\.0\\.0\\.1:7233"),
        lines.get(0));
    assertTrue(lines.get(1).contains(" WARN  [" + thread + "] "), lines.get(1));
    assertEquals("", console.toString(), "the SDK's WARN is for the file only (root: ERROR)");
  }

  @Test
  void appends_toWhatIsThere() throws IOException {
    Path file = dir.resolve("cdc.log");
    Files.writeString(file, "an earlier line\n");
    logging(file).getLoggerFactory().getLogger("x").info("next");
    List<String> lines = Files.readAllLines(file);
    assertEquals("an earlier line", lines.get(0));
    assertTrue(lines.get(1).endsWith(" x - next"), lines::toString);
  }

  @Test
  void theConsole_getsProjectWarnings_andOtherErrors_butNotTheFileOnlyLoggers() {
    CliLogging logging = logging(dir.resolve("cdc.log"));
    logging.getLoggerFactory().getLogger("io.cdcorchestrator.cli.Session").info("quiet");
    logging.getLoggerFactory().getLogger("io.cdcorchestrator.cli.Session").warn("careful");
    logging.getLoggerFactory().getLogger("io.grpc.Channel").warn("quiet too");
    logging.getLoggerFactory().getLogger("io.grpc.Channel").error("broken");
    logging.getLoggerFactory().getLogger("org.apache.kafka.clients.X").error("file only");

    String shown = console.toString();
    assertTrue(shown.matches("(?s)\\d\\d:\\d\\d:\\d\\d WARN  Session - careful\n.*"), shown);
    assertTrue(shown.contains(" ERROR Channel - broken\n"), shown);
    assertFalse(shown.contains("quiet"), shown);
    assertFalse(shown.contains("file only"), shown);
  }

  @Test
  void aThrowable_isFollowedByItsStackTrace() throws IOException {
    Path file = dir.resolve("cdc.log");
    logging(file)
        .getLoggerFactory()
        .getLogger("x")
        .error("failed", new IllegalStateException("why"));
    String written = Files.readString(file);
    assertTrue(written.contains(" x - failed\njava.lang.IllegalStateException: why\n"), written);
    assertTrue(written.contains("\tat io.cdcorchestrator.cli.CliLoggingTest."), written);
  }

  @Test
  void theLongCommands_theJsonFormat_andAFileDueToRoll_keepLog4j() throws IOException {
    Path file = dir.resolve("cdc.log");
    assertTrue(CliLogging.useFor("status", Map.of(), file), "no file yet");
    assertTrue(CliLogging.useFor(null, Map.of(), file), "cdc --help");
    for (String command : List.of("demo", "worker", "dev-server", "codec-server", "replay")) {
      assertFalse(CliLogging.useFor(command, Map.of(), file), command);
    }
    assertFalse(CliLogging.useFor("status", Map.of("CDC_LOG_FORMAT", "json"), file));

    Files.write(file, new byte[1024]);
    assertTrue(CliLogging.useFor("list", Map.of(), file));
    Files.write(file, new byte[(int) CliLogging.rollBytes(null)]);
    assertFalse(CliLogging.useFor("list", Map.of(), file), "log4j rolls it");
  }

  @Test
  void rollSizes_readAsLog4jReadsThem() {
    assertEquals(10L * 1024 * 1024, CliLogging.rollBytes(null));
    assertEquals(20L * 1024 * 1024, CliLogging.rollBytes("20MB"));
    assertEquals(512L * 1024, CliLogging.rollBytes("512 KB"));
    assertEquals(2048, CliLogging.rollBytes("2048"));
    assertEquals(10L * 1024 * 1024, CliLogging.rollBytes("lots"));
  }
}
