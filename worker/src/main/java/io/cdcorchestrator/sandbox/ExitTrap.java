package io.cdcorchestrator.sandbox;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka and Connect call {@code Exit.exit}/{@code Exit.halt} on fatal errors (e.g. "Uncaught
 * exception in herder work thread, exiting"); in-process that would kill the whole worker JVM.
 * Installed once per JVM: the call is logged and turned into an exception on the calling thread.
 *
 * <p>Connect also registers a JVM shutdown hook per worker it starts and never removes it, which
 * keeps every stopped worker in the heap: each repair would leak one. The sandbox stops its
 * components itself when the worker stops, so those hooks are not registered.
 */
final class ExitTrap {
  private static final Logger LOG = LoggerFactory.getLogger(ExitTrap.class);
  private static boolean installed;

  private ExitTrap() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
    Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
    Exit.setShutdownHookAdder((name, hook) -> LOG.debug("not registering shutdown hook {}", name));
    installed = true;
  }

  private static void refuse(String kind, int status, String message) {
    LOG.error(
        "Kafka/Connect asked the JVM to {}({}): {}; refused, the worker keeps running",
        kind,
        status,
        message);
    throw new IllegalStateException(
        "Kafka/Connect requested " + kind + "(" + status + "): " + message);
  }
}
