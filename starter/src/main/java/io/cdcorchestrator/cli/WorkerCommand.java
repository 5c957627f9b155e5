package io.cdcorchestrator.cli;

import io.cdcorchestrator.Workers;
import io.cdcorchestrator.common.CdcHome;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.observability.MetricsServer;
import io.cdcorchestrator.observability.Observability;
import io.cdcorchestrator.observability.Tracing;
import io.cdcorchestrator.observability.WorkerMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
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
          + "dies, restarting their Kafka and Connect from disk.",
      "With --metrics-port: Prometheus metrics (the Temporal SDK's worker metrics and every "
          + "pipeline's gauges) at http://HOST:PORT/metrics. With OTEL_EXPORTER_OTLP_ENDPOINT set: "
          + "traces of every run over OTLP (HTTP/protobuf)."
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

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serve Prometheus metrics on this port (off by default; 9464 is customary).")
  Integer metricsPort;

  @Option(
      names = "--metrics-bind",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Address the metrics endpoint listens on (default ${DEFAULT-VALUE}; 0.0.0.0 inside a "
              + "container whose port is not published).")
  String metricsBind;

  @Override
  public Integer call() {
    Set<String> polled = Inputs.queues(queues);
    if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
      throw CliException.badInput(
          "--metrics-port: " + metricsPort + " is not a usable port (1-65535)");
    }
    Tracing tracing;
    try {
      tracing = Tracing.fromEnvironment(root.environment());
    } catch (Tracing.ConfigException e) {
      throw CliException.badInput(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Observability observability =
            Observability.of(metricsPort == null ? null : new WorkerMetrics(), tracing);
        MetricsServer metrics = serveMetrics(observability);
        ShutdownSignal shutdown = ShutdownSignal.install(spec.commandLine().getErr());
        Session session = Session.open(root, observability);
        Workers workers =
            Workers.start(
                session.client(),
                polled,
                CdcHome.sandboxRoot(),
                null,
                observability,
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
      if (metrics != null) {
        out.println("metrics at http://" + metrics.address() + "/metrics");
      }
      if (tracing.enabled()) {
        out.println("traces to " + tracing.endpoint() + " (OTLP)");
      }
      out.flush();
      shutdown.await();
      out.println(shutdown.received() + ": stopping the worker");
      out.flush();
    }
    return 0;
  }

  /** Bound before anything connects, so a port in use is one line and nothing started. */
  private MetricsServer serveMetrics(Observability observability) {
    if (observability.metrics() == null) {
      return null;
    }
    try {
      return MetricsServer.start(
          new InetSocketAddress(metricsBind, metricsPort), observability.metrics()::scrape);
    } catch (IOException e) {
      throw CliException.failure(
          "cannot serve metrics on "
              + metricsBind
              + ":"
              + metricsPort
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }
}
