package io.cdcorchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.sandbox.SandboxActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker processes with the same {@code CDC_HOME} on one host: one serves the host's sandbox
 * queue, the other stands by and takes over when the first stops. (In one JVM here; the crash
 * matrix kills real worker processes.)
 */
class SandboxHostTest {
  @TempDir Path root;
  private TestWorkflowEnvironment env;

  /** Asks the host's queue where a pipeline's work directory is: proof that someone serves it. */
  @WorkflowInterface
  public interface Probe {
    @WorkflowMethod
    String where(String queue);
  }

  public static class ProbeImpl implements Probe {
    @Override
    public String where(String queue) {
      SandboxActivities sandbox =
          Workflow.newActivityStub(
              SandboxActivities.class,
              ActivityOptions.newBuilder()
                  .setTaskQueue(queue)
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .build());
      ResourceRecord dir = sandbox.createWorkDirectory("probe");
      return dir.attr(ResourceTypes.TASK_QUEUE);
    }
  }

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker("probe").registerWorkflowImplementationTypes(ProbeImpl.class);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void oneWorkerServesTheHost_theOtherStandsBy_andTakesOverWhenTheFirstStops() throws Exception {
    WorkflowClient client = env.getWorkflowClient();
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    String queue = TaskQueues.sandboxHost(root);

    Workers a = Workers.start(client, Set.of(TaskQueues.CONTROL), root, null, first::add);
    Workers b = Workers.start(client, Set.of(TaskQueues.CONTROL), root, null, second::add);
    try {
      assertEquals(List.of(), first, "the first serves without a word");
      assertEquals(1, second.size(), second.toString());
      assertTrue(second.get(0).contains("stands by"), second.toString());
      assertEquals(queue, probe(client, queue), "the host's queue answers");

      a.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (second.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(2, second.size(), second.toString());
      assertTrue(second.get(1).startsWith("took over the sandbox pipelines of"), second.toString());
      assertEquals(queue, probe(client, queue), "served by the second now");
    } finally {
      b.close();
    }
    assertFalse(queue.isBlank());
  }

  private String probe(WorkflowClient client, String queue) {
    Probe p =
        client.newWorkflowStub(
            Probe.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue("probe")
                .setWorkflowRunTimeout(Duration.ofSeconds(30))
                .build());
    return p.where(queue);
  }
}
