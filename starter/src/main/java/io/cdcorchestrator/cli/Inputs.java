package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.Target;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validation of what users type, before anything connects: each failure is one {@link
 * CliException#badInput} line.
 */
final class Inputs {
  private Inputs() {}

  static String pipelineName(String name) {
    String problem = PipelineNames.validate(name);
    if (problem != null) {
      throw CliException.badInput(problem);
    }
    return name;
  }

  static Target target(String id) {
    try {
      return Target.fromId(id);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(e.getMessage());
    }
  }

  static Set<String> queues(List<String> queues) {
    Set<String> result = new LinkedHashSet<>();
    for (String q : queues) {
      String queue = q.strip();
      if (!queue.equals(TaskQueues.CONTROL) && !queue.equals(TaskQueues.DATAPLANE)) {
        throw CliException.badInput(
            "queues: unknown task queue '"
                + queue
                + "' ("
                + TaskQueues.CONTROL
                + ", "
                + TaskQueues.DATAPLANE
                + ")");
      }
      result.add(queue);
    }
    if (result.isEmpty()) {
      throw CliException.badInput(
          "queues: at least one task queue ("
              + TaskQueues.CONTROL
              + ", "
              + TaskQueues.DATAPLANE
              + ")");
    }
    return result;
  }

  static String runId(String runId) {
    try {
      java.util.UUID.fromString(runId);
      return runId;
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(
          "run-id: '" + runId + "' is not a run id (a UUID, as ./cdc status shows it)");
    }
  }

  static int port(int port) {
    if (port < 1 || port > 64535) {
      throw CliException.badInput(
          "port: " + port + " is not a usable port (1-64535; the Web UI takes port + 1000)");
    }
    return port;
  }

  static void positive(String field, int value) {
    if (value < 1) {
      throw CliException.badInput(field + ": " + value + " must be at least 1");
    }
  }
}
