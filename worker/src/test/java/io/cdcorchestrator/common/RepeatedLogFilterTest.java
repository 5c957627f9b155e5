package io.cdcorchestrator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@link RepeatedLogFilter} counts lines that will be written, not the level checks Log4j also
 * hands it (the test configuration, log4j2-test.xml, installs it with a burst of 5).
 */
class RepeatedLogFilterTest {
  @Test
  void levelChecksAreNeverRateLimited() {
    Logger log = (Logger) LogManager.getLogger("RepeatedLogFilterTest.checks");
    for (int i = 0; i < 50; i++) {
      assertTrue(log.isWarnEnabled(), "check " + i);
    }
  }

  @Test
  void linesBelowTheLoggersLevelAreNotCounted() {
    Logger log = (Logger) LogManager.getLogger("RepeatedLogFilterTest.levels");
    RepeatedLogFilter filter = RepeatedLogFilter.create(5, 60);
    for (int i = 0; i < 50; i++) {
      assertEquals(
          Filter.Result.NEUTRAL,
          filter.filter(log, Level.DEBUG, null, "same line {}", 1),
          "i=" + i);
    }
    for (int i = 0; i < 5; i++) {
      assertEquals(Filter.Result.NEUTRAL, filter.filter(log, Level.WARN, null, "same line {}", 1));
    }
    assertEquals(
        Filter.Result.DENY,
        filter.filter(log, Level.WARN, null, "same line {}", 1),
        "written lines still are, past the burst");
  }
}
