package io.cdcorchestrator.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh directories under {@code java.io.tmpdir}, which the build points at {@code target/tmp}: that
 * directory may not exist yet when the first test runs, so it is created here (JUnit's
 * {@code @TempDir} would fail instead).
 */
public final class TestDirs {
  private TestDirs() {}

  public static Path create(String prefix) {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      return Files.createTempDirectory(tmp, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
