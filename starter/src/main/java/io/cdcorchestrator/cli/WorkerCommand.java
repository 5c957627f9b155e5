package io.cdcorchestrator.cli;

import io.cdcorchestrator.Workers;
import io.cdcorchestrator.common.CdcHome;
import io.cdcorchestrator.common.TaskQueues;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc worker}: polls the task queues until SIGINT/SIGTERM. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a worker until Ctrl-C.",
      "Polls Temporal at TEMPORAL_ADDRESS (default localhost:7233) until Ctrl-C (SIGINT) or SIGTERM.",
      TaskQueues.CONTROL
          + " serves the pipeline workflow and the resource activities (sandbox processes live in this "
          + "process); "
          + TaskQueues.DATAPLANE
          + " serves SQL init, Connect REST and the CDC proof.",
      "One worker per host and CDC_HOME runs that host's sandbox pipelines (on its own queue, "
          + TaskQueues.SANDBOX_HOST_PREFIX
          + "<host>-<hash>); a second one stands by and takes them over within seconds if the first "
          + "dies, restarting their Kafka and Connect from disk."
    })
final class WorkerCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--queues",
      split = ",",
      paramLabel = "QUEUE",
      defaultValue = TaskQueues.CONTROL + "," + TaskQueues.DATAPLANE,
      description = "Comma-separated task queues to poll (default ${DEFAULT-VALUE}).")
  List<String> queues;

  @Override
  public Integer call() {
    Set<String> polled = Inputs.queues(queues);
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownSignal shutdown = ShutdownSignal.install(spec.commandLine().getErr());
        Session session = Session.open(root);
        Workers workers =
            Workers.start(
                session.client(),
                polled,
                CdcHome.sandboxRoot(),
                null,
                line -> {
                  synchronized (out) {
                    out.println(line);
                    out.flush();
                  }
                })) {
      out.println(
          "worker polling "
              + String.join(", ", polled)
              + " at "
              + session.address()
              + " (namespace "
              + session.namespace()
              + "); Ctrl-C to stop");
      out.flush();
      shutdown.await();
      out.println(shutdown.received() + ": stopping the worker");
      out.flush();
    }
    return 0;
  }
}
