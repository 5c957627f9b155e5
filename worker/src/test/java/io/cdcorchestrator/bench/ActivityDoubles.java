package io.cdcorchestrator.bench;

import io.cdcorchestrator.Workers;
import io.cdcorchestrator.aws.ContainerActivities;
import io.cdcorchestrator.aws.DatabaseActivities;
import io.cdcorchestrator.aws.KafkaActivities;
import io.cdcorchestrator.aws.LoadBalancerActivities;
import io.cdcorchestrator.aws.NetworkActivities;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.dataplane.DataPlaneActivities;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.CdcSearchAttributes;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.WatchWindow;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.cdcorchestrator.pipeline.PipelineWorkflowImpl;
import io.cdcorchestrator.preflight.PreflightActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test doubles of the AWS activity interfaces (answered by the current draw's {@link
 * AwsWorldDouble}, by verb, so methods added to the interfaces later are answered too) and of the
 * data-plane tail (instant: every await ready on its first check, SQL init, registration and the
 * CDC proof succeed at once — the tail is not what the figures measure; so is the first SSH
 * connection that pins the bastion's host key).
 */
final class ActivityDoubles {
  private static final List<Class<?>> AWS =
      List.of(
          PreflightActivities.class,
          NetworkActivities.class,
          DatabaseActivities.class,
          KafkaActivities.class,
          ContainerActivities.class,
          LoadBalancerActivities.class);

  private volatile AwsWorldDouble world;
  private volatile Runnable onProved = () -> {};
  final AtomicInteger dataPlaneAwaits = new AtomicInteger();
  final AtomicInteger healthChecks = new AtomicInteger();
  final AtomicInteger windows = new AtomicInteger();

  /** Heartbeats of the window doubles that the SDK's throttle rule lets through to the server. */
  final AtomicInteger heartbeats = new AtomicInteger();

  /** A fleet (FleetBench): each workflow's own account, by workflow ID; null for one at a time. */
  private volatile Map<String, AwsWorldDouble> fleet;

  /** Told of every call that reaches the AWS double (FleetBench's calls per second). */
  private volatile java.util.function.Consumer<Method> onAwsCall = m -> {};

  /** A stand-in host key: the double has no sshd; the workflow only carries it. */
  static final String HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDoubleHostKeyForTheBench";

  /** The next run's account, and what to do once its CDC proof (the last provisioning step) ran. */
  void use(AwsWorldDouble world, Runnable onProved) {
    this.world = world;
    this.onProved = onProved;
    this.fleet = null;
  }

  /** Many pipelines at once: each workflow's calls go to its own account. */
  void useFleet(
      Map<String, AwsWorldDouble> worlds,
      Runnable onProved,
      java.util.function.Consumer<Method> onAwsCall) {
    this.fleet = worlds;
    this.onProved = onProved;
    this.onAwsCall = onAwsCall;
  }

  private AwsWorldDouble world() {
    Map<String, AwsWorldDouble> worlds = fleet;
    return worlds == null
        ? world
        : worlds.get(io.temporal.activity.Activity.getExecutionContext().getInfo().getWorkflowId());
  }

  Object[] aws() {
    return AWS.stream()
        .map(
            i ->
                Proxy.newProxyInstance(
                    i.getClassLoader(),
                    new Class<?>[] {i},
                    (proxy, m, args) -> objectMethod(proxy, m, args, () -> answerAws(m, args))))
        .toArray();
  }

  DataPlaneActivities dataPlane() {
    return (DataPlaneActivities)
        Proxy.newProxyInstance(
            DataPlaneActivities.class.getClassLoader(),
            new Class<?>[] {DataPlaneActivities.class},
            (proxy, m, args) -> objectMethod(proxy, m, args, () -> answerDataPlane(m, args)));
  }

  private Object answerAws(Method m, Object[] args) {
    onAwsCall.accept(m);
    AwsWorldDouble world = world();
    String name = m.getName();
    Object arg = args == null || args.length == 0 ? null : args[0];
    if (name.startsWith("create")) {
      return world.create(name, arg);
    }
    if (name.equals("check")) { // the preflight: read-only calls, seconds; not what is measured
      return new PreflightReport(
          List.of(Finding.ok("double", "all clear")),
          List.of("us-east-1a", "us-east-1b"),
          List.of("use1-az6", "use1-az1"));
    }
    // the waits whose shape differs from "one resource, ready or not" first
    switch (name) {
      case "awaitDeleted":
        return world.awaitDeleted(m.getDeclaringClass().getSimpleName(), (ResourceRecord) arg);
      case "awaitNetworkInterfacesDrained":
        return world.awaitNetworkInterfacesDrained(name, (String) arg);
      case "awaitBastion":
        return world.awaitBastion(name, (ResourceRecord) arg);
      default:
        break;
    }
    if (name.startsWith("await")) {
      return world.await(name, arg instanceof ResourceRecord r ? r : null);
    }
    if (name.startsWith("describe")) {
      return world.describe(name, (ResourceRecord) arg);
    }
    if (name.equals("secretVersion")) { // the database secret does not rotate within a draw
      return "v1";
    }
    if (name.startsWith("delete")) {
      world.delete((ResourceRecord) arg);
      return null;
    }
    throw new UnsupportedOperationException("the AWS double has no answer for " + name);
  }

  private Object answerDataPlane(Method m, Object[] args) {
    String name = m.getName();
    if (name.startsWith("await")) {
      dataPlaneAwaits.incrementAndGet();
      return new Readiness(1, "ready (double)");
    }
    return switch (name) {
      case "initDatabase" ->
          new ResourceRecord(ResourceTypes.DB_CDC_OBJECTS, "bench_pub", "created", Map.of());
      case "registerConnector" ->
          new ResourceRecord(ResourceTypes.CONNECTOR, "inventory-connector", "created", Map.of());
      case "proveCdc" -> {
        onProved.run();
        yield new CdcProof("bench.public.inventory", "canary-1", "c", 0, "double");
      }
      case "checkHealth" -> {
        healthChecks.incrementAndGet();
        yield HEALTHY;
      }
      case "watchWindow" -> window((WatchWindow) args[1]);
      case "pinBastionHostKey" -> ((DataPlaneAccess) args[0]).bastion().pinned(HOST_KEY);
      default -> null; // compensations and restarts: nothing to undo in a double
    };
  }

  private static final ConnectorHealth HEALTHY = new ConnectorHealth("RUNNING", List.of(), 0, null);

  /**
   * A window of healthy checks, answered at once: the test server does not skip time while an
   * activity is scheduled or running, so a window that spent its 14 simulated minutes in the
   * activity would make the bench run in real time. Its heartbeats are those the SDK would send to
   * the server over the window's real span with the product's data-plane worker options (the first
   * at once, then at most one per min(0.8 × heartbeat timeout, the worker's throttle); a check per
   * interval), each sent here for real (the bench's worker throttles by 1 ms, so each reaches the
   * server and FleetBench's client interceptor counts it).
   */
  private WatchWindow.Result window(WatchWindow w) {
    windows.incrementAndGet();
    healthChecks.addAndGet(w.maxChecks());
    ActivityExecutionContext context = Activity.getExecutionContext();
    long throttle =
        Math.min(
            (long) (0.8 * WatchWindow.heartbeatTimeout(w.intervalSeconds()).toMillis()),
            Workers.dataPlaneOptions().getMaxHeartbeatThrottleInterval().toMillis());
    long lastBeat = 0;
    for (int k = 0; k < w.maxChecks(); k++) {
      long at = k * 1000L * w.intervalSeconds(); // the k-th check's time in a real window
      if (k == 0 || at - lastBeat >= throttle) {
        if (k > 0) {
          sleepPastTheThrottle();
        }
        context.heartbeat(k + 1);
        heartbeats.incrementAndGet();
        lastBeat = at;
      }
    }
    return new WatchWindow.Result(HEALTHY, w.maxChecks());
  }

  private static void sleepPastTheThrottle() {
    try {
      Thread.sleep(3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  private static Object objectMethod(
      Object proxy, Method m, Object[] args, java.util.function.Supplier<Object> answer) {
    if (m.getDeclaringClass() == Object.class) {
      return switch (m.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "double of " + proxy.getClass().getInterfaces()[0].getSimpleName();
      };
    }
    return answer.get();
  }

  /**
   * Serves these doubles in {@code env}, time skipping: the pipeline's search attributes, the real
   * {@link PipelineWorkflowImpl} with the AWS doubles on the control queue, the data-plane doubles
   * on theirs; then starts it.
   */
  void serve(TestWorkflowEnvironment env) {
    for (var key :
        List.of(
            CdcSearchAttributes.PIPELINE, CdcSearchAttributes.TARGET, CdcSearchAttributes.PHASE)) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    control.registerActivitiesImplementations(aws());
    // the product's data-plane worker (room for every watch window), with the SDK's heartbeat
    // throttle off: the window doubles apply it in simulated time
    env.newWorker(
            TaskQueues.DATAPLANE,
            WorkerOptions.newBuilder(Workers.dataPlaneOptions())
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(1))
                .build())
        .registerActivitiesImplementations(dataPlane());
    env.start();
  }
}
