package io.cdcorchestrator.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports a pipeline's components listen on, kept in {@code <work dir>/ports.properties}: a
 * component re-created after a crash listens where it did before, so the endpoints in {@code cdc
 * status}, the connector's database port and a user's {@code psql -p} stay valid. A port taken
 * meanwhile by something else is replaced by a free one (and said so).
 */
final class SandboxPorts {
  static final String POSTGRES = "postgres";
  static final String KAFKA = "kafka";
  static final String KAFKA_CONTROLLER = "kafka.controller";
  static final String CONNECT = "connect";
  private static final Logger LOG = LoggerFactory.getLogger(SandboxPorts.class);

  private final Path file;

  SandboxPorts(Path workDir) {
    this.file = workDir.resolve("ports.properties");
  }

  /** The component's port: the one it had if that is free, otherwise a new free one. */
  synchronized int port(String component) throws IOException {
    Properties ports = read();
    String known = ports.getProperty(component);
    if (known != null) {
      int port = Integer.parseInt(known);
      if (!Ports.listening(port)) {
        return port;
      }
      int fresh = fresh(ports);
      LOG.warn(
          "Port {} of {} is taken by another process; {} moves to port {}",
          port,
          file,
          component,
          fresh);
      return save(ports, component, fresh);
    }
    return save(ports, component, fresh(ports));
  }

  /**
   * A free port none of the pipeline's other components has: the kernel may hand out again a port
   * just given to a component that does not listen yet (PostgreSQL starting beside Kafka).
   */
  private static int fresh(Properties taken) {
    while (true) {
      int port = Ports.free();
      if (!taken.containsValue(Integer.toString(port))) {
        return port;
      }
    }
  }

  /** Records the port a component was found listening on (an adopted PostgreSQL). */
  synchronized void record(String component, int port) throws IOException {
    save(read(), component, port);
  }

  private int save(Properties ports, String component, int port) throws IOException {
    ports.setProperty(component, Integer.toString(port));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      ports.store(w, "ports of this pipeline's sandbox components");
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return port;
  }

  private Properties read() throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }
}
