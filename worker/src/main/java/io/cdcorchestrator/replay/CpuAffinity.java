package io.cdcorchestrator.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a replay loop and its workflow's threads on one CPU (Linux, through {@code taskset}). The
 * SDK hands control between a replay loop and the workflow's threads at every step; between threads
 * on two CPUs each hand-over wakes the other CPU, and a replay spends a third of its CPU in the
 * kernel doing that (docs/BENCHMARKS.md, "{@code cdc replay}", fourth session). Threads inherit
 * their creator's CPUs, so a loop pinned before its worker's first replay keeps the threads its
 * worker creates on the same CPU. Best effort: where there is no {@code taskset} or no {@code
 * /proc}, nothing is pinned and the replay is the same, only slower.
 */
final class CpuAffinity {
  /**
   * Whether replay loops are pinned: Linux with two CPUs or more and {@code taskset} on the PATH,
   * unless {@code -Dcdc.replay.pin=false} (for comparing, bench/replay.sh). Not where the JVM may
   * use fewer CPUs than it may run on (a container's CPU quota): which of them are free is not
   * known here, and a loop pinned to a busy one could not move.
   */
  static final boolean PINNING =
      !"false".equals(System.getProperty("cdc.replay.pin"))
          && allowedCpus().size() > 1
          && allowedCpus().size() == Runtime.getRuntime().availableProcessors()
          && onPath("taskset");

  private CpuAffinity() {}

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** The CPUs this process may run on (Cpus_allowed_list), empty when unknown. */
  static List<Integer> allowedCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return parseList(line.substring(line.indexOf(':') + 1).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: no pinning
    }
    return List.of();
  }

  /** "0-3,6,8-9" as [0, 1, 2, 3, 6, 8, 9]. */
  static List<Integer> parseList(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : list.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] range = part.strip().split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
      for (int cpu = from; cpu <= to; cpu++) {
        cpus.add(cpu);
      }
    }
    return cpus;
  }

  /** Pins the calling (platform) thread to {@code cpu}; false when that did not work. */
  static boolean pinCurrentThread(int cpu) {
    try {
      // /proc/thread-self -> "<pid>/task/<tid>"
      Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      String tid = self.getFileName().toString();
      Process taskset =
          new ProcessBuilder("taskset", "-p", "-c", Integer.toString(cpu), tid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return taskset.waitFor(10, TimeUnit.SECONDS) && taskset.exitValue() == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
