package io.cdcorchestrator.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
  @TempDir Path dir;

  @Test
  void resolvesAKeyOfAPropertiesFile() throws IOException {
    Path file =
        Files.writeString(dir.resolve("s.properties"), "user=cdc\npassword=s3cr3t-Value_1\n");
    assertEquals(
        "s3cr3t-Value_1", SecretResolver.resolve(SecretRef.file(file.toString(), "password")));
    assertEquals("cdc", SecretResolver.resolve(SecretRef.file(file.toString(), "user")));
  }

  @Test
  void noneMeansNoPassword() {
    assertNull(SecretResolver.resolve(SecretRef.NONE));
  }

  @Test
  void failuresNameTheReferenceButNeverAValue() throws IOException {
    Path file = Files.writeString(dir.resolve("s.properties"), "password=s3cr3t\n");
    var missingKey =
        assertThrows(
            SecretResolver.UnresolvableSecret.class,
            () -> SecretResolver.resolve(SecretRef.file(file.toString(), "token")));
    assertTrue(
        missingKey.getMessage().contains("token")
            && missingKey.getMessage().contains(file.toString()));
    assertFalse(missingKey.getMessage().contains("s3cr3t"));

    var missingFile =
        assertThrows(
            SecretResolver.UnresolvableSecret.class,
            () ->
                SecretResolver.resolve(
                    SecretRef.file(dir.resolve("absent").toString(), "password")));
    assertTrue(missingFile.getMessage().contains("absent"));

    assertThrows(
        SecretResolver.UnresolvableSecret.class,
        () -> SecretResolver.resolve(new SecretRef("env:PGPASSWORD")));
  }
}
