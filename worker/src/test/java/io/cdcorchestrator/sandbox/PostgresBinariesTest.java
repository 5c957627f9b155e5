package io.cdcorchestrator.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL binaries a worker killed while unpacking them left behind: with zonky's in-place
 * unpack every later start failed on them ({@code FileAlreadyExistsException} on a symlink whose
 * target was not there yet), so no sandbox could be created on that machine any more.
 */
class PostgresBinariesTest {

  @Test
  void aHalfUnpackedCacheIsDetectedAndReplaced(@TempDir Path complete, @TempDir Path cache)
      throws Exception {
    String name = PostgresBinaries.prepare(complete).getFileName().toString();
    // what a JVM killed mid-unpack leaves: some files, a symlink before its target, no marker
    Path half = cache.resolve(name);
    Files.createDirectories(half.resolve("lib"));
    Files.createDirectories(half.resolve("bin"));
    Files.writeString(half.resolve("bin/postgres"), "truncated");
    Files.createSymbolicLink(half.resolve("lib/libpq.so.5"), Path.of("libpq.so.5.17"));
    Path killedBeforeRename = Files.createDirectories(cache.resolve("." + name + ".x.partial"));
    assertFalse(PostgresBinaries.complete(half));

    Path dir = PostgresBinaries.prepare(cache);

    assertEquals(half, dir, "zonky's directory name, so zonky finds them and unpacks nothing");
    assertTrue(PostgresBinaries.complete(dir));
    assertTrue(Files.exists(dir.resolve("lib/libpq.so.5")), "the symlink resolves now");
    assertFalse(Files.exists(killedBeforeRename), "partial unpacks are removed");
    Process version =
        new ProcessBuilder(dir.resolve("bin/postgres").toString(), "--version").start();
    String out = new String(version.getInputStream().readAllBytes()).trim();
    assertEquals(0, version.waitFor());
    assertTrue(out.startsWith("postgres (PostgreSQL) 17."), out);
  }

  @Test
  void concurrentPreparesUnpackOnce(@TempDir Path cache) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(pool.submit(() -> PostgresBinaries.prepare(cache)));
      }
      Set<Path> dirs = all.stream().map(PostgresBinariesTest::get).collect(Collectors.toSet());
      assertEquals(1, dirs.size(), dirs.toString());
      assertTrue(PostgresBinaries.complete(dirs.iterator().next()));
      try (var entries = Files.list(cache)) {
        assertEquals(
            List.of(".unpack.lock", dirs.iterator().next().getFileName().toString()),
            entries.map(p -> p.getFileName().toString()).sorted().toList(),
            "one directory, nothing half-done beside it");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Path get(Future<Path> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
