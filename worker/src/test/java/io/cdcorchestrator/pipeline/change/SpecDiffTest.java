package io.cdcorchestrator.pipeline.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.ChangePlan;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.aws.AwsSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecDiffTest {
  private static final PipelineSpec SANDBOX = PipelineSpec.of("d", Target.SANDBOX);

  private static PipelineSpec aws(AwsSpec.Connect connect, AwsSpec.Database db) {
    return PipelineSpec.aws(
        "d", new AwsSpec(null, "203.0.113.0/24", null, null, null, db, connect, null));
  }

  @Test
  void theSameSpec_isNothingToDo() {
    assertTrue(SpecDiff.plan(SANDBOX, SANDBOX, List.of("connector.x"), false).empty());
    assertTrue(SpecDiff.plan(SANDBOX, null, List.of(), true).empty());
    assertEquals(
        List.of("connector.x"), SpecDiff.plan(SANDBOX, null, List.of("connector.x"), true).drift());
  }

  @Test
  void tablesAddedAndRemoved_areOneChange_sayingWhatHappensToEach() {
    PipelineSpec from = SANDBOX.withTables(List.of("public.inventory", "public.old"));
    PipelineSpec to = SANDBOX.withTables(List.of("public.inventory", "public.new"));
    ChangePlan plan = SpecDiff.plan(from, to, List.of(), false);
    assertEquals(1, plan.changes().size());
    ChangePlan.Difference d = plan.changes().get(0);
    assertEquals("tables", d.key());
    assertTrue(d.effect().startsWith("capture [public.new] (checked for a key"), d.effect());
    assertTrue(d.effect().contains("stop capturing [public.old]"), d.effect());
  }

  @Test
  void theWatchLagAndRestartSettings_changeInPlace() {
    PipelineSpec to =
        SANDBOX
            .withWatch(10, 100)
            .withLag(new PipelineSpec.LagLimits(5, 0))
            .withAutoRestart(new PipelineSpec.AutoRestart(false, 7));
    List<String> keys =
        SpecDiff.plan(SANDBOX, to, List.of(), false).changes().stream()
            .map(ChangePlan.Difference::key)
            .toList();
    assertEquals(
        List.of(
            "watchIntervalSeconds",
            "lag.maxRetainedWalMiB",
            "lag.maxEventAgeSeconds",
            "autoRestart.enabled"),
        keys);
  }

  @Test
  void aws_connectChangesApply_statefulOnesAreRefused() {
    PipelineSpec running = aws(null, null);
    PipelineSpec upgraded =
        aws(new AwsSpec.Connect("quay.io/debezium/connect:3.7.0.Final", null, 4096, 2, null), null);
    ChangePlan plan = SpecDiff.plan(running, upgraded, List.of(), false);
    assertEquals(
        List.of("connect.image", "connect.memory", "connect.desiredCount"),
        plan.changes().stream().map(ChangePlan.Difference::key).toList());
    assertTrue(plan.refusals().isEmpty());

    ChangePlan replace =
        SpecDiff.plan(
            running,
            aws(
                new AwsSpec.Connect(null, null, null, null, 30),
                new AwsSpec.Database("16", null, null)),
            List.of(),
            false);
    assertEquals(
        List.of("database", "connect.logRetentionDays"),
        replace.refusals().stream().map(ChangePlan.Difference::key).toList());
    assertTrue(
        replace.refusals().get(0).effect().startsWith("would replace the RDS instance"),
        replace.refusals().get(0).effect());
  }

  @Test
  void invalidInput_namesTheField() {
    assertNull(SpecDiff.invalid(SANDBOX));
    assertEquals(
        "tables: must include public.inventory (the CDC proof writes its canary row there)",
        SpecDiff.invalid(SANDBOX.withTables(List.of("public.orders"))));
    assertEquals(
        "watchIntervalSeconds: 0 is out of range (1-86400 seconds)",
        SpecDiff.invalid(SANDBOX.withWatch(0, 100)));
    assertEquals(
        "autoRestart.maxRestarts: must be >= 0",
        SpecDiff.invalid(SANDBOX.withAutoRestart(new PipelineSpec.AutoRestart(true, -1))));
  }
}
