package io.cdcorchestrator.cli;

import io.cdcorchestrator.Workers;
import io.cdcorchestrator.common.CdcHome;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.local.PortInUseException;
import io.cdcorchestrator.local.PortProbe;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Target;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cdc demo}: local Temporal, an in-process worker, the pipeline {@code demo} on the sandbox
 * target with live progress to READY, its endpoints, then (on a terminal or with {@code --hold}) a
 * wait for Ctrl-C, and one teardown path: destroy, wait DESTROYED, close the worker, stop the
 * server.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole thing locally: Temporal, a worker and the sandbox pipeline 'demo', until Ctrl-C.",
      "Starts a local Temporal server (or reuses one that answers on the port), a worker in this process and the "
          + "pipeline: real PostgreSQL, Kafka and Kafka Connect with Debezium, embedded. Shows live progress until READY "
          + "(a row change has arrived as a change event), then the endpoints.",
      "On a terminal, or with --hold, it then waits for Ctrl-C (SIGINT) or SIGTERM; otherwise (CI, benchmarks) it tears "
          + "down at once. Teardown destroys the pipeline, waits for DESTROYED, stops the worker and the server it started."
    },
    footer = {
      "",
      "Prints 'READY in <seconds> s' (from JVM start). Exit codes: 0 after a clean teardown, 1 failure."
    })
final class DemoCommand implements Callable<Integer> {
  static final String NAME = "demo";

  /** The sandbox is READY in seconds and gone in seconds; a run that takes this long is stuck. */
  static final Duration SANDBOX_TIMEOUT = Duration.ofMinutes(10);

  /** While holding, how often the demo checks that its pipeline still runs. */
  static final Duration HOLD_POLL = Duration.ofSeconds(2);

  private static final Pattern JDBC =
      Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");

  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;
  @Mixin LocalServerOptions server;

  @Option(
      names = "--hold",
      description = "Wait for SIGINT/SIGTERM after READY even without a terminal.")
  boolean hold;

  private PrintWriter out;

  @Override
  public Integer call() {
    server.validate(root);
    Session.checkCodecKeys(root);
    out = spec.commandLine().getOut();
    try (ShutdownSignal shutdown = ShutdownSignal.install(spec.commandLine().getErr())) {
      Optional<LocalTemporal> started = startOrReuseServer();
      try {
        if (shutdown.requested()) {
          return 0;
        }
        String address = started.map(LocalTemporal::address).orElse("127.0.0.1:" + server.port);
        try (Session session = Session.openLocal(root, address);
            Workers workers =
                Workers.start(
                    session.client(),
                    Set.of(TaskQueues.CONTROL, TaskQueues.DATAPLANE),
                    CdcHome.sandboxRoot())) {
          Optional<String> workflowUrl =
              started
                  .flatMap(LocalTemporal::webUiUrl)
                  .map(
                      url ->
                          url
                              + "/namespaces/"
                              + session.namespace()
                              + "/workflows/"
                              + PipelineNames.workflowId(NAME));
          return run(session.pipelines(), shutdown, workflowUrl);
        }
      } finally {
        started.ifPresent(
            s -> {
              out.println("stopping the Temporal server");
              out.flush();
              s.close();
            });
      }
    }
  }

  /** A server this command started, or empty when a Temporal server already answers on the port. */
  private Optional<LocalTemporal> startOrReuseServer() {
    try {
      return Optional.of(server.start(root, out, false));
    } catch (PortInUseException e) {
      if (e.state() == PortProbe.State.TEMPORAL && e.port() == server.port) {
        out.println(
            "reusing the Temporal server that already answers at 127.0.0.1:"
                + server.port
                + " (it keeps running after the demo)");
        out.flush();
        return Optional.empty();
      }
      throw CliException.failure(e.getMessage(), e);
    }
  }

  /** Up, progress to READY, endpoints, the wait, and (always, once started) the teardown. */
  private int run(Pipelines pipelines, ShutdownSignal shutdown, Optional<String> workflowUrl) {
    Progress progress = new Progress(out, true);
    boolean destroyNeeded = false;
    try {
      Pipelines.UpResult up =
          pipelines.up(NAME, Target.SANDBOX, PipelineSpec.of(NAME, Target.SANDBOX));
      destroyNeeded = true;
      UpCommand.report(out, up);
      Pipelines.Snapshot end =
          progress.follow(
              pipelines, NAME, UpCommand::settled, shutdown::requested, SANDBOX_TIMEOUT);
      if (shutdown.requested()) {
        out.println(shutdown.received() + ": tearing down");
        return 0;
      }
      if (end == null
          || !end.open()
          || (end.phase() != Phase.READY && end.phase() != Phase.DEGRADED)) {
        out.println(
            "pipeline "
                + NAME
                + " did not become READY: "
                + (end == null
                    ? "not within " + SANDBOX_TIMEOUT.toMinutes() + " min"
                    : end.phase()
                        + (end.status().error() == null ? "" : ": " + end.status().error())));
        return CliException.FAILURE;
      }
      double seconds =
          (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
              / 1000.0;
      out.printf(Locale.ROOT, "READY in %.1f s%n", seconds);
      printEndpoints(end.status(), workflowUrl);
      if (System.console() != null || hold) {
        out.println("running; Ctrl-C tears the pipeline down and stops everything");
        out.flush();
        if (awaitSignalWhileRunning(pipelines, shutdown)) {
          out.println(shutdown.received() + ": tearing down");
        } else {
          out.println("pipeline " + NAME + " was torn down from elsewhere (./cdc down); stopping");
        }
      } else {
        out.println("no terminal and no --hold: tearing down now");
      }
      return 0;
    } finally {
      out.flush();
      if (destroyNeeded) {
        teardown(pipelines, shutdown, progress);
      }
    }
  }

  /** Waits for SIGINT/SIGTERM (true), or until the pipeline's run ends another way (false). */
  private static boolean awaitSignalWhileRunning(Pipelines pipelines, ShutdownSignal shutdown) {
    while (!shutdown.await(HOLD_POLL)) {
      boolean running =
          pipelines
              .describe(NAME)
              .map(
                  run ->
                      run.getStatus()
                          == io.temporal.api.enums.v1.WorkflowExecutionStatus
                              .WORKFLOW_EXECUTION_STATUS_RUNNING)
              .orElse(false);
      if (!running) {
        return false;
      }
    }
    return true;
  }

  /**
   * The one teardown path: destroy, wait for DESTROYED with progress (a no-op when the run already
   * ended). A second Ctrl-C abandons the wait; the worker and the server close either way.
   */
  private void teardown(Pipelines pipelines, ShutdownSignal shutdown, Progress progress) {
    out.println("teardown (a second Ctrl-C stops waiting for it)");
    DownCommand.down(pipelines, NAME, out, progress, false, shutdown::forced, SANDBOX_TIMEOUT);
  }

  private void printEndpoints(PipelineStatus status, Optional<String> workflowUrl) {
    Map<String, String> outputs = status.outputs() == null ? Map.of() : status.outputs();
    out.println();
    out.println("endpoints");
    StatusText.printOutputs(out, outputs);
    workflowUrl.ifPresent(url -> out.println("Web UI: " + url));
    hint(outputs)
        .ifPresent(
            h -> {
              out.println();
              out.println(h);
            });
    out.println(
        "change it: ./cdc pause "
            + NAME
            + ", ./cdc resume "
            + NAME
            + ", ./cdc apply "
            + NAME
            + " --spec FILE (e.g. tables: [public.inventory, public.orders]); ./cdc status "
            + NAME
            + " shows tables, restarts, lag and drift");
    out.println();
    out.flush();
  }

  /** One line: how to insert a row with psql and watch its change event. */
  static Optional<String> hint(Map<String, String> outputs) {
    String jdbcUrl = outputs.get("jdbcUrl");
    Matcher m = jdbcUrl == null ? null : JDBC.matcher(jdbcUrl);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "try it: psql -h "
            + m.group(1)
            + " -p "
            + m.group(2)
            + " -U postgres -d "
            + m.group(3)
            + " -c \"insert into inventory (id, sku, name, price) values (gen_random_uuid(), 'SKU-1', 'widget', 9.99)\""
            + "  and watch its event: ./cdc events "
            + NAME
            + " --from-beginning");
  }
}
