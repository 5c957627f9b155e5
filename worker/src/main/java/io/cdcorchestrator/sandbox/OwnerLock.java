package io.cdcorchestrator.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A cross-process lock on a directory ({@code <dir>/.owner.lock}): while one worker JVM runs a
 * pipeline's Kafka, Kafka Connect and PostgreSQL, no other JVM starts them on the same directories.
 * The operating system releases it when the process dies, however it dies, so the next worker takes
 * over without a stale-lock check. Held per process: every stack of this JVM on the same directory
 * shares it.
 */
final class OwnerLock implements AutoCloseable {
  private static final Map<Path, Held> HELD = new HashMap<>();

  private final Path dir;
  private boolean released;

  private OwnerLock(Path dir) {
    this.dir = dir;
  }

  /** Another process holds the lock; {@link #getMessage()} names its pid. */
  static final class Busy extends IOException {
    Busy(String message) {
      super(message);
    }
  }

  private record Held(FileChannel channel, FileLock lock, int[] users) {}

  /** Takes the lock, or throws {@link Busy} when another live process holds it. */
  static OwnerLock acquire(Path dir, String what) throws IOException {
    Path key = dir.toAbsolutePath().normalize();
    synchronized (HELD) {
      Held held = HELD.get(key);
      if (held == null) {
        Files.createDirectories(key);
        Path file = key.resolve(".owner.lock");
        FileChannel channel =
            FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        if (lock == null) {
          String owner = readOwner(channel);
          channel.close();
          throw new Busy(
              what
                  + " is run by another worker process (pid "
                  + owner
                  + "); it stays with that one");
        }
        channel.truncate(0);
        channel.write(
            ByteBuffer.wrap(
                Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
            0);
        held = new Held(channel, lock, new int[] {0});
        HELD.put(key, held);
      }
      held.users()[0]++;
      return new OwnerLock(key);
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      if (released) {
        return;
      }
      released = true;
      Held held = HELD.get(dir);
      if (held != null && --held.users()[0] == 0) {
        HELD.remove(dir);
        try {
          held.lock().release();
        } finally {
          held.channel().close();
        }
      }
    }
  }

  private static String readOwner(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      int n = channel.read(buf, 0);
      return n <= 0 ? "unknown" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
