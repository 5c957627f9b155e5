package io.cdcorchestrator.common;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a test: the main of a child JVM for {@link LogCapTest}. A real Kafka admin client against a
 * broker that is not there (it reconnects and re-bootstraps in a loop, as Connect's clients did
 * while the sandbox's Kafka was down), beside a stream of distinct lines that makes the log roll.
 */
public final class LogFlood {
  private LogFlood() {}

  public static void main(String[] args) throws Exception {
    Duration run = Duration.ofSeconds(Long.parseLong(args[0]));
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort(); // free again once closed: nothing listens there
    }
    Logger log = LoggerFactory.getLogger(LogFlood.class);
    Map<String, Object> conf =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:" + dead,
            AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG,
            1,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
            1);
    long end = System.nanoTime() + run.toNanos();
    try (Admin admin = Admin.create(conf)) {
      var pending = admin.describeCluster().clusterId();
      for (int i = 0; System.nanoTime() < end; i++) {
        log.info("distinct line {} while Kafka at 127.0.0.1:{} is unreachable", i, dead);
        Thread.sleep(2);
      }
      pending.cancel(true);
      admin.close(Duration.ofSeconds(2));
    }
    TimeUnit.MILLISECONDS.sleep(100);
  }
}
