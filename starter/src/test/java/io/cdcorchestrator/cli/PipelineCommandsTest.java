package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * up / status / down / list / history against the embedded test server, with a stand-in workflow
 * ({@link FakePipelineWorkflow}) serving the contract. Each test uses its own pipeline name.
 */
class PipelineCommandsTest {
  @TempDir static Path logs;
  static FakeTemporal temporal;
  static Cli cli;

  @BeforeAll
  static void startServerAndWorker() {
    temporal = FakeTemporal.start(logs);
    cli = temporal.cli;
  }

  @AfterAll
  static void stop() {
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  void upFollowsToReadyAndDownToDestroyed() throws Exception {
    Cli.Result up = cli.run("up", "alpha", "--target", "sandbox", "--follow");
    assertEquals(0, up.code(), up::toString);
    assertTrue(up.out().contains("started pipeline alpha on sandbox"), up::toString);
    assertTrue(
        up.out().contains("createThing") && up.out().contains("COMPLETED"),
        "step transitions: " + up);
    assertTrue(up.out().contains("phase READY"), up::toString);

    Cli.Result status = cli.run("status", "alpha", "--json");
    assertEquals(0, status.code(), status::toString);
    JsonNode json = Json.MAPPER.readTree(status.out());
    assertEquals("alpha", json.get("name").asText());
    assertEquals("sandbox", json.get("target").asText());
    assertEquals("READY", json.get("phase").asText());
    assertEquals("cdc-pipeline-alpha", json.get("workflowId").asText());
    assertEquals("alpha.public.inventory", json.get("outputs").get("changeTopic").asText());
    assertTrue(json.has("error") && json.get("error").isNull(), status::toString);
    assertEquals(2, json.get("steps").size(), status::toString);

    Cli.Result text = cli.run("status", "alpha");
    assertTrue(text.out().contains("pipeline alpha on sandbox: READY"), text::toString);
    assertTrue(
        text.out().contains("awaitThing") && text.out().contains("1 attempt"), text::toString);

    Cli.Result down = cli.run("down", "alpha", "--follow");
    assertEquals(0, down.code(), down::toString);
    assertTrue(down.out().contains("deleteThing"), down::toString);
    assertTrue(down.out().contains("pipeline alpha destroyed"), down::toString);

    Cli.Result again = cli.run("down", "alpha");
    assertEquals(0, again.code(), "a second down is a no-op success: " + again);
    assertTrue(again.out().contains("nothing to tear down"), again::toString);

    Cli.Result after = cli.run("status", "alpha", "--json");
    assertEquals(
        "DESTROYED", Json.MAPPER.readTree(after.out()).get("phase").asText(), after::toString);

    Cli.Result history = cli.run("history", "alpha");
    assertEquals(0, history.code());
    assertTrue(Json.MAPPER.readTree(history.out()).get("events").size() > 5, "a JSON history");
  }

  @Test
  void upIsIdempotentAndRefusesAnotherTarget() {
    assertEquals(0, cli.run("up", "beta", "--target", "sandbox").code());
    Cli.Result second = cli.run("up", "beta", "--target", "sandbox");
    assertEquals(0, second.code(), second::toString);
    assertTrue(
        second.out().contains("pipeline beta is already running on sandbox"), second::toString);

    Cli.Result other =
        withAwsCredentials(() -> cli.run("up", "beta", "--target", "aws", "--spec", awsSpec()));
    assertEquals(2, other.code(), other::toString);
    assertTrue(
        other.err().startsWith("target: pipeline 'beta' is already running on sandbox"),
        other::toString);

    assertEquals(0, cli.run("down", "beta").code());
    Cli.Result again = cli.run("up", "beta", "--target", "sandbox", "--follow");
    assertEquals(0, again.code(), "a destroyed pipeline may be brought up again: " + again);
    assertTrue(again.out().contains("started pipeline beta"), again::toString);
    assertEquals(0, cli.run("down", "beta", "--no-wait").code());
  }

  @Test
  void awsWithoutSpec_isBadInput_nothingStarted() {
    Cli.Result aws = cli.run("up", "gamma", "--target", "aws");
    assertEquals(2, aws.code(), aws::toString);
    assertTrue(aws.err().startsWith("spec: --target aws needs --spec FILE"), aws::toString);
    assertEquals(3, cli.run("status", "gamma").code(), "nothing was started");
  }

  private static String awsSpec() {
    try {
      Path file = Files.createTempFile("cdc-aws", ".yaml");
      file.toFile().deleteOnExit();
      return Files.writeString(file, "operatorCidr: 203.0.113.10/32\n").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Credentials (fake: nothing reaches AWS here) in the SDK's default chain for one call. */
  private static Cli.Result withAwsCredentials(java.util.function.Supplier<Cli.Result> call) {
    String id = System.getProperty("aws.accessKeyId");
    String secret = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    try {
      return call.get();
    } finally {
      restore("aws.accessKeyId", id);
      restore("aws.secretAccessKey", secret);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void aFailedProvisioningExitsOneWithTheCause() throws Exception {
    Cli.Result up = cli.run("up", "fail-gamma", "--target", "sandbox", "--follow");
    assertEquals(1, up.code(), up::toString);
    assertTrue(up.err().contains("thing broke"), up::toString);

    JsonNode status = Json.MAPPER.readTree(cli.run("status", "fail-gamma", "--json").out());
    assertEquals("FAILED", status.get("phase").asText());
    assertTrue(status.get("error").asText().contains("thing broke"), status::toString);
    assertEquals(0, cli.run("down", "fail-gamma").code(), "nothing to tear down after a failure");
  }

  @Test
  void unknownNamesExitThree() {
    for (String command : new String[] {"status", "down", "history"}) {
      Cli.Result r = cli.run(command, "nobody");
      assertEquals(3, r.code(), r::toString);
      assertTrue(r.err().startsWith("name: no pipeline named 'nobody'"), r::toString);
    }
  }

  @Test
  void listFallsBackToTheIdPrefixOnTheTestServer() throws Exception {
    assertEquals(0, cli.run("up", "delta", "--target", "sandbox", "--follow").code());
    Cli.Result list = cli.run("list", "--json");
    assertEquals(0, list.code(), list::toString);
    assertTrue(list.err().contains("no visibility queries"), "says it uses the fallback: " + list);
    JsonNode delta = null;
    for (JsonNode row : Json.MAPPER.readTree(list.out())) {
      assertFalse(row.get("workflowId").asText().isEmpty());
      if (row.get("name").asText().equals("delta")) {
        delta = row;
      }
    }
    assertTrue(delta != null, list::toString);
    assertEquals("READY", delta.get("phase").asText());
    assertEquals("sandbox", delta.get("target").asText());

    Cli.Result text = cli.run("list");
    assertTrue(
        text.out()
            .lines()
            .anyMatch(l -> l.startsWith("delta ") && l.contains("READY") && l.contains("sandbox")),
        text::toString);
    assertEquals(0, cli.run("down", "delta").code());
  }
}
