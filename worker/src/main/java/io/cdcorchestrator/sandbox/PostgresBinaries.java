package io.cdcorchestrator.sandbox;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL's binaries, unpacked once per machine into the directory zonky would use ({@code
 * PG-<md5 of the archive>}, with its {@code .exists} marker), so zonky finds them ready and never
 * unpacks in place. zonky's own unpack writes into the final directory: a JVM killed half-way
 * leaves a directory that every later unpack fails on ({@code FileAlreadyExistsException} on a
 * symlink whose target is not there yet). Here the archive is unpacked beside, under a
 * cross-process lock, and renamed into place in one step; a half-unpacked directory is detected and
 * replaced.
 */
final class PostgresBinaries {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
  private static final String MARKER = ".exists"; // zonky's: "unpacked completely"
  private static final List<String> NEEDED = List.of("bin/postgres", "bin/initdb", "bin/pg_ctl");
  private static final Object IN_THIS_JVM = new Object(); // a FileLock is per process, not thread
  private static final ConcurrentMap<Path, Path> PREPARED = new ConcurrentHashMap<>();

  private PostgresBinaries() {}

  /** Where the binaries are (unpacked now if they were not, or only partly). */
  static Path prepare(Path cache) throws IOException {
    Path known = PREPARED.get(cache);
    if (known != null && complete(known)) {
      return known;
    }
    Path dir = unpack(cache);
    PREPARED.put(cache, dir);
    return dir;
  }

  private static Path unpack(Path cache) throws IOException {
    byte[] archive = archive();
    Path dir = cache.resolve("PG-" + md5(archive));
    if (complete(dir)) {
      return dir;
    }
    Files.createDirectories(cache);
    synchronized (IN_THIS_JVM) {
      try (FileChannel channel =
              FileChannel.open(
                  cache.resolve(".unpack.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (complete(dir)) {
          return dir; // another process unpacked them while this one waited
        }
        removeLeftovers(cache, dir);
        Path partial =
            cache.resolve("." + dir.getFileName() + "." + UUID.randomUUID() + ".partial");
        long t0 = System.nanoTime();
        extract(archive, partial);
        Files.createFile(partial.resolve(MARKER)); // last, so it is the newest file (zonky checks)
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        LOG.info(
            "PostgreSQL binaries unpacked into {} in {} ms",
            dir,
            (System.nanoTime() - t0) / 1_000_000);
      }
    }
    return dir;
  }

  /** Unpacked completely: the marker, written after the last file, and the programs we run. */
  static boolean complete(Path dir) {
    if (!Files.isRegularFile(dir.resolve(MARKER))) {
      return false;
    }
    return NEEDED.stream().map(dir::resolve).allMatch(Files::isExecutable);
  }

  /**
   * A half-unpacked final directory (zonky's in-place unpack, killed) and the partial directories
   * of unpacks killed before their rename.
   */
  private static void removeLeftovers(Path cache, Path dir) throws IOException {
    if (Files.exists(dir)) {
      LOG.warn(
          "PostgreSQL binaries in {} are incomplete (an unpack was cut short): replacing", dir);
      Dirs.deleteRecursively(dir);
    }
    try (DirectoryStream<Path> partials = Files.newDirectoryStream(cache, ".PG-*.partial")) {
      for (Path p : partials) {
        Dirs.deleteRecursively(p);
      }
    }
  }

  private static void extract(byte[] archive, Path target) throws IOException {
    Files.createDirectories(target);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createDirectories(path.getParent());
          Files.createLink(path, target.resolve(entry.getLinkName()));
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
          if ((entry.getMode() & 0100) != 0 || entry.getName().startsWith("bin/")) {
            path.toFile().setExecutable(true, false);
          }
        }
      }
    }
  }

  private static byte[] archive() throws IOException {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String system = os.contains("win") ? "Windows" : os.contains("mac") ? "Darwin" : "Linux";
    String arch = System.getProperty("os.arch");
    String machine = "amd64".equals(arch) ? "x86_64" : arch;
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine)) {
      if (in == null) {
        throw new IOException("no PostgreSQL binaries for " + system + " " + machine);
      }
      return in.readAllBytes();
    }
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
