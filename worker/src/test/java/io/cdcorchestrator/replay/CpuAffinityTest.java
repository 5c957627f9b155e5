package io.cdcorchestrator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuAffinityTest {
  @Test
  void readsTheKernelsCpuList() {
    assertEquals(List.of(0, 1, 2, 3, 6, 8, 9), CpuAffinity.parseList("0-3,6,8-9"));
    assertEquals(List.of(5), CpuAffinity.parseList("5"));
  }

  /**
   * What the replay relies on: a pinned thread runs on its CPU, and so do the threads it starts.
   */
  @Test
  void aPinnedThreadAndTheThreadsItStartsRunOnOneCpu() throws Exception {
    List<Integer> cpus = CpuAffinity.allowedCpus();
    assumeTrue(cpus.size() > 1, "needs Linux with two CPUs or more");
    int cpu = cpus.get(cpus.size() - 1);
    AtomicReference<String> pinned = new AtomicReference<>();
    AtomicReference<String> child = new AtomicReference<>();
    Thread loop =
        new Thread(
            () -> {
              if (!CpuAffinity.pinCurrentThread(cpu)) {
                return;
              }
              pinned.set(ownCpus());
              Thread started = new Thread(() -> child.set(ownCpus()));
              started.start();
              try {
                started.join();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    loop.start();
    loop.join();
    assumeTrue(pinned.get() != null, "no taskset here");
    assertEquals(Integer.toString(cpu), pinned.get());
    assertEquals(Integer.toString(cpu), child.get());
    assertEquals(cpus, CpuAffinity.allowedCpus(), "the process's other threads keep every CPU");
  }

  private static String ownCpus() {
    try {
      return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
          .filter(l -> l.startsWith("Cpus_allowed_list:"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
