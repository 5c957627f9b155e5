package io.cdcorchestrator.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The two task queues workers serve (their names are in users' worker setups, so stable), and the
 * per-host queue of the sandbox.
 */
public final class TaskQueues {
  /** Workflows and resource activities (AWS control plane, sandbox processes). */
  public static final String CONTROL = "cdc-control";

  /** SQL init, Connect REST and the CDC proof: may be served from inside the VPC. */
  public static final String DATAPLANE = "cdc-dataplane";

  /** Prefix of the per-host sandbox queues. */
  public static final String SANDBOX_HOST_PREFIX = "cdc-sandbox-";

  private TaskQueues() {}

  /**
   * The queue of the sandbox pipelines whose processes live on this host under {@code sandboxRoot}
   * (as in samples-java's file-processing sample): the worker that creates a pipeline's work
   * directory names it, and every later sandbox activity of the pipeline goes there. A worker
   * restarted on the same host with the same {@code CDC_HOME} serves the same queue, so it picks up
   * where the dead one stopped.
   */
  public static String sandboxHost(Path sandboxRoot) {
    String root = sandboxRoot.toAbsolutePath().normalize().toString();
    return SANDBOX_HOST_PREFIX + hostName() + "-" + shortHash(root);
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = env == null || env.isBlank() ? "localhost" : env;
    }
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
  }

  private static String shortHash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
