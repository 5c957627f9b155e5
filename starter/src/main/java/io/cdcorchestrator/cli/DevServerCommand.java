package io.cdcorchestrator.cli;

import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.local.PortInUseException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc dev-server}: a local Temporal server until Ctrl-C. */
@Command(
    name = "dev-server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local Temporal server until Ctrl-C.",
      "The temporal CLI dev server with its Web UI when temporal is on PATH, otherwise the embedded Java test server "
          + "(no Web UI, no visibility queries). Stops on Ctrl-C (SIGINT) or SIGTERM.",
      "The search attributes CdcPipeline, CdcTarget and CdcPhase are registered. The dev server keeps its state "
          + "in $CDC_HOME/temporal/dev-server-PORT.db: killed and started again (it restarts itself when it dies "
          + "under a running cdc dev-server), it resumes every pipeline. A dev server that a killed cdc dev-server "
          + "left on the port is stopped first. The embedded test server keeps everything in memory."
    })
final class DevServerCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;
  @Mixin LocalServerOptions server;

  @Override
  public Integer call() {
    server.validate(root);
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownSignal shutdown = ShutdownSignal.install(spec.commandLine().getErr())) {
      LocalTemporal temporal;
      try {
        temporal = server.start(root, out, true);
      } catch (PortInUseException e) {
        throw CliException.failure(e.getMessage(), e);
      }
      try (temporal) {
        out.println("TEMPORAL_ADDRESS=" + temporal.address() + "  (Ctrl-C to stop)");
        out.flush();
        shutdown.await();
        out.println(shutdown.received() + ": stopping the Temporal server");
        out.flush();
      }
    }
    return 0;
  }
}
