package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: exit 2, one line naming the field, nothing started. TEMPORAL_ADDRESS points at a
 * closed port, so a command that connected before validating would exit 1 (unreachable) instead of
 * 2.
 */
class ValidationTest {
  private final Cli cli = new Cli().address("127.0.0.1:" + FreePort.find());

  @TempDir Path dir;

  private static void assertBadInput(Cli.Result r, String field) {
    assertEquals(2, r.code(), r::toString);
    assertTrue(
        r.err().toLowerCase().contains(field.toLowerCase()), "names the field " + field + ": " + r);
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
    assertFalse(r.err().contains("cannot reach"), "validated before connecting: " + r);
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    assertEquals("", r.out(), r::toString);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bad_Name",
        "UPPER",
        "9starts-with-digit",
        "",
        "a-name-that-is-far-too-long-for-us-x",
        "has space"
      })
  void badNamesAreRejectedBeforeConnecting(String name) {
    Cli.Result r = cli.run("up", name, "--target", "sandbox");
    assertBadInput(r, "name");
    assertTrue(r.err().contains("lowercase letters, digits and hyphens"), r::toString);
  }

  @Test
  void aThirtyTwoCharacterNameIsValid() {
    // valid input gets as far as connecting: exit 1, unreachable
    Cli.Result r = cli.run("up", "a".repeat(32), "--target", "sandbox");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("cannot reach Temporal"), r::toString);
  }

  @Test
  void everyCommandWithANameValidatesIt() {
    for (String command : new String[] {"status", "down", "history", "events"}) {
      assertBadInput(cli.run(command, "Nope!"), "name");
    }
  }

  @Test
  void unknownTarget() {
    Cli.Result r = cli.run("up", "demo", "--target", "gcp");
    assertBadInput(r, "target");
    assertTrue(r.err().contains("sandbox, aws"), r::toString);
  }

  @Test
  void missingTarget() {
    assertBadInput(cli.run("up", "demo"), "--target");
  }

  @Test
  void missingSpecFile() {
    Cli.Result r =
        cli.run(
            "up", "demo", "--target", "sandbox", "--spec", dir.resolve("absent.yaml").toString());
    assertBadInput(r, "spec");
    assertTrue(r.err().contains("does not exist"), r::toString);
  }

  @Test
  void malformedYamlSpec() throws IOException {
    Path spec = Files.writeString(dir.resolve("bad.yaml"), "'watchIntervalSeconds: 5\n");
    Cli.Result r = cli.run("up", "demo", "--target", "sandbox", "--spec", spec.toString());
    assertBadInput(r, "spec");
    assertTrue(r.err().contains("not valid YAML"), r::toString);
  }

  @Test
  void malformedJsonSpec() throws IOException {
    Path spec = Files.writeString(dir.resolve("bad.json"), "{\"watchIntervalSeconds\": 5,,}");
    Cli.Result r = cli.run("up", "demo", "--target", "sandbox", "--spec", spec.toString());
    assertBadInput(r, "spec");
    assertTrue(r.err().contains("not valid JSON"), r::toString);
  }

  @Test
  void unknownSpecKey() throws IOException {
    Path spec = Files.writeString(dir.resolve("typo.yaml"), "watchIntervalSecs: 30\n");
    Cli.Result r = cli.run("up", "demo", "--target", "sandbox", "--spec", spec.toString());
    assertBadInput(r, "spec");
    assertTrue(
        r.err().contains("'watchIntervalSecs'") && r.err().contains("watchIntervalSeconds"),
        r::toString);
  }

  @Test
  void wrongSpecValueType() throws IOException {
    Path spec = Files.writeString(dir.resolve("type.yaml"), "watchIntervalSeconds: often\n");
    assertBadInput(
        cli.run("up", "demo", "--target", "sandbox", "--spec", spec.toString()),
        "spec.watchIntervalSeconds");
  }

  @Test
  void specValueOutOfRange() throws IOException {
    Path spec = Files.writeString(dir.resolve("range.json"), "{\"watchIntervalSeconds\": 0}");
    assertBadInput(
        cli.run("up", "demo", "--target", "sandbox", "--spec", spec.toString()),
        "spec.watchIntervalSeconds");
  }

  @Test
  void unknownQueue() {
    assertBadInput(cli.run("worker", "--queues", "cdc-control,cdc-elsewhere"), "queues");
  }

  @Test
  void badRunId() {
    assertBadInput(cli.run("history", "demo", "--run-id", "not-a-uuid"), "run-id");
  }

  @Test
  void badEventLimits() {
    assertBadInput(cli.run("events", "demo", "--max", "0"), "max");
    assertBadInput(cli.run("events", "demo", "--timeout", "-1"), "timeout");
  }

  @Test
  void badLocalServerOptions() {
    assertBadInput(cli.run("dev-server", "--port", "70000"), "port");
    assertBadInput(
        new Cli().env("CDC_LOCAL_TEMPORAL", "docker").run("dev-server"), "CDC_LOCAL_TEMPORAL");
  }

  @Test
  void unknownOptionIsOneLine() {
    Cli.Result r = cli.run("status", "demo", "--colour");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("--colour"), r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
  }
}
