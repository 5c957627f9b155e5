package io.cdcorchestrator.pipeline.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cdcorchestrator.model.PipelineSpec.AutoRestart;
import io.cdcorchestrator.model.Restarts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theDelays_areStrimzis_nSquaredPlusN_minutes_cappedAtAnHour() {
    List<Long> minutes = new ArrayList<>();
    for (int n = 0; n <= 9; n++) {
      minutes.add(RestartBackoff.backoff(n).toMinutes());
    }
    assertEquals(List.of(0L, 2L, 6L, 12L, 20L, 30L, 42L, 56L, 60L, 60L), minutes);
  }

  @Test
  void aConnectorFailingEveryMinute_isRestartedAtTheDueTimesOnly_untilTheLimit() {
    RestartBackoff b = new RestartBackoff(null, null);
    AutoRestart policy = new AutoRestart(true, 3);
    List<Long> restartedAt = new ArrayList<>();
    for (int minute = 0; minute <= 30; minute++) {
      Instant now = T0.plus(Duration.ofMinutes(minute));
      if (b.failing(now, policy) == RestartBackoff.Decision.RESTART) {
        b.restarted(now);
        restartedAt.add((long) minute);
      }
    }
    assertEquals(List.of(0L, 2L, 8L), restartedAt, "at once, +2, +6; then the limit");
    assertEquals(RestartBackoff.Decision.GIVE_UP, b.failing(T0.plus(Duration.ofHours(5)), policy));
    assertNull(b.next());
    assertEquals(new Restarts(3, T0.plus(Duration.ofMinutes(8)).toString(), null), b.view());
  }

  @Test
  void aWaitingRestart_saysWhenItIsDue_andTheCountResetsAfterAnHourHealthy() {
    RestartBackoff b = new RestartBackoff(null, null);
    AutoRestart policy = AutoRestart.DEFAULT;
    b.failing(T0, policy);
    b.restarted(T0);
    assertEquals(RestartBackoff.Decision.WAIT, b.failing(T0.plusSeconds(30), policy));
    assertEquals(T0.plus(Duration.ofMinutes(2)), b.next());

    b.healthy(T0.plus(Duration.ofMinutes(1)));
    assertNull(b.next());
    b.healthy(T0.plus(Duration.ofMinutes(60)));
    assertEquals(1, b.count(), "59 minutes healthy");
    b.healthy(T0.plus(Duration.ofMinutes(61)));
    assertEquals(0, b.count(), "an hour healthy");

    // carried across continue-as-new as the status record plus the healthy-since time
    RestartBackoff carried = new RestartBackoff(b.view(), b.healthySince());
    assertEquals(b.view(), carried.view());
    assertEquals(b.healthySince(), carried.healthySince());
  }

  @Test
  void restartsOff_neverRestart() {
    RestartBackoff b = new RestartBackoff(null, null);
    assertEquals(RestartBackoff.Decision.DISABLED, b.failing(T0, new AutoRestart(false, 7)));
  }
}
