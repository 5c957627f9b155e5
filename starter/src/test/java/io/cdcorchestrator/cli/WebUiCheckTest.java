package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Without Chromium the Web UI check fails, and skips only when told to: it never passes unseen. */
class WebUiCheckTest {
  @TempDir Path out;

  @AfterEach
  void clear() {
    System.clearProperty("cdc.chromium");
    System.clearProperty(WebUiCheck.SKIP_PROPERTY);
  }

  @Test
  void withoutChromium_fails_namingTheInstall() {
    System.setProperty("cdc.chromium", out.resolve("no-chromium-here").toString());
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () -> new WebUiCheck("http://127.0.0.1:1", out).run("p", "cdc-pipeline-p", List.of()));
    assertTrue(
        e.getMessage().contains("apt-get install -y chromium chromium-driver"), e.getMessage());
  }

  @Test
  void withoutChromium_andTheSkipProperty_isAborted_notPassed() {
    System.setProperty("cdc.chromium", out.resolve("no-chromium-here").toString());
    System.setProperty(WebUiCheck.SKIP_PROPERTY, "true");
    TestAbortedException e =
        assertThrows(
            TestAbortedException.class,
            () -> new WebUiCheck("http://127.0.0.1:1", out).run("p", "cdc-pipeline-p", List.of()));
    assertTrue(e.getMessage().contains(WebUiCheck.SKIP_PROPERTY), e.getMessage());
  }
}
