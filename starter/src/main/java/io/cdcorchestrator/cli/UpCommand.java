package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Target;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cdc up NAME --target ...}: starts the pipeline workflow, or reports the run that is
 * already open.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Provisions a pipeline (starts its workflow).",
      "The workflow id is cdc-pipeline-NAME, its task queue cdc-control.",
      "Idempotent: when a run of NAME is open it is reported, not duplicated; a destroyed pipeline may be brought up again.",
      "aws: the spec is checked before anything connects; AWS credentials come from the SDK's default chain "
          + "(AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an IAM role), AWS_ENDPOINT_URL points it at an "
          + "emulator such as moto_server. The workers need the same credentials."
    },
    footer = {
      "",
      "Exit codes: 0 started or already running (with --follow: READY), 1 failure (e.g. no AWS "
          + "credentials), 2 bad input."
    })
final class UpCommand implements Callable<Integer> {
  /** How long {@code --follow} waits for READY at most. */
  static final Duration FOLLOW_TIMEOUT = Duration.ofMinutes(180);

  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "sandbox|aws",
      description =
          "Where the pipeline runs: sandbox (embedded PostgreSQL, Kafka, Kafka Connect in the worker) or aws.")
  String target;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = {
        "Pipeline spec, YAML (or JSON for *.json). Unknown keys are errors.",
        "Any target: watchIntervalSeconds (connector health check period, default 60), tables (captured, "
            + "default [public.inventory]), lag.{maxRetainedWalMiB,maxEventAgeSeconds} (DEGRADED above, default "
            + "1024 and 300), autoRestart.{enabled,maxRestarts} (default true and 7); cdc apply changes them later.",
        "aws (required there): operatorCidr (required: the only addresses the load balancer admits), region, tags, "
            + "network.{vpcCidr,availabilityZones,publicSubnets,privateSubnets}, "
            + "kafka.{version,brokerType,brokers,storageGiB,listener}, "
            + "database.{engineVersion,instanceClass,storageGiB}, "
            + "connect.{image,cpu,memory,desiredCount,logRetentionDays}; examples/aws.yaml shows every key with "
            + "its default; network.existing, database.existing, kafka.existing adopt your own (README, "
            + "Bring your own database)."
      })
  Path specFile;

  @Option(
      names = "--allow-reboot",
      description =
          "aws with database.existing.instanceId: set rds.logical_replication=1 in the instance's "
              + "parameter group (a copy of a default. group, attached) and reboot it. Without it the "
              + "preflight prints the commands and up stops before creating anything.")
  boolean allowReboot;

  @Option(
      names = "--follow",
      description = "Show live progress and wait until READY (exit 0) or FAILED (exit 1).")
  boolean follow;

  @Override
  public Integer call() {
    String name = pipeline.validated();
    Target t = Inputs.target(target);
    PipelineSpec pipelineSpec =
        t == Target.AWS ? SpecFile.loadAws(name, specFile) : SpecFile.loadSandbox(name, specFile);
    if (allowReboot) {
      pipelineSpec = allowingReboot(pipelineSpec);
    }
    if (t == Target.AWS) {
      checkAwsCredentials(pipelineSpec.aws().region());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = Session.open(root)) {
      Pipelines pipelines = session.pipelines();
      Pipelines.UpResult up = pipelines.up(name, t, pipelineSpec);
      report(out, up);
      if (!follow) {
        return 0;
      }
      Pipelines.Snapshot end =
          new Progress(out, true)
              .follow(pipelines, name, UpCommand::settled, () -> false, FOLLOW_TIMEOUT);
      return outcome(out, name, end);
    }
  }

  /** Fails at once (exit 1) when the SDK's default chain has no credentials: nothing is started. */
  static void checkAwsCredentials(String region) {
    try (AwsClients clients = AwsClients.create(region)) {
      clients.checkSetup();
    } catch (AwsClients.MissingSetupException e) {
      throw CliException.failure(e.getMessage(), e);
    }
  }

  static void report(PrintWriter out, Pipelines.UpResult up) {
    var s = up.snapshot().status();
    if (up.started()) {
      out.printf(
          "started pipeline %s on %s (workflow %s, run %s)%n",
          s.name(), targetId(s), s.workflowId(), s.runId());
    } else {
      out.printf(
          "pipeline %s is already running on %s: phase %s (workflow %s, run %s)%n",
          s.name(), targetId(s), s.phase(), s.workflowId(), s.runId());
    }
    out.flush();
  }

  static String targetId(io.cdcorchestrator.model.PipelineStatus s) {
    return s.target() == null ? "?" : s.target().id();
  }

  /**
   * Provisioning has ended: READY (or DEGRADED), or the run closed. A run that failed compensates
   * (TEARING_DOWN) before it closes FAILED; following it to the end shows that cleanup too.
   */
  static boolean settled(Pipelines.Snapshot s) {
    return !s.open() || s.phase() == Phase.READY || s.phase() == Phase.DEGRADED;
  }

  /**
   * 0 when the pipeline reached READY (or DEGRADED after it), 1 otherwise, with one line saying so.
   */
  static int outcome(PrintWriter out, String name, Pipelines.Snapshot end) {
    if (end == null) {
      out.println("pipeline " + name + " did not become READY in time");
      return CliException.FAILURE;
    }
    Phase phase = end.phase();
    if (end.open() && (phase == Phase.READY || phase == Phase.DEGRADED)) {
      out.println("pipeline " + name + " is " + phase);
      out.flush();
      return 0;
    }
    throw CliException.failure(
        "pipeline "
            + name
            + " is "
            + phase
            + (end.status().error() == null ? "" : ": " + end.status().error()));
  }

  /** {@code --allow-reboot} only means something for an RDS instance the spec adopts. */
  static PipelineSpec allowingReboot(PipelineSpec spec) {
    Existing.Database db = spec.existingDatabase();
    if (spec.target() != Target.AWS || db == null || db.instanceId() == null) {
      throw CliException.badInput(
          "--allow-reboot: only with --target aws and database.existing.instanceId (the RDS"
              + " instance whose parameter group it may change and reboot)");
    }
    Existing e = spec.existing();
    return spec.withExisting(new Existing(db.withAllowReboot(true), e.network(), e.kafka()));
  }
}
