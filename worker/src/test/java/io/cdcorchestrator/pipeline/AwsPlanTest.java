package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.plan.AwsPlan;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cdc plan} tells the truth: the AWS story, run with time skipping and scripted activities,
 * creates exactly the plan's resource types and runs exactly its waits, stage after stage, and
 * starts no step before the steps the plan says it needs.
 */
class AwsPlanTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private static final Set<String> DATA_PLANE_STEPS =
      Set.of(
          "awaitDatabase",
          "initDatabase",
          "awaitConnectApi",
          "registerConnector",
          "awaitConnectorRunning",
          "proveCdc");

  @ParameterizedTest
  @ValueSource(strings = {"bastion 1", "direct 1", "bastion 2"})
  void theStoryCreatesWhatThePlanSays_stageByStage_dependenciesFirst(
      String accessAndTasks, TestWorkflowEnvironment env, Worker worker) throws Exception {
    String access = accessAndTasks.split(" ")[0];
    int tasks = Integer.parseInt(accessAndTasks.split(" ")[1]);
    AwsSpec spec =
        new AwsSpec(
                null,
                "203.0.113.0/24",
                null,
                null,
                null,
                null,
                new AwsSpec.Connect(null, null, null, tasks, null),
                access)
            .withDefaults();
    AwsPlan plan = AwsPlan.of("plan", spec);
    PipelineStatus ready = runStory(env, worker, spec);

    Map<String, String> typeById = new HashMap<>();
    ready.resources().forEach(r -> typeById.put(r.id(), r.type()));
    List<String> createdTypes =
        ready.resources().stream()
            .map(PipelineStatus.ResourceStatus::type)
            .filter(t -> t.startsWith("aws:"))
            .toList();
    assertEquals(
        count(plan.resources().stream().map(AwsPlan.Step::type).toList()), count(createdTypes));

    // the story's steps in the order they started, each matched to its plan step
    Map<String, AwsPlan.Step> waitsAndReads =
        plan.steps().stream()
            .filter(s -> s.kind() != AwsPlan.Kind.CREATE)
            .collect(Collectors.toMap(AwsPlan.Step::key, Function.identity()));
    Map<String, List<AwsPlan.Step>> createsByType =
        plan.resources().stream()
            .collect(
                Collectors.groupingBy(AwsPlan.Step::type, Collectors.toCollection(ArrayList::new)));
    Map<String, Integer> stageOf = new HashMap<>();
    plan.stages()
        .forEach(
            st ->
                st.branches()
                    .forEach(b -> b.steps().forEach(s -> stageOf.put(s.key(), st.number()))));

    Map<String, Integer> startedAt = new HashMap<>();
    int lastStage = 0;
    List<String> story = new ArrayList<>();
    for (StepRecord step : ready.steps()) {
      if (DATA_PLANE_STEPS.contains(step.name())) {
        continue;
      }
      AwsPlan.Step planned = waitsAndReads.get(step.name());
      if (planned == null) {
        String type = typeById.get(step.resourceId());
        assertTrue(
            type != null && createsByType.containsKey(type),
            "a step the plan does not know: " + step);
        planned = createsByType.get(type).remove(0); // several of a type come in the plan's order
      }
      story.add(planned.key());
      startedAt.put(planned.key(), startedAt.size());
      int stage = stageOf.get(planned.key());
      assertTrue(
          stage >= lastStage,
          step.name() + " (stage " + stage + ") ran after a stage-" + lastStage + " step");
      lastStage = stage;
    }
    assertEquals(
        plan.steps().stream().map(AwsPlan.Step::key).sorted().toList(),
        story.stream().sorted().toList(),
        "every planned step ran once");
    for (AwsPlan.Step s : plan.steps()) {
      for (String dependency : s.after()) {
        assertTrue(
            startedAt.get(dependency) < startedAt.get(s.key()),
            s.key() + " started before " + dependency);
      }
    }
  }

  private static PipelineStatus runStory(TestWorkflowEnvironment env, Worker worker, AwsSpec spec)
      throws InterruptedException {
    ScriptedActivities acts = new ScriptedActivities();
    worker.registerActivitiesImplementations(acts.sandbox);
    worker.registerActivitiesImplementations(new ScriptedAws().all());
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    env.start();
    PipelineWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(PipelineNames.workflowId("plan"))
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    WorkflowClient.start(wf::run, PipelineSpec.aws("plan", spec), null);
    long deadline = System.currentTimeMillis() + 20_000;
    PipelineStatus s = wf.status();
    while (s.phase() != Phase.READY) {
      if (System.currentTimeMillis() > deadline || s.phase() == Phase.FAILED) {
        throw new AssertionError("not READY; last status " + s);
      }
      Thread.sleep(20);
      s = wf.status();
    }
    return s;
  }

  private static Map<String, Long> count(List<String> types) {
    return new TreeMap<>(
        types.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting())));
  }
}
