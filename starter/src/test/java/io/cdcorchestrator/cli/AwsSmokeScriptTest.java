package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.TagScan;
import io.cdcorchestrator.common.aws.AwsClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/aws-smoke.sh's flow, with {@code --dry-run} against moto (its cdc is {@link MotoCdc}: the
 * CLI with the preflight's moto doubles): the preflight and the plan run for real, the commands of
 * a real run and a typical cost are printed, nothing is created; a preflight blocker stops it with
 * exit 1 before anything else. The real run needs an account (docs/REAL-AWS.md).
 */
@Tag("aws")
@ExtendWith(Moto.class)
class AwsSmokeScriptTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private Run smoke(String name, String spec) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".yaml"), spec);
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                Path.of("../bench/aws-smoke.sh").toString(),
                "--dry-run",
                "--spec",
                file.toString(),
                "--name",
                name)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
    Map<String, String> env = pb.environment();
    env.put(
        "CDC",
        "java -Xmx256m -XX:TieredStopAtLevel=1 -cp "
            + System.getProperty("java.class.path")
            + " "
            + MotoCdc.class.getName());
    env.put("AWS_ENDPOINT_URL", System.getProperty("aws.endpointUrl"));
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_MAX_ATTEMPTS", "1");
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + FreePort.find());
    env.put("CDC_HOME", dir.resolve("home").toString());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the dry run ends");
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8));
  }

  @Test
  void dryRun_preflightAndPlan_thenTheRealRunsCommandsAndCost(AwsClients clients) throws Exception {
    Run r = smoke("smokedry", "operatorCidr: 203.0.113.10/32\n");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("preflight of smokedry: clear"), r::toString);
    assertTrue(r.out().contains("40 resources"), "the plan's summary: " + r);
    assertTrue(r.out().contains("  cdc up smokedry --target aws --spec "), r::toString);
    assertTrue(r.out().contains("  cdc down smokedry --follow"), r::toString);
    assertTrue(
        r.out().matches("(?s).*typical run: .* about \\$\\d+\\.\\d\\d at \\$0\\.\\d+/h.*"),
        r::toString);
    assertEquals(List.of(), TagScan.live(clients, "smokedry"), "a dry run creates nothing");
  }

  @Test
  void aPreflightBlocker_stopsIt_exit1() throws IOException, Exception {
    Run r =
        smoke(
            "smokeblocked",
            "operatorCidr: 203.0.113.10/32\n"
                + "kafka: {brokerType: kafka.m8gb.large}\n"
                + "network: {availabilityZones: [us-east-1a, us-east-1f]}\n");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.out().contains("BLOCKER aws.zones"), r::toString);
    assertTrue(r.err().contains("nothing was created"), r::toString);
    assertTrue(!r.out().contains("cdc up"), "no further step: " + r);
  }
}
