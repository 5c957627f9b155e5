package io.cdcorchestrator.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

/**
 * The replication user's password, generated here and kept in a properties file readable by the
 * worker user only. Nothing else ever holds it: the data plane and Kafka Connect read it through
 * the file reference ({@code file:<path>:password}).
 */
final class ReplicationSecret {
  static final String KEY = "password";
  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX =
      PosixFilePermissions.fromString("rwx------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReplicationSecret() {}

  /**
   * Keeps an existing password (a retried create must not change it), otherwise writes a new one.
   */
  static Path ensure(Path file) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, OWNER_RWX);
    if (Files.exists(file) && hasPassword(file)) {
      Files.setPosixFilePermissions(file, OWNER_RW);
      return file;
    }
    Files.deleteIfExists(file);
    // created 0600 from the first byte on, never world-readable in between
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
    Files.writeString(file, KEY + "=" + newPassword() + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static boolean hasPassword(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    String pw = p.getProperty(KEY);
    return pw != null && !pw.isBlank();
  }

  /**
   * 192 random bits, URL-safe Base64: no character needs escaping in a properties file or a URI.
   */
  private static String newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
