package io.cdcorchestrator.cli;

import io.cdcorchestrator.codec.PayloadEncryption;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.Target;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The training run of the class-data-sharing archive that {@code ./cdc} builds once per build
 * ({@code java -XX:ArchiveClassesAtExit=…}, see the launcher): runs {@code status}, {@code list}
 * and {@code plan} in this JVM, so that the classes they load are in the archive and a later {@code
 * cdc status} maps them instead of loading, parsing and verifying them from 190 jars.
 *
 * <p>It needs no Temporal server and touches nothing outside this JVM: {@code status} and {@code
 * list} ask a {@link TrainingFrontend} on a loopback port, through the same client code as against
 * a real server. Output goes nowhere. Classes it does not reach are loaded from the jars as before.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    CliLogging.selectFor("status", System.getenv()); // what the trained commands log through
    train();
    System.exit(
        0); // the archive is written as the JVM exits; no thread of a command may hold it up
  }

  /**
   * Runs the commands; throws when one does not exit 0 (then the launcher builds no archive: a
   * command the training no longer covers is a test failure, StartupTrainingTest, not a slow CLI).
   */
  static void train() throws Exception {
    String now = Instant.now().toString();
    PipelineStatus sample =
        new PipelineStatus(
            "training",
            Target.SANDBOX,
            Phase.READY,
            PipelineNames.workflowId("training"),
            "00000000-0000-0000-0000-000000000000",
            List.of(new StepRecord("createKafka", "COMPLETED", 1, now, now, "k", "running")),
            List.of(new PipelineStatus.ResourceStatus("kafka", "k", "running")),
            Map.of("kafkaBootstrap", "127.0.0.1:9092"),
            null);
    Path dir = Files.createTempDirectory("cdc-training");
    try (TrainingFrontend frontend =
        new TrainingFrontend(PayloadEncryption.dataConverter(Map.of()), sample)) {
      Map<String, String> env =
          Map.of(
              "TEMPORAL_ADDRESS",
              frontend.address(),
              // not the user's config file: a profile there could add TLS or an API key
              "TEMPORAL_CONFIG_FILE",
              dir.resolve("absent.toml").toString());
      run(env, "--help");
      run(env, "status", "--help");
      run(env, "plan", "--target", "aws");
      run(env, "plan", "--target", "aws", "--format", "dot");
      run(env, "plan", "--target", "aws", "--format", "svg");
      run(env, "status", sample.name());
      // the query's answer, not the fallback to what the server records: the success path ran
      expect(run(env, "status", sample.name(), "--json"), "createKafka");
      run(env, "list");
      expect(run(env, "list", "--json"), "READY");
    } finally {
      Files.delete(dir);
    }
  }

  /** Runs one command; its standard output. */
  private static String run(Map<String, String> env, String... args) {
    CommandLine cmd = CdcCommand.commandLine(env, args);
    StringWriter out = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(OutputStream.nullOutputStream()));
    int code = cmd.execute(args);
    if (code != 0) {
      throw new IllegalStateException(
          "training: cdc " + String.join(" ", args) + " exited " + code);
    }
    return out.toString();
  }

  private static void expect(String output, String part) {
    if (!output.contains(part)) {
      throw new IllegalStateException("training: expected " + part + " in " + output);
    }
  }
}
