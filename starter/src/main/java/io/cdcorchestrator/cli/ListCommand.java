package io.cdcorchestrator.cli;

import com.google.protobuf.ByteString;
import io.cdcorchestrator.model.CdcSearchAttributes;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.Target;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.converter.DataConverter;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc list}: every pipeline the server knows, newest run per name. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the pipelines.",
      "Phase, target and start time of the latest run of each.",
      "Uses a visibility query on CdcPipeline; on the embedded test server, which has none, it lists open and "
          + "closed executions by the cdc-pipeline- id prefix instead and says so on stderr."
    })
final class ListCommand implements Callable<Integer> {
  static final String QUERY = CdcSearchAttributes.PIPELINE.getName() + " IS NOT NULL";

  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--json",
      description =
          "Print a JSON array of {name, phase, target, status, startTime, workflowId, runId}.")
  boolean json;

  /** One line of the list. */
  record Row(
      String name,
      Phase phase,
      String target,
      String status,
      Instant startTime,
      String workflowId,
      String runId) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = Session.open(root)) {
      List<WorkflowExecutionMetadata> runs;
      try {
        runs = listByQuery(session);
      } catch (StatusRuntimeException e) {
        if (!unimplemented(e)) {
          throw Session.unreachable(session.address(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "note: this Temporal server has no visibility queries (the embedded test server?); "
                + "listing open and closed executions by the "
                + PipelineNames.WORKFLOW_ID_PREFIX
                + " id prefix instead");
        err.flush();
        runs = listByPrefix(session);
      }
      List<Row> rows = rows(session.pipelines(), latestPerPipeline(runs));
      if (json) {
        out.println(Json.pretty(rows));
      } else if (rows.isEmpty()) {
        out.println("no pipelines");
      } else {
        out.println(
            String.format(
                Locale.ROOT, "%-32s %-13s %-8s %s", "NAME", "PHASE", "TARGET", "STARTED"));
        for (Row r : rows) {
          out.println(
              String.format(
                  Locale.ROOT,
                  "%-32s %-13s %-8s %s",
                  r.name(),
                  r.phase(),
                  r.target(),
                  r.startTime()));
        }
      }
      out.flush();
      return 0;
    }
  }

  private static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }

  /**
   * ListWorkflowExecutions with the visibility query, page by page: what the SDK client's {@code
   * listExecutions} asks, without starting the client.
   */
  private static List<WorkflowExecutionMetadata> listByQuery(Session session) {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub =
        session.connection().service().blockingStub();
    DataConverter converter = session.connection().dataConverter();
    List<WorkflowExecutionMetadata> runs = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListWorkflowExecutionsResponse page =
          stub.listWorkflowExecutions(
              ListWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(session.namespace())
                  .setQuery(QUERY)
                  .setNextPageToken(token)
                  .build());
      page.getExecutionsList().forEach(i -> runs.add(new WorkflowExecutionMetadata(i, converter)));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return runs;
  }

  /**
   * ListOpen/ListClosedWorkflowExecutions (which the test server has), filtered by the id prefix.
   */
  private static List<WorkflowExecutionMetadata> listByPrefix(Session session) {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub =
        session.connection().service().blockingStub();
    DataConverter converter = session.connection().dataConverter();
    String namespace = session.namespace();
    List<WorkflowExecutionInfo> infos = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse page =
          stub.listOpenWorkflowExecutions(
              ListOpenWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(namespace)
                  .setMaximumPageSize(1000)
                  .setNextPageToken(token)
                  .build());
      infos.addAll(page.getExecutionsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    do {
      ListClosedWorkflowExecutionsResponse page =
          stub.listClosedWorkflowExecutions(
              ListClosedWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(namespace)
                  .setMaximumPageSize(1000)
                  .setNextPageToken(token)
                  .build());
      infos.addAll(page.getExecutionsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return infos.stream()
        .filter(i -> i.getExecution().getWorkflowId().startsWith(PipelineNames.WORKFLOW_ID_PREFIX))
        .map(i -> new WorkflowExecutionMetadata(i, converter))
        .toList();
  }

  /** Runs of one workflow id (earlier lives, continue-as-new) collapse to the newest. */
  private static List<WorkflowExecutionMetadata> latestPerPipeline(
      List<WorkflowExecutionMetadata> runs) {
    Map<String, WorkflowExecutionMetadata> latest = new LinkedHashMap<>();
    runs.stream()
        .sorted(Comparator.comparing(WorkflowExecutionMetadata::getStartTime))
        .forEach(r -> latest.put(r.getExecution().getWorkflowId(), r));
    return latest.values().stream()
        .sorted(
            Comparator.comparing(
                (WorkflowExecutionMetadata r) ->
                    Pipelines.nameOf(r.getExecution().getWorkflowId())))
        .toList();
  }

  /**
   * A running pipeline's phase comes from its status query (the search attribute as the fallback,
   * see {@link Pipelines#read}); a closed run's follows from how it closed. The target comes from
   * the search attributes, through a describe where the listing lacks them.
   */
  private static List<Row> rows(Pipelines pipelines, List<WorkflowExecutionMetadata> runs) {
    List<Row> rows = new ArrayList<>();
    for (WorkflowExecutionMetadata listed : runs) {
      WorkflowExecutionMetadata run = listed;
      if (Pipelines.recordedTarget(run).isEmpty()) {
        run =
            pipelines
                .describe(listed.getExecution().getWorkflowId(), listed.getExecution().getRunId())
                .<WorkflowExecutionMetadata>map(d -> d)
                .orElse(listed);
      }
      WorkflowExecutionStatus status = run.getStatus();
      Target target = Pipelines.recordedTarget(run).orElse(null);
      Phase phase;
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        Pipelines.Snapshot snapshot = pipelines.read(run);
        phase = snapshot.phase();
        target = target == null ? snapshot.status().target() : target;
      } else {
        phase =
            status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
                    || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED
                ? Phase.DESTROYED
                : Phase.FAILED;
      }
      rows.add(
          new Row(
              Pipelines.nameOf(run.getExecution().getWorkflowId()),
              phase,
              target == null ? "?" : target.id(),
              status.name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
              run.getStartTime(),
              run.getExecution().getWorkflowId(),
              run.getExecution().getRunId()));
    }
    return rows;
  }
}
