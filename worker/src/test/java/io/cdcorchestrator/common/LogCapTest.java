package io.cdcorchestrator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's log configuration (src/main/resources/log4j2.xml) in a JVM of its own, with a Kafka
 * client hammering a broker that is not there: the log files stay under their cap, and the
 * identical lines are rate-limited with a count of what was dropped. Sizes are shrunk through the
 * same system properties a user would set (cdc.log.maxFileSize, cdc.log.maxFiles).
 */
class LogCapTest {
  private static final long FILE_CAP = 64 * 1024;
  private static final int ROLLED = 2;

  @Test
  void theLogStaysUnderItsCapWhileKafkaIsUnreachable(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("cdc.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(
        "-Dlog4j2.configurationFile="
            + new File("src/main/resources/log4j2.xml").getAbsolutePath());
    cmd.add("-Dcdc.log.file=" + log);
    cmd.add("-Dcdc.log.maxFileSize=64 KB");
    cmd.add("-Dcdc.log.maxFiles=" + ROLLED);
    cmd.add("-Dcdc.log.repeatWindowSeconds=3");
    cmd.add(LogFlood.class.getName());
    cmd.add("12");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout").toFile())
            .start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the flood ends");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stdout")));

    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.getFileName().toString().startsWith("cdc.log")).sorted().toList();
    }
    assertEquals(
        List.of(log, dir.resolve("cdc.log.1"), dir.resolve("cdc.log.2")),
        files,
        "rolled, and no more than maxFiles kept");
    long total = 0;
    StringBuilder all = new StringBuilder();
    for (Path f : files) {
      long size = Files.size(f);
      assertTrue(size <= FILE_CAP + 1024, f + " is " + size + " bytes");
      total += size;
      all.append(Files.readString(f, StandardCharsets.UTF_8));
    }
    assertTrue(total <= (ROLLED + 1) * (FILE_CAP + 1024), "all logs: " + total + " bytes");

    String text = all.toString();
    // the line that filled 250 MB in the issue: the admin client re-bootstrapping, ~thousands a
    // second
    long unreachable = text.lines().filter(l -> l.contains("Rebootstrapping with Cluster")).count();
    long dropped =
        text.lines()
            .filter(
                l -> l.contains("(dropped ") && l.contains("repeats of the next line within 3 s"))
            .count();
    assertTrue(unreachable > 0, "the client's warning is there");
    assertTrue(unreachable <= 5 * (12 / 3 + 2), "rate-limited: " + unreachable + " lines");
    assertTrue(dropped > 0, "what was dropped is counted");
  }
}
