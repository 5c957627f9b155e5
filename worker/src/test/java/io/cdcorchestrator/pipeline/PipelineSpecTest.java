package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineState;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The spec as workflow input: through Temporal's Jackson converter and back, with and without AWS.
 */
class PipelineSpecTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  private static PipelineSpec roundTrip(PipelineSpec spec) {
    Optional<Payloads> payloads = CONVERTER.toPayloads(spec);
    return CONVERTER.fromPayloads(0, payloads, PipelineSpec.class, PipelineSpec.class);
  }

  @Test
  void awsSpec_roundTrips_withItsDefaultsFilledIn() {
    PipelineSpec spec =
        PipelineSpec.aws(
            "x",
            new AwsSpec(
                "eu-west-1", "203.0.113.0/24", Map.of("team", "cdc"), null, null, null, null));
    PipelineSpec back = roundTrip(spec);
    assertEquals(spec, back);
    assertEquals(Target.AWS, back.target());
    assertEquals("10.100.0.0/16", back.aws().network().vpcCidr());
    assertEquals(null, back.aws().network().availabilityZones(), "the preflight chooses the zones");
    assertEquals("quay.io/debezium/connect:3.6.0.Final", back.aws().connect().image());
  }

  @Test
  void sandboxSpec_hasNoAws_andAnInputRecordedBeforeAwsExisted_stillReads() {
    assertEquals(
        PipelineSpec.of("s", Target.SANDBOX), roundTrip(PipelineSpec.of("s", Target.SANDBOX)));
    Optional<Payloads> old =
        CONVERTER.toPayloads(
            Map.of(
                "name",
                "old",
                "target",
                "sandbox",
                "watchIntervalSeconds",
                60,
                "checksPerRun",
                100));
    PipelineSpec read = CONVERTER.fromPayloads(0, old, PipelineSpec.class, PipelineSpec.class);
    assertEquals("old", read.name());
    assertNull(read.aws());
    // and the Day-2 fields it did not have read as their defaults
    assertEquals(List.of("public.inventory"), read.tables());
    assertEquals(PipelineSpec.LagLimits.DEFAULT, read.lag());
    assertEquals(PipelineSpec.AutoRestart.DEFAULT, read.autoRestart());
  }

  @Test
  void day2Fields_roundTrip_andStateOrResultsRecordedBeforeThemStillRead() {
    PipelineSpec spec =
        PipelineSpec.of("d", Target.SANDBOX)
            .withTables(List.of("public.inventory", "public.orders"))
            .withLag(new PipelineSpec.LagLimits(10, 0))
            .withAutoRestart(new PipelineSpec.AutoRestart(false, 2));
    assertEquals(spec, roundTrip(spec));

    PipelineState oldState =
        CONVERTER.fromPayloads(
            0,
            CONVERTER.toPayloads(Map.of("phase", "READY", "runs", 3)),
            PipelineState.class,
            PipelineState.class);
    assertEquals(Phase.READY, oldState.phase());
    assertNull(oldState.connector(), "restore reads it as RUNNING");
    assertNull(oldState.restarts());

    ConnectorHealth oldCheck =
        CONVERTER.fromPayloads(
            0,
            CONVERTER.toPayloads(
                Map.of(
                    "connectorState", "RUNNING", "failedTasks", List.of(), "retainedWalBytes", 7)),
            ConnectorHealth.class,
            ConnectorHealth.class);
    assertEquals(List.of(), oldCheck.configDrift());
    assertNull(oldCheck.lastEventAgeSeconds());
    assertEquals(7, oldCheck.retainedWalBytes());
  }
}
