package io.cdcorchestrator.common;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.message.Message;

/**
 * Rate-limits identical log lines (same logger, level, message and parameters): the first {@code
 * burst} of a window pass, the rest are dropped, and the first one of the next window passes with a
 * line saying how many were dropped. A Kafka client reconnecting to a broker that is gone writes
 * the same line thousands of times a second; with this it writes a few a minute. Configured once
 * for the whole context in log4j2.xml, so it sees every line before any appender does.
 *
 * <p>Log4j asks a context-wide filter before the logger's level, also for {@code isXxxEnabled()}
 * checks (no message) and for lines below the logger's level: those are not lines that will be
 * written, so they pass untouched and uncounted. (The SDK asks {@code isTraceEnabled()} at every
 * state-machine transition: building a key and updating the window for each was ≈ 3 % of a replay's
 * CPU, and an {@code isWarnEnabled()} asked more than {@code burst} times a window was answered
 * "no".)
 */
@Plugin(
    name = "RepeatedLogFilter",
    category = Node.CATEGORY,
    elementType = Filter.ELEMENT_TYPE,
    printObject = true)
public final class RepeatedLogFilter extends AbstractFilter {
  private static final int KEYS = 2000;
  private static final Marker SUMMARY = MarkerManager.getMarker("cdc-repeats");

  private final int burst;
  private final long windowNanos;
  private final Map<String, Window> windows =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
          return size() > KEYS;
        }
      };

  private static final class Window {
    long start;
    int seen;
  }

  private RepeatedLogFilter(int burst, long windowNanos) {
    super(Result.NEUTRAL, Result.DENY);
    this.burst = burst;
    this.windowNanos = windowNanos;
  }

  @PluginFactory
  public static RepeatedLogFilter create(
      @PluginAttribute(value = "burst", defaultInt = 5) int burst,
      @PluginAttribute(value = "windowSeconds", defaultInt = 60) int windowSeconds) {
    return new RepeatedLogFilter(Math.max(1, burst), windowSeconds * 1_000_000_000L);
  }

  @Override
  public Result filter(Logger logger, Level level, Marker marker, String msg, Object... params) {
    return unwritten(logger, level, msg)
        ? Result.NEUTRAL
        : decide(logger.getName(), level, marker, msg + Arrays.deepToString(params));
  }

  @Override
  public Result filter(Logger logger, Level level, Marker marker, Message msg, Throwable t) {
    return unwritten(logger, level, msg)
        ? Result.NEUTRAL
        : decide(logger.getName(), level, marker, msg.getFormattedMessage());
  }

  @Override
  public Result filter(Logger logger, Level level, Marker marker, Object msg, Throwable t) {
    return unwritten(logger, level, msg)
        ? Result.NEUTRAL
        : decide(logger.getName(), level, marker, String.valueOf(msg));
  }

  /** A level check (no message) or a line the logger's level drops anyway. */
  private static boolean unwritten(Logger logger, Level level, Object msg) {
    return msg == null || !level.isMoreSpecificThan(logger.getLevel());
  }

  @Override
  public Result filter(LogEvent event) {
    return Result.NEUTRAL; // decided before the event was made
  }

  private Result decide(String logger, Level level, Marker marker, String text) {
    if (marker == SUMMARY) {
      return Result.NEUTRAL; // its own summaries
    }
    String key = logger + '|' + level + '|' + text;
    long now = System.nanoTime();
    int dropped = 0;
    synchronized (windows) {
      Window w = windows.computeIfAbsent(key, k -> new Window());
      if (w.seen == 0 || now - w.start > windowNanos) {
        dropped = Math.max(0, w.seen - burst);
        w.start = now;
        w.seen = 1;
      } else if (++w.seen > burst) {
        return Result.DENY;
      }
    }
    if (dropped > 0) {
      // under the same logger: it goes where the dropped lines would have gone
      LogManager.getLogger(logger)
          .log(
              level,
              SUMMARY,
              "(dropped {} repeats of the next line within {} s)",
              dropped,
              windowNanos / 1_000_000_000L);
    }
    return Result.NEUTRAL;
  }
}
