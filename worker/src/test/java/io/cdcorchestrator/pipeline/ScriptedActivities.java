package io.cdcorchestrator.pipeline;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.cdcorchestrator.dataplane.DataPlaneActivities;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.SandboxRepair;
import io.cdcorchestrator.model.WatchWindow;
import io.cdcorchestrator.sandbox.SandboxActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.stubbing.Answer;

/**
 * Mockito activity mocks (test doubles for the sandbox and data plane) whose default answer records
 * every call in one ordered log and returns plausible results, so a test states only what differs:
 * a step that fails, a step that never gets ready, a step that fails once as if the worker crashed.
 */
final class ScriptedActivities implements Answer<Object> {
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final Map<String, AtomicInteger> counts = new HashMap<>();
  private final Map<String, Object[]> lastArguments = new HashMap<>();
  private final Map<String, Answer<Object>> overrides = new HashMap<>();

  final SandboxActivities sandbox =
      mock(SandboxActivities.class, withSettings().withoutAnnotations().defaultAnswer(this));
  final DataPlaneActivities dataPlane =
      mock(DataPlaneActivities.class, withSettings().withoutAnnotations().defaultAnswer(this));

  /** {@code method} ({@code name} or {@code Interface.name}) fails permanently. */
  ScriptedActivities failing(String method) {
    overrides.put(
        method,
        inv -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "injected permanent failure in " + method, "Injected");
        });
    return this;
  }

  /** {@code method} answers "not ready" forever. */
  ScriptedActivities neverReady(String method) {
    overrides.put(
        method,
        inv -> {
          throw ApplicationFailure.newBuilder()
              .setType("NotReady")
              .setMessage(method + " not ready")
              .setNextRetryDelay(Duration.ofSeconds(5))
              .build();
        });
    return this;
  }

  /** {@code method}'s first attempt does its work, then dies before answering (a worker crash). */
  ScriptedActivities crashOnceAfterWork(String method) {
    overrides.put(
        method,
        inv -> {
          Object result = defaultResult(inv);
          if (count(method) == 1) {
            throw ApplicationFailure.newFailure("worker crashed after " + method, "Crash");
          }
          return result;
        });
    return this;
  }

  ScriptedActivities answer(String method, Answer<Object> answer) {
    overrides.put(method, answer);
    return this;
  }

  int count(String method) {
    synchronized (counts) {
      return counts.getOrDefault(method, new AtomicInteger()).get();
    }
  }

  /** The first argument of the last call of {@code method}. */
  @SuppressWarnings("unchecked")
  <T> T lastArgument(String method) {
    synchronized (counts) {
      return (T) lastArguments.get(method)[0];
    }
  }

  /** The arguments of the last call of {@code method}. */
  Object[] lastArguments(String method) {
    synchronized (counts) {
      return lastArguments.get(method).clone();
    }
  }

  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  @Override
  public Object answer(InvocationOnMock inv) throws Throwable {
    String method = inv.getMethod().getName();
    calls.add(method);
    synchronized (counts) {
      counts.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
      lastArguments.put(method, inv.getArguments());
    }
    // an override may name "Interface.method" where both interfaces have the method (awaitConnect)
    Answer<Object> override =
        overrides.getOrDefault(
            inv.getMethod().getDeclaringClass().getSimpleName() + "." + method,
            overrides.get(method));
    if (override == null && method.equals("watchWindow")) {
      // a window of one check: the scripted checkHealth answers it (the workflow's timer spaces
      // the windows, as it spaced the checks before windows)
      return new WatchWindow.Result(dataPlane.checkHealth(inv.getArgument(0)), 1);
    }
    return override != null ? override.answer(inv) : defaultResult(inv);
  }

  private static Object defaultResult(InvocationOnMock inv) {
    String method = inv.getMethod().getName();
    String pipeline =
        inv.getArguments().length > 0 && inv.getArguments()[0] instanceof String s ? s : "p";
    return switch (method) {
      case "createWorkDirectory" ->
          new ResourceRecord(
              ResourceTypes.SANDBOX_WORKDIR,
              "/tmp/cdc/" + pipeline,
              "created",
              Map.of("path", "/tmp/cdc/" + pipeline));
      case "createPostgres" -> postgres(pipeline, 54321);
      case "createKafka" -> kafka();
      case "createConnect" -> connect();
      case "preflightDatabase" ->
          List.of(
              io.cdcorchestrator.model.preflight.Finding.ok(
                  "database.wal_level", "wal_level = logical"));
      case "adoptPostgres" ->
          new ResourceRecord(
              ResourceTypes.SANDBOX_POSTGRES,
              "db.example:5432/shop",
              ResourceRecord.ADOPTED,
              Map.of(
                  "host",
                  "db.example",
                  "port",
                  "5432",
                  "database",
                  "shop",
                  "adminUser",
                  "postgres",
                  "adminPassword",
                  "none",
                  "replicationPassword",
                  "file:/tmp/cdc/" + pipeline + "/secrets/replication.properties:password",
                  ResourceRecord.OWNERSHIP,
                  ResourceRecord.ADOPTED));
      case "initDatabase" ->
          new ResourceRecord(ResourceTypes.DB_CDC_OBJECTS, "cdc_p_pub", "created", Map.of());
      case "registerConnector" ->
          new ResourceRecord(ResourceTypes.CONNECTOR, "inventory-connector", "created", Map.of());
      case "proveCdc" ->
          new CdcProof(pipeline + ".public.inventory", "canary-1", "c", 120, "kafka");
      case "checkHealth" -> new ConnectorHealth("RUNNING", List.of(), 1024, null, 2L, List.of());
      case "repair" -> new SandboxRepair(List.of(), List.of("all alive"), null, null, null);
      case "checkTables" -> "tables exist and have a key";
      case "requestSnapshot" -> "signal-1";
      // the bastion answers with a host key, which the workflow pins
      case "pinBastionHostKey" ->
          ((DataPlaneAccess) inv.getArgument(0)).bastion().pinned("ssh-ed25519 AAAAC3NzaScripted");
      default -> method.startsWith("await") ? new Readiness(1, "ready") : null;
    };
  }

  /** What the scripted createPostgres answers (on {@code port}). */
  static ResourceRecord postgres(String pipeline, int port) {
    return new ResourceRecord(
        ResourceTypes.SANDBOX_POSTGRES,
        "127.0.0.1:" + port,
        "running",
        Map.of(
            "host",
            "127.0.0.1",
            "port",
            Integer.toString(port),
            "database",
            "inventory",
            "adminUser",
            "postgres",
            "adminPassword",
            "none",
            "replicationPassword",
            "file:/tmp/cdc/" + pipeline + "/secrets/replication.properties:password"));
  }

  static ResourceRecord kafka() {
    return new ResourceRecord(
        ResourceTypes.SANDBOX_KAFKA,
        "127.0.0.1:19092",
        "running",
        Map.of("bootstrap", "127.0.0.1:19092"));
  }

  static ResourceRecord connect() {
    return new ResourceRecord(
        ResourceTypes.SANDBOX_CONNECT,
        "http://127.0.0.1:18083",
        "running",
        Map.of("url", "http://127.0.0.1:18083"));
  }
}
