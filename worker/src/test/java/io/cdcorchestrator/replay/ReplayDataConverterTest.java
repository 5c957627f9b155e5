package io.cdcorchestrator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.payload.context.ActivitySerializationContext;
import io.temporal.payload.context.WorkflowSerializationContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The replayer skips serialising only what a replay drops unread: the arguments of a scheduled
 * activity. (That the suite still replays, and a changed workflow is still caught, is
 * ReplayTest's.)
 */
class ReplayDataConverterTest {
  private final DataConverter replay = new ReplayDataConverter(GlobalDataConverter.get());
  private final List<String> inventory = List.of("vpc-1", "subnet-2");

  @Test
  void scheduledActivityArguments_areNotSerialised() {
    assertEquals(Optional.empty(), replay.withContext(activity(false)).toPayloads(inventory));
  }

  @Test
  void everythingElse_isSerialisedAndReadAsBefore() {
    DataConverter standard = GlobalDataConverter.get();
    var local = replay.withContext(activity(true)).toPayloads(inventory);
    var workflow =
        replay.withContext(new WorkflowSerializationContext("default", "wf")).toPayloads(inventory);
    assertEquals(standard.toPayloads(inventory), local, "a local activity's arguments");
    assertEquals(standard.toPayloads(inventory), workflow, "a workflow's own payloads");
    var result = standard.toPayloads(inventory);
    assertEquals(
        inventory,
        replay.withContext(activity(false)).fromPayloads(0, result, List.class, List.class),
        "an activity's result, read from the history");
    assertTrue(replay.toPayloads(inventory).isPresent());
  }

  private static ActivitySerializationContext activity(boolean local) {
    return new ActivitySerializationContext(
        "default", "wf", "PipelineWorkflow", "AwsNetworkCreateSubnet", "cdc-control", local);
  }
}
