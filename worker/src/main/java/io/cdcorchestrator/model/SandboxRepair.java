package io.cdcorchestrator.model;

import java.util.List;

/**
 * What a sandbox repair found and did: every component of the pipeline that existed is alive again,
 * started from its state on disk where it had died (with the worker JVM, or on its own).
 *
 * @param restarted one line per component brought back, e.g. "Kafka restarted on its log directory
 *     on 127.0.0.1:41234"; empty when all were alive
 * @param alive one line per component found alive
 * @param postgres the database as it runs now (its port may differ from before: a taken port is
 *     replaced), null when the pipeline has none
 * @param kafka the broker as it runs now, null when none
 * @param connect the Connect worker as it runs now, null when none
 */
public record SandboxRepair(
    List<String> restarted,
    List<String> alive,
    ResourceRecord postgres,
    ResourceRecord kafka,
    ResourceRecord connect) {

  public SandboxRepair {
    restarted = restarted == null ? List.of() : List.copyOf(restarted);
    alive = alive == null ? List.of() : List.copyOf(alive);
  }
}
