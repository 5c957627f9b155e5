package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives headless Chromium (Debian's {@code chromium} + {@code chromium-driver}, through Selenium)
 * over the Temporal Web UI as a user would, asserting on what the page shows and saving a
 * screenshot of each step under {@code target/webui/}.
 *
 * <p>Chromium is required: CI installs it ({@code .ci/run}). Only with {@code
 * -Dcdc.webui.skipWithoutChromium=true} does a machine without it skip the check (an aborted test,
 * with the reason), never pass it.
 */
final class WebUiCheck {
  static final String SKIP_PROPERTY = "cdc.webui.skipWithoutChromium";
  private static final Duration WAIT = Duration.ofSeconds(45);

  private final String baseUrl;
  private final Path out;
  private WebDriver driver;
  private int shot;

  WebUiCheck(String baseUrl, Path out) {
    this.baseUrl = baseUrl;
    this.out = out;
  }

  /**
   * @param updates the names of updates the pipeline has had (its changes), each shown on the
   *     timeline
   */
  void run(String pipeline, String workflowId, List<String> updates) throws Exception {
    Files.createDirectories(out);
    try (var old = Files.list(out)) {
      for (Path f : old.toList()) {
        Files.delete(f); // screenshots of an earlier run must not pass for this one's
      }
    }
    driver = start();
    try {
      // 1. the workflow list, filtered by the search attribute
      String query = "CdcPipeline=\"" + pipeline + "\"";
      driver.get(
          baseUrl
              + "/namespaces/default/workflows?query="
              + URLEncoder.encode(query, StandardCharsets.UTF_8));
      WebElement link =
          await(
              "the pipeline in the list filtered by " + query,
              d ->
                  d.findElements(By.partialLinkText(workflowId)).stream().findFirst().orElse(null));
      awaitText("the workflow type in the list", "PipelineWorkflow");
      screenshot("list");

      // 2. the workflow page's timeline: one bar per activity, labelled with its summary
      link.click();
      awaitText("the workflow type", "PipelineWorkflow");
      awaitText(
          "an activity summary on the timeline",
          "SandboxCreateKafka • create Kafka broker (KRaft)");
      awaitText(
          "an activity summary on the timeline",
          "DataPlaneRegisterConnector • register connector inventory-connector");
      // each change is an update: its own bar labelled with the update's name, its steps after it
      for (String update : updates) {
        await(
            "the update '" + update + "' as a bar of its own on the timeline",
            d -> bodyText().lines().anyMatch(l -> l.strip().equals(update)) ? Boolean.TRUE : null);
      }
      awaitText(
          "the pause's step on the timeline",
          "DataPlanePauseConnector • pause connector inventory-connector");
      screenshot("timeline");

      // 3. User Metadata: the static summary and the current details (markdown rendered in iframes)
      clickText("User Metadata");
      awaitFrameText("user-metadata-summary", "CDC pipeline " + pipeline + " on sandbox");
      awaitFrameText("user-metadata-details", "./cdc status " + pipeline);
      awaitFrameText("user-metadata-current-details", "Phase READY");
      awaitFrameText("user-metadata-current-details", "tables: public.inventory · restarts: 0");
      List<String> proveRow =
          await(
              "the progress table's proveCdc row",
              d ->
                  inFrame(
                      "user-metadata-current-details",
                      () ->
                          driver.findElements(By.cssSelector("table tr")).stream()
                              .map(
                                  r ->
                                      r.findElements(By.tagName("td")).stream()
                                          .map(WebElement::getText)
                                          .map(String::strip)
                                          .toList())
                              .filter(cells -> !cells.isEmpty() && cells.get(0).equals("proveCdc"))
                              .findFirst()
                              .orElse(null)));
      assertEquals("COMPLETED", proveRow.get(1), proveRow::toString);
      assertTrue(proveRow.get(3).startsWith("canary arrived via"), proveRow::toString);
      screenshot("user-metadata");

      // 4. Queries: the workflow's status query, run from the UI
      clickText("Queries");
      WebElement queryType =
          await(
              "the query type select",
              d -> d.findElements(By.id("query-select")).stream().findFirst().orElse(null));
      if (!"status".equals(queryType.getAttribute("value"))) {
        driver.findElement(By.cssSelector("[data-testid='query-select-button']")).click();
        await(
                "the status query in the query type list",
                d ->
                    d.findElements(By.cssSelector("#query-select-select li")).stream()
                        .filter(li -> li.getText().strip().startsWith("status"))
                        .findFirst()
                        .orElse(null))
            .click();
      }
      await(
              "the Run Query button",
              d ->
                  d.findElements(By.xpath("//button[normalize-space(.)='Run Query']")).stream()
                      .filter(WebElement::isEnabled)
                      .findFirst()
                      .orElse(null))
          .click();
      awaitText("the status query's answer", "\"workflowId\": \"" + workflowId + "\"");
      awaitText("the status query's phase", "\"phase\": \"READY\"");
      screenshot("query-status");
    } catch (AssertionError | RuntimeException e) {
      screenshot("failure");
      Files.writeString(out.resolve("failure.txt"), driver.getCurrentUrl() + "\n\n" + bodyText());
      throw e;
    } finally {
      driver.quit();
    }
  }

  private WebDriver start() {
    Optional<Path> chromium =
        firstOnPath(
            System.getProperty("cdc.chromium"), "chromium", "chromium-browser", "google-chrome");
    Optional<Path> chromedriver =
        firstOnPath(System.getProperty("cdc.chromedriver"), "chromedriver");
    if (chromium.isEmpty() || chromedriver.isEmpty()) {
      String why =
          "the Web UI check needs chromium and chromedriver on PATH "
              + "(apt-get install -y chromium chromium-driver); found chromium="
              + chromium
              + ", chromedriver="
              + chromedriver;
      if (Boolean.getBoolean(SKIP_PROPERTY)) {
        Assumptions.abort(why + "; skipped because -D" + SKIP_PROPERTY + "=true");
      }
      fail(why + " (or run with -D" + SKIP_PROPERTY + "=true to skip it)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    // --no-sandbox: CI and these machines run as root, where Chromium's sandbox refuses to start
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1600,1400");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.get().toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private <T> T await(String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT)
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Web UI: "
              + what
              + " did not appear within "
              + WAIT.toSeconds()
              + " s at "
              + driver.getCurrentUrl()
              + " (screenshots and page text under "
              + out.toAbsolutePath()
              + ")");
    }
  }

  private void clickText(String text) {
    await(
            "'" + text + "'",
            d ->
                d.findElements(By.xpath("//*[normalize-space(text())='" + text + "']")).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null))
        .click();
  }

  private void awaitFrameText(String frameId, String text) {
    await(
        "'" + text + "' in " + frameId,
        d -> inFrame(frameId, () -> bodyText().contains(text) ? Boolean.TRUE : null));
  }

  /** Runs {@code read} inside the iframe {@code frameId}; null while the frame is not there yet. */
  private <T> T inFrame(String frameId, java.util.function.Supplier<T> read) {
    List<WebElement> frames = driver.findElements(By.id(frameId));
    if (frames.isEmpty()) {
      return null;
    }
    driver.switchTo().frame(frames.get(0));
    try {
      return read.get();
    } finally {
      driver.switchTo().defaultContent();
    }
  }

  private void awaitText(String what, String text) {
    await(what + " '" + text + "'", d -> bodyText().contains(text) ? Boolean.TRUE : null);
  }

  private String bodyText() {
    try {
      return driver.findElement(By.tagName("body")).getText();
    } catch (RuntimeException e) {
      return "";
    }
  }

  private void screenshot(String name) {
    try {
      Path png = out.resolve(String.format("%02d-%s.png", ++shot, name));
      Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (Exception e) {
      // a missing screenshot must not hide the assertion that failed
    }
  }

  private static Optional<Path> firstOnPath(String override, String... names) {
    if (override != null && !override.isBlank()) {
      return Optional.of(Path.of(override)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
