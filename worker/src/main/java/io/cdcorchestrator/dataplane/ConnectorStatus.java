package io.cdcorchestrator.dataplane;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /connectors/<name>/status}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectorStatus(String name, State connector, List<TaskState> tasks, String type) {
  public ConnectorStatus {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record State(String state, @JsonProperty("worker_id") String workerId, String trace) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TaskState(
      int id, String state, @JsonProperty("worker_id") String workerId, String trace) {}

  public static final String RUNNING = "RUNNING";
  public static final String FAILED = "FAILED";

  public boolean connectorFailed() {
    return FAILED.equals(connector.state());
  }

  public List<TaskState> failedTasks() {
    return tasks.stream().filter(t -> FAILED.equals(t.state())).toList();
  }

  /** The connector and at least one task run, and no task does anything else. */
  public boolean allRunning() {
    return RUNNING.equals(connector.state())
        && !tasks.isEmpty()
        && tasks.stream().allMatch(t -> RUNNING.equals(t.state()));
  }
}
