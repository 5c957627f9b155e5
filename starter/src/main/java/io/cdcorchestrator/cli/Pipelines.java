package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.CdcSearchAttributes;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.pipeline.PipelineWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.TemporalFailure;
import io.temporal.payload.codec.PayloadCodecException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The client side of a pipeline: start it, read its status, ask it to tear down. Everything goes
 * through the workflow's interface ({@code run}, {@code status}, {@code destroy}) and the status
 * model; the workflow id is {@code cdc-pipeline-<name>}. Reading (describe, the status query) asks
 * the service directly, so that {@code cdc status} and {@code cdc list} need not start the SDK's
 * client.
 */
final class Pipelines {
  /** A status query that no worker answers in this time falls back to what the server records. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

  /** The query type of {@link PipelineWorkflow#status()} (its method name; PipelinesTest). */
  static final String STATUS_QUERY = "status";

  /**
   * A pipeline as the server sees it now. {@code fromWorkflow}: the status came from the workflow
   * (query or result).
   */
  record Snapshot(PipelineStatus status, WorkflowExecutionStatus execution, boolean fromWorkflow) {
    boolean open() {
      return execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }

    Phase phase() {
      return status.phase();
    }
  }

  /** The answer of {@link #up}: whether a new run started, and the pipeline as it is. */
  record UpResult(boolean started, Snapshot snapshot) {}

  private final Session session;
  private volatile String queryProblem;

  Pipelines(Session session) {
    this.session = session;
  }

  /** Why the last status query was not answered (null when it was): for a note on stderr. */
  String queryProblem() {
    return queryProblem;
  }

  /** The latest run of the pipeline, if it ever ran. */
  Optional<WorkflowExecutionDescription> describe(String name) {
    return describe(PipelineNames.workflowId(name), null);
  }

  /**
   * DescribeWorkflowExecution, asked of the service directly: what the SDK's stub would ask,
   * without starting the SDK's client for it (a tenth of a second of a one-shot command's CPU).
   */
  Optional<WorkflowExecutionDescription> describe(String workflowId, String runId) {
    try {
      return Optional.of(
          new WorkflowExecutionDescription(
              session
                  .connection()
                  .service()
                  .blockingStub()
                  .describeWorkflowExecution(
                      DescribeWorkflowExecutionRequest.newBuilder()
                          .setNamespace(session.namespace())
                          .setExecution(execution(workflowId, runId))
                          .build()),
              session.connection().dataConverter()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw Session.unreachable(session.address(), e);
    }
  }

  /** The pipeline's status; exit 3 when it never ran. */
  Snapshot read(String name) {
    return read(describe(name).orElseThrow(() -> CliException.notFound(name)));
  }

  /**
   * Running: the {@code status} query. Completed: the workflow's result. Failed, cancelled,
   * terminated or timed out: the query (a worker replays the run), else a minimal status with the
   * failure. A query no worker answers falls back to the search attributes.
   */
  Snapshot read(WorkflowExecutionMetadata run) {
    String workflowId = run.getExecution().getWorkflowId();
    String runId = run.getExecution().getRunId();
    WorkflowExecutionStatus execution = run.getStatus();
    switch (execution) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING -> {
        Optional<PipelineStatus> queried = query(workflowId, runId);
        return queried
            .map(s -> new Snapshot(withIds(s, workflowId, runId), execution, true))
            .orElseGet(
                () ->
                    new Snapshot(
                        minimal(run, recordedPhase(run).orElse(Phase.PROVISIONING), null),
                        execution,
                        false));
      }
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> {
        try {
          PipelineStatus result = stub(workflowId, runId).getResult(PipelineStatus.class);
          if (result != null) {
            return new Snapshot(withIds(result, workflowId, runId), execution, true);
          }
        } catch (WorkflowException e) {
          // a result that cannot be read: fall through to what the server records
        }
        return new Snapshot(minimal(run, Phase.DESTROYED, null), execution, false);
      }
      default -> {
        Phase closedPhase =
            execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED
                ? Phase.DESTROYED
                : Phase.FAILED;
        String failure = failureOf(run);
        Optional<PipelineStatus> queried = query(workflowId, runId);
        if (queried.isPresent()) {
          PipelineStatus s = withIds(queried.get(), workflowId, runId);
          if (s.phase() != Phase.DESTROYED && s.phase() != Phase.FAILED) {
            s = s.closed(closedPhase, s.error() == null ? failure : s.error());
          }
          return new Snapshot(s, execution, true);
        }
        return new Snapshot(minimal(run, closedPhase, failure), execution, false);
      }
    }
  }

  /**
   * Starts the pipeline unless a run is open: then it is reported as it is (exit 2 when it runs on
   * another target). A closed run (destroyed or failed) is followed by a new one.
   */
  UpResult up(String name, Target target, PipelineSpec spec) {
    for (int attempt = 0; ; attempt++) {
      Optional<WorkflowExecutionDescription> existing = describe(name);
      if (existing.isPresent()
          && existing.get().getStatus()
              == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        Optional<Target> running = recordedTarget(existing.get());
        Snapshot snapshot =
            running.isPresent() && running.get() != target ? null : read(existing.get());
        Target actual = running.orElse(snapshot == null ? null : snapshot.status().target());
        if (actual != null && actual != target) {
          throw CliException.badInput(
              "target: pipeline '"
                  + name
                  + "' is already running on "
                  + actual.id()
                  + ", not "
                  + target.id()
                  + " (./cdc down "
                  + name
                  + " first)");
        }
        return new UpResult(false, snapshot);
      }
      try {
        start(name, target, spec);
        WorkflowExecutionDescription started =
            describe(name)
                .orElseThrow(
                    () ->
                        CliException.failure(
                            "pipeline '" + name + "' was started but the server does not know it"));
        return new UpResult(
            true,
            new Snapshot(minimal(started, Phase.PROVISIONING, null), started.getStatus(), false));
      } catch (WorkflowExecutionAlreadyStarted e) {
        if (attempt > 0) {
          throw CliException.failure(
              "pipeline '" + name + "' is being started by someone else; try again", e);
        }
      }
    }
  }

  private void start(String name, Target target, PipelineSpec spec) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(PipelineNames.workflowId(name))
            .setTaskQueue(TaskQueues.CONTROL)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(CdcSearchAttributes.PIPELINE, name)
                    .set(CdcSearchAttributes.TARGET, target.id())
                    .set(CdcSearchAttributes.PHASE, Phase.PROVISIONING.name())
                    .build())
            .setStaticSummary("CDC pipeline " + name + " on " + target.id())
            .setStaticDetails(staticDetails(name, target))
            .build();
    PipelineWorkflow workflow = session.client().newWorkflowStub(PipelineWorkflow.class, options);
    try {
      WorkflowClient.start(workflow::run, spec, null);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw e;
    } catch (WorkflowException e) {
      String message = String.valueOf(rootMessage(e));
      if (message.toLowerCase(java.util.Locale.ROOT).contains("search attribute")) {
        throw CliException.failure(
            "the search attributes "
                + String.join(", ", PipelineAttributes.NAMES)
                + " are not registered on "
                + session.address()
                + " in namespace "
                + session.namespace()
                + ": "
                + PipelineAttributes.registrationHint(session.namespace()),
            e);
      }
      throw rpcFailure(e);
    }
  }

  static String staticDetails(String name, Target target) {
    return "Debezium CDC pipeline **"
        + name
        + "** on target **"
        + target.id()
        + "**: PostgreSQL (`"
        + PipelineNames.CAPTURED_TABLE
        + "`) → Kafka Connect (`"
        + PipelineNames.CONNECTOR_NAME
        + "`) → Kafka topic `"
        + PipelineNames.changeTopic(name)
        + "`.\n\n"
        + "- status: `./cdc status "
        + name
        + "` (the `status` query)\n"
        + "- tear down: `./cdc down "
        + name
        + "` (the `destroy` signal)\n"
        + "- history: `./cdc history "
        + name
        + "`";
  }

  /** Sends {@code destroy} to the open run. */
  void destroy(String name) {
    try {
      session
          .client()
          .newWorkflowStub(PipelineWorkflow.class, PipelineNames.workflowId(name))
          .destroy();
    } catch (WorkflowNotFoundException e) {
      throw CliException.notFound(name);
    } catch (WorkflowException e) {
      throw rpcFailure(e);
    }
  }

  /**
   * The {@code status} query, asked of the service directly (QueryWorkflow with a deadline) and its
   * answer decoded by the client's data converter, payload codec included: what the SDK's typed
   * stub does, without starting the SDK's client, the stub's reflection over {@link
   * PipelineWorkflow} and a thread to wait on.
   */
  private Optional<PipelineStatus> query(String workflowId, String runId) {
    QueryWorkflowRequest request =
        QueryWorkflowRequest.newBuilder()
            .setNamespace(session.namespace())
            .setExecution(execution(workflowId, runId))
            .setQuery(WorkflowQuery.newBuilder().setQueryType(STATUS_QUERY))
            .build();
    try {
      QueryWorkflowResponse response =
          session
              .connection()
              .service()
              .blockingStub()
              .withDeadlineAfter(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .queryWorkflow(request);
      if (response.hasQueryRejected()) {
        queryProblem =
            "the workflow rejected the status query ("
                + response.getQueryRejected().getStatus()
                + ")";
        return Optional.empty();
      }
      PipelineStatus status =
          response.hasQueryResult()
              ? session
                  .connection()
                  .dataConverter()
                  .fromPayloads(
                      0,
                      Optional.of(response.getQueryResult()),
                      PipelineStatus.class,
                      PipelineStatus.class)
              : null;
      queryProblem = status == null ? "the workflow answered the status query with nothing" : null;
      return Optional.ofNullable(status);
    } catch (StatusRuntimeException e) {
      queryProblem =
          e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
              ? "no worker answered the status query within "
                  + QUERY_TIMEOUT.toSeconds()
                  + " s (is a worker running? ./cdc worker)"
              : "the status query failed: " + rootMessage(e);
    } catch (RuntimeException e) { // a payload this process cannot decode (a codec key missing)
      queryProblem = "the status query failed: " + rootMessage(e);
    }
    return Optional.empty();
  }

  private static WorkflowExecution execution(String workflowId, String runId) {
    WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId);
    if (runId != null) {
      execution.setRunId(runId);
    }
    return execution.build();
  }

  private WorkflowStub stub(String workflowId, String runId) {
    return session
        .client()
        .newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty());
  }

  /** The failure of a closed, unsuccessful run, in one line. */
  private String failureOf(WorkflowExecutionMetadata run) {
    String kind =
        switch (run.getStatus()) {
          case WORKFLOW_EXECUTION_STATUS_TERMINATED -> "terminated";
          case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "timed out";
          case WORKFLOW_EXECUTION_STATUS_CANCELED -> "cancelled";
          default -> "failed";
        };
    if (run.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED) {
      String reason = terminationReason(run);
      return reason.isBlank() ? kind : kind + ": " + reason;
    }
    try {
      stub(run.getExecution().getWorkflowId(), run.getExecution().getRunId())
          .getResult(0, TimeUnit.SECONDS, PipelineStatus.class);
      return kind;
    } catch (WorkflowException e) {
      String message = rootMessage(e);
      return message == null || message.isBlank() ? kind : kind + ": " + message;
    } catch (TimeoutException e) {
      return kind;
    }
  }

  /** The reason given to {@code temporal workflow terminate}: in the run's last history event. */
  private String terminationReason(WorkflowExecutionMetadata run) {
    try {
      var last =
          session
              .client()
              .streamHistory(run.getExecution().getWorkflowId(), run.getExecution().getRunId())
              .reduce((a, b) -> b);
      return last.filter(e -> e.hasWorkflowExecutionTerminatedEventAttributes())
          .map(e -> e.getWorkflowExecutionTerminatedEventAttributes().getReason())
          .orElse("");
    } catch (RuntimeException e) {
      return "";
    }
  }

  /**
   * The deepest failure message in a chain (an activity's ApplicationFailure, a termination
   * reason).
   */
  static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TemporalFailure f
          && f.getOriginalMessage() != null
          && !f.getOriginalMessage().isBlank()) {
        message = f.getOriginalMessage();
      } else if (t instanceof StatusRuntimeException s) {
        message = s.getStatus().getCode() + ": " + s.getStatus().getDescription();
      } else if (t instanceof PayloadCodecException p) {
        return p.getMessage(); // which codec key is missing: the whole story
      }
    }
    return message;
  }

  private CliException rpcFailure(WorkflowException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return Session.unreachable(session.address(), s);
      }
    }
    return CliException.failure(rootMessage(e), e);
  }

  static Optional<Target> recordedTarget(WorkflowExecutionMetadata run) {
    return attribute(run, CdcSearchAttributes.TARGET, Target::fromId);
  }

  static Optional<Phase> recordedPhase(WorkflowExecutionMetadata run) {
    return attribute(run, CdcSearchAttributes.PHASE, Phase::valueOf);
  }

  /** A Keyword search attribute of the run, parsed; empty when absent or not parseable. */
  private static <T> Optional<T> attribute(
      WorkflowExecutionMetadata run, SearchAttributeKey<String> key, Function<String, T> parse) {
    try {
      SearchAttributes attributes = run.getTypedSearchAttributes();
      return attributes.containsKey(key)
          ? Optional.ofNullable(attributes.get(key)).map(parse)
          : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The pipeline name of a workflow id {@code cdc-pipeline-<name>}. */
  static String nameOf(String workflowId) {
    return workflowId.startsWith(PipelineNames.WORKFLOW_ID_PREFIX)
        ? workflowId.substring(PipelineNames.WORKFLOW_ID_PREFIX.length())
        : workflowId;
  }

  /** What the server records about a run, for when the workflow cannot be asked. */
  static PipelineStatus minimal(WorkflowExecutionMetadata run, Phase phase, String error) {
    String workflowId = run.getExecution().getWorkflowId();
    return new PipelineStatus(
        nameOf(workflowId),
        recordedTarget(run).orElse(null),
        phase,
        workflowId,
        run.getExecution().getRunId(),
        List.of(),
        List.of(),
        Map.of(),
        error);
  }

  private static PipelineStatus withIds(PipelineStatus s, String workflowId, String runId) {
    return s.withIds(workflowId, runId);
  }
}
