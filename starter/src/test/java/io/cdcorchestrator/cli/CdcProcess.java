package io.cdcorchestrator.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code cdc} command in a JVM of its own, as the launcher runs it (same JVM options, log file
 * under {@code CDC_HOME}), so the crash tests can kill it for real: {@link #kill9()} is SIGKILL, no
 * shutdown hook runs, nothing is closed.
 */
final class CdcProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  private CdcProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /**
   * @param env CDC_HOME, TEMPORAL_ADDRESS and the like
   * @param jvmOptions on top of the launcher's defaults (system properties of test doubles)
   */
  static CdcProcess start(
      Path home, Map<String, String> env, List<String> jvmOptions, String... args) {
    return startMain(home, env, jvmOptions, CdcCommand.class.getName(), args);
  }

  /** Any main of the test classpath (a worker with test doubles on its AWS clients). */
  static CdcProcess startMain(
      Path home, Map<String, String> env, List<String> jvmOptions, String main, String... args) {
    try {
      Files.createDirectories(home.resolve("logs"));
      Files.createDirectories(home.resolve("tmp"));
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
      cmd.add("-Dcdc.log.file=" + home.resolve("logs/cdc.log"));
      cmd.add("-Djava.io.tmpdir=" + home.resolve("tmp")); // zonky's scripts
      cmd.addAll(jvmOptions);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(main);
      cmd.addAll(List.of(args));
      String label = args.length > 0 ? args[0] : main.substring(main.lastIndexOf('.') + 1);
      Path out = Files.createTempFile(home.resolve("logs"), label + "-", ".out");
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().put("CDC_HOME", home.toString());
      pb.environment().putAll(env);
      return new CdcProcess(pb.start(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  /** Waits until the output contains {@code text}; fails with the output otherwise. */
  CdcProcess awaitOutput(String text, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!output().contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "exited with " + process.exitValue() + " before '" + text + "':\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no '" + text + "' within " + max.toSeconds() + " s:\n" + output());
      }
      Thread.sleep(100);
    }
    return this;
  }

  /** SIGKILL: the JVM gets no chance to stop or close anything. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Ctrl-C through the launcher: an orderly stop. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
