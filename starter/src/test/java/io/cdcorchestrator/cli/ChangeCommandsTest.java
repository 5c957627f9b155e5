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
 * pause / resume / stop / apply against the embedded test server with the stand-in workflow ({@link
 * FakePipelineWorkflow}): the contract's exit codes and what the commands print. The real
 * workflow's changes are tested end to end in {@code EndToEndTest}.
 */
class ChangeCommandsTest {
  @TempDir static Path dir;
  static FakeTemporal temporal;
  static Cli cli;

  @BeforeAll
  static void startServerAndWorker() {
    temporal = FakeTemporal.start(dir);
    cli = temporal.cli;
  }

  @AfterAll
  static void stop() {
    if (temporal != null) {
      temporal.close();
    }
  }

  private static Path spec(String name, String yaml) throws Exception {
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  @Test
  void pauseResumeStop_printThePhase_andTheStepsTheyRan() throws Exception {
    assertEquals(0, cli.run("up", "ch-p", "--target", "sandbox", "--follow").code());

    Cli.Result pause = cli.run("pause", "ch-p");
    assertEquals(0, pause.code(), pause::toString);
    assertTrue(pause.out().contains("pauseConnector"), pause::toString);
    assertTrue(
        pause.out().contains("pipeline ch-p is PAUSED: connector paused, no events until"),
        pause::toString);
    assertEquals(
        "PAUSED",
        Json.MAPPER.readTree(cli.run("status", "ch-p", "--json").out()).path("phase").asText());

    Cli.Result stop = cli.run("stop", "ch-p");
    assertEquals(0, stop.code(), stop::toString);
    assertTrue(stop.out().contains("is STOPPED: connector stopped"), stop::toString);

    Cli.Result resume = cli.run("resume", "ch-p");
    assertEquals(0, resume.code(), resume::toString);
    assertTrue(resume.out().contains("pipeline ch-p is READY"), resume::toString);
    assertEquals(0, cli.run("down", "ch-p").code());

    Cli.Result gone = cli.run("pause", "ch-p");
    assertEquals(1, gone.code(), gone::toString);
    assertTrue(
        gone.err().startsWith("pipeline ch-p is not running (last run DESTROYED)"), gone::toString);
    Cli.Result unknown = cli.run("resume", "ch-nobody");
    assertEquals(3, unknown.code(), unknown::toString);
    assertEquals(2, cli.run("stop", "Not_A_Name").code());
  }

  @Test
  void aChangeWhileProvisioning_isRefused_exitOne_sayingWhy() throws Exception {
    assertEquals(0, cli.run("up", "slow-ch", "--target", "sandbox").code());
    // its first step done, so that the only thing that could print a step is the refused change
    awaitStatusShows("slow-ch", "createThing\\s+COMPLETED");
    Cli.Result refused = cli.run("pause", "slow-ch");
    assertEquals(1, refused.code(), refused::toString);
    assertEquals(
        "pause refused: pipeline slow-ch is PROVISIONING\n", refused.err(), refused::toString);
    assertEquals("", refused.out(), "nothing ran: " + refused);
    assertEquals(0, cli.run("down", "slow-ch").code());
  }

  private static void awaitStatusShows(String name, String regex) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
    while (!pattern.matcher(cli.run("status", name).out()).find()) {
      assertTrue(System.nanoTime() < deadline, name + "'s status never showed " + regex);
      Thread.sleep(200);
    }
  }

  @Test
  void apply_showsThePlan_asks_andAppliesOnYes() throws Exception {
    assertEquals(0, cli.run("up", "ch-a", "--target", "sandbox", "--follow").code());
    Path wider = spec("wider", "tables: [public.inventory, public.orders]\n");

    Cli.Result declined = cli.input("n\n").run("apply", "ch-a", "--spec", wider.toString());
    assertEquals(1, declined.code(), declined::toString);
    assertTrue(declined.out().contains("pipeline ch-a on sandbox: 1 change"), declined::toString);
    assertTrue(
        declined
            .out()
            .contains(
                "  ~ tables: [public.inventory] -> [public.inventory, public.orders]\n"
                    + "      capture them\n"),
        declined::toString);
    assertTrue(declined.out().contains("apply to pipeline ch-a? [y/N]"), declined::toString);
    assertTrue(declined.err().startsWith("not applied"), declined::toString);

    Cli.Result applied = cli.input("y\n").run("apply", "ch-a", "--spec", wider.toString());
    assertEquals(0, applied.code(), applied::toString);
    assertTrue(applied.out().contains("publishTables"), applied::toString);
    assertTrue(
        applied
            .out()
            .contains("applied: pipeline ch-a is READY, capturing public.inventory, public.orders"),
        applied::toString);
    JsonNode status = Json.MAPPER.readTree(cli.run("status", "ch-a", "--json").out());
    assertEquals("[\"public.inventory\",\"public.orders\"]", status.path("tables").toString());
    assertEquals(0, status.path("restarts").path("count").asInt(), status::toPrettyString);
    assertTrue(status.path("restarts").has("last"), status::toPrettyString);
    assertTrue(status.path("lag").has("retainedWalBytes"), status::toPrettyString);
    assertTrue(status.path("lag").has("lastEventAgeSeconds"), status::toPrettyString);
    assertEquals(0, status.path("drift").size(), status::toPrettyString);

    Cli.Result again = cli.run("apply", "ch-a", "--spec", wider.toString(), "--yes");
    assertEquals(0, again.code(), again::toString);
    assertEquals(
        "pipeline ch-a already matches " + wider + "; nothing to do\n",
        again.out(),
        again::toString);
    assertEquals(0, cli.run("down", "ch-a").code());
  }

  @Test
  void apply_badInput_exitsTwo_refusals_exitOne_unknown_exitsThree() throws Exception {
    assertEquals(0, cli.run("up", "ch-b", "--target", "sandbox", "--follow").code());

    Cli.Result bad =
        cli.run("apply", "ch-b", "--spec", spec("bad", "tables: [orders]\n").toString(), "--yes");
    assertEquals(2, bad.code(), bad::toString);
    assertTrue(bad.err().startsWith("spec.tables: 'orders' is not a table name"), bad::toString);

    Cli.Result typo =
        cli.run("apply", "ch-b", "--spec", spec("typo", "lag: {maxWal: 3}\n").toString(), "--yes");
    assertEquals(2, typo.code(), typo::toString);
    assertTrue(typo.err().startsWith("spec: unknown key 'lag.maxWal'"), typo::toString);

    Cli.Result image =
        cli.run(
            "apply",
            "ch-b",
            "--spec",
            spec("image", "connect: {image: quay.io/debezium/connect:3.7.0.Final}\n").toString(),
            "--yes");
    assertEquals(2, image.code(), image::toString);
    assertTrue(
        image.err().startsWith("spec.connect: the sandbox runs Kafka Connect with Debezium"),
        image::toString);

    Cli.Result noSpec = cli.run("apply", "ch-b");
    assertEquals(2, noSpec.code(), noSpec::toString);
    assertTrue(noSpec.err().startsWith("spec: --spec FILE is required"), noSpec::toString);

    Cli.Result refused =
        cli.run(
            "apply",
            "ch-b",
            "--spec",
            spec("nokey", "tables: [public.inventory, public.nokey]\n").toString(),
            "--yes");
    assertEquals(1, refused.code(), refused::toString);
    assertEquals(
        "apply refused: public.nokey has no primary key; nothing was changed\n",
        refused.err(),
        refused::toString);
    assertFalse(
        Json.MAPPER
            .readTree(cli.run("status", "ch-b", "--json").out())
            .path("tables")
            .toString()
            .contains("nokey"));

    Cli.Result unknown = cli.run("apply", "ch-nobody", "--reconcile");
    assertEquals(3, unknown.code(), unknown::toString);
    assertEquals(0, cli.run("down", "ch-b").code());
  }
}
