package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.cdcorchestrator.preflight.Preflight;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * {@code cdc preflight NAME --target aws --spec FILE [--json]}: the read-only checks {@code up}'s
 * workflow runs first, run here with this shell's AWS credentials, without Temporal.
 */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    description = {
      "Checks, read-only, what `up` needs from the place it runs in, before anything exists: on aws the "
          + "identity (sts:GetCallerIdentity) and region, the Kafka and PostgreSQL versions, the zones (by "
          + "zone ID: each must offer the broker, database and bastion types; without "
          + "network.availabilityZones the first zones that offer them all are chosen), the quotas the stack "
          + "consumes against current usage, and the README's IAM policy (iam:SimulatePrincipalPolicy).",
      "sandbox with database.existing: the database checks (reachable, version, wal_level, free "
          + "replication slots and WAL senders, the admin's right to create the replication role, tables and "
          + "publication, each captured table's primary key or REPLICA IDENTITY), run from this shell.",
      "aws with database.existing: the RDS instance's parameter group, pending reboot and ingress rules; "
          + "with dataPlaneAccess: direct also the database checks above, from this shell; through the "
          + "bastion those run at up once the bastion is ready, before anything is created in the "
          + "database (one INFO line says so).",
      "aws with kafka.existing: the MSK cluster is ACTIVE and its security groups admit the broker port "
          + "from each private subnet where Kafka Connect runs.",
      "The workflow runs the same checks as its first step, so up fails in seconds on a blocker.",
      "One line per finding: OK, INFO (checked elsewhere, and where), WARNING (e.g. a check the caller may "
          + "not run) or BLOCKER, with its remedy."
    },
    footer = {
      "",
      "Exit codes: 0 all clear (warnings allowed), 1 a blocker or AWS failed, 2 bad input."
    })
final class PreflightCommand implements Callable<Integer> {
  /**
   * SDK interceptors added to the command's clients; tests only (moto's gap doubles), empty
   * otherwise.
   */
  static volatile List<ExecutionInterceptor> testInterceptors = List.of();

  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "sandbox|aws",
      description = "The target up would get.")
  String target;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = "The spec up would get (required with aws; see examples/aws.yaml).")
  Path specFile;

  @Option(
      names = "--json",
      description =
          "One JSON document: pipeline, clear, findings (check, severity, message, remedy), "
              + "availabilityZones, availabilityZoneIds.")
  boolean json;

  /** What {@code --json} prints. */
  record Result(
      String pipeline,
      String target,
      boolean clear,
      List<Finding> findings,
      List<String> availabilityZones,
      List<String> availabilityZoneIds) {}

  @Override
  public Integer call() {
    String name = pipeline.validated();
    Target t = Inputs.target(target);
    PipelineSpec pipelineSpec =
        t == Target.AWS ? SpecFile.loadAws(name, specFile) : SpecFile.loadSandbox(name, specFile);
    PreflightReport report = check(pipelineSpec);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          Json.pretty(
              new Result(
                  name,
                  t.id(),
                  report.clear(),
                  report.findings(),
                  report.availabilityZones(),
                  report.availabilityZoneIds())));
    } else {
      report.findings().forEach(f -> out.println(f.line()));
      out.println(
          report.clear()
              ? "preflight of " + name + ": clear (" + report.summary() + ")"
              : "preflight of "
                  + name
                  + ": "
                  + report.blockers().size()
                  + " blocker(s), up would fail ("
                  + report.summary()
                  + ")");
    }
    out.flush();
    return report.clear() ? 0 : CliException.FAILURE;
  }

  private static PreflightReport check(PipelineSpec pipelineSpec) {
    String region = pipelineSpec.aws() == null ? null : pipelineSpec.aws().region();
    try (AwsClients clients = AwsClients.create(region, testInterceptors)) {
      if (pipelineSpec.target() == Target.AWS) {
        clients.checkSetup();
      }
      return Preflight.fromShell(pipelineSpec, clients);
    } catch (AwsClients.MissingSetupException e) {
      throw CliException.failure(e.getMessage(), e);
    } catch (SdkException e) {
      throw CliException.failure(
          "preflight: AWS did not answer: " + AwsErrors.describe(e) + "; try again", e);
    }
  }
}
