package io.cdcorchestrator.pipeline.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A step's times read as {@link Instant#toString()} writes them (status shows them as they are).
 */
class StepLogTest {
  @Test
  void times_areInstantsText() {
    StepLog log = new StepLog(null);
    SplittableRandom random = new SplittableRandom(14);
    long y2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    long[] edges = {
      0,
      1,
      10,
      100,
      999,
      1000,
      59_999,
      86_399_999,
      86_400_000,
      1_764_547_200_000L,
      y2100,
      Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
      Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli(),
      -1,
      -86_400_001
    };
    for (long millis : edges) {
      assertEquals(Instant.ofEpochMilli(millis).toString(), log.iso(millis));
    }
    long millis = 1_764_547_200_000L;
    for (int i = 0; i < 100_000; i++) {
      millis += random.nextLong(random.nextBoolean() ? 3_000 : 90_000_000); // same day, or not
      assertEquals(Instant.ofEpochMilli(millis).toString(), log.iso(millis));
      long any = random.nextLong(y2100);
      assertEquals(Instant.ofEpochMilli(any).toString(), log.iso(any));
    }
  }
}
