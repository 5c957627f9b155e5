package io.cdcorchestrator.replay;

import io.cdcorchestrator.pipeline.PipelineWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one replayer for recorded pipeline histories (the suite's ReplayTest, {@code cdc replay} and
 * the test that replays {@code cdc history} output): reads history JSON files as {@code cdc
 * history} and {@code temporal workflow show --output json} write them, replays them in one batch
 * on the current {@link PipelineWorkflowImpl}, and reports each problem in one line naming the
 * file.
 *
 * <p>Built for thousands of files: one {@link ReplayEnvironment} for the batch, one replay worker
 * per core, each reading and replaying one file at a time (memory stays flat) on a CPU of its own
 * with its workflow's threads ({@link CpuAffinity}), and each history read once, by {@link
 * HistoryJson}.
 */
public final class HistoryReplay {
  /** The pipeline workflow's type name, as it appears in WorkflowExecutionStarted. */
  static final String WORKFLOW_TYPE = "PipelineWorkflow";

  private static final int MAX_REASON = 400;
  private static final Duration REPLAY_DEADLOCK_TIMEOUT = Duration.ofSeconds(60);

  private HistoryReplay() {}

  /** A file that is not a usable pipeline history. */
  public static final class MalformedHistoryException extends RuntimeException {
    MalformedHistoryException(Path file, String rule) {
      super(file + ": " + rule);
    }
  }

  /**
   * One file that does not replay: the file and the first non-deterministic event (or the error);
   * {@code malformed}: the file is not a pipeline history at all.
   */
  public record Problem(String file, String reason, boolean malformed) {
    @Override
    public String toString() {
      return file + ": " + reason;
    }
  }

  /**
   * Reads one history file; the workflow id becomes the file name so that replay errors name it.
   *
   * @throws MalformedHistoryException when it is not JSON of a pipeline workflow's history
   */
  public static WorkflowExecutionHistory read(Path file) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    WorkflowExecutionHistory history = parse(file, raw);
    // the SDK refuses a history without events ("Empty history"), so there is a first event
    HistoryEvent first = history.getEvents().get(0);
    if (first.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      throw new MalformedHistoryException(
          file,
          "starts with event "
              + first.getEventType()
              + ", a whole history starts with EVENT_TYPE_WORKFLOW_EXECUTION_STARTED");
    }
    String type = first.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
    if (!WORKFLOW_TYPE.equals(type)) {
      throw new MalformedHistoryException(
          file, "is a history of workflow type '" + type + "', not " + WORKFLOW_TYPE);
    }
    return history;
  }

  /**
   * Protobuf's JSON form through {@link HistoryJson}; what it does not take (the older short enum
   * form, JSON that is no history) through the SDK's reader, which also words the errors.
   */
  private static WorkflowExecutionHistory parse(Path file, byte[] raw) {
    String workflowId = file.getFileName().toString();
    try {
      return history(file, HistoryJson.read(raw), workflowId);
    } catch (HistoryJson.Unsupported e) {
      // below
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw unreadable(file, e);
    }
    if (json.isBlank()) {
      throw new MalformedHistoryException(
          file, "is empty, expected a workflow history in JSON (cdc history NAME > file)");
    }
    try {
      return WorkflowExecutionHistory.fromJson(json, workflowId);
    } catch (RuntimeException e) {
      throw notAHistory(file, e);
    }
  }

  private static WorkflowExecutionHistory history(Path file, History history, String workflowId) {
    try {
      return new WorkflowExecutionHistory(history, workflowId);
    } catch (RuntimeException e) { // the SDK refuses a history without events: "Empty history"
      throw notAHistory(file, e);
    }
  }

  private static MalformedHistoryException notAHistory(Path file, RuntimeException e) {
    return new MalformedHistoryException(
        file, "is not a workflow history in JSON (" + rootMessage(e) + ")");
  }

  private static MalformedHistoryException unreadable(Path file, IOException e) {
    return new MalformedHistoryException(
        file, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
  }

  /**
   * Replays every file in one batch. Malformed files and files that no longer replay are returned
   * as problems (in file order); an empty list means all of them replay.
   */
  public static List<Problem> replay(List<Path> files) {
    return replay(files, false);
  }

  /**
   * As {@link #replay(List)}; with {@code stopAtMalformed}, no file is started once one turns out
   * not to be a history (cdc replay reports only that one): the files before it are still all read,
   * so the first malformed file in file order is among the problems.
   */
  public static List<Problem> replay(List<Path> files, boolean stopAtMalformed) {
    if (files.isEmpty()) {
      return List.of();
    }
    int threads = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
    Problem[] outcomes = new Problem[files.size()]; // null: replays
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ReplayEnvironment env = new ReplayEnvironment();
    ExecutorService pool = Executors.newFixedThreadPool(threads, replayThreads());
    List<Integer> cpus = CpuAffinity.PINNING ? CpuAffinity.allowedCpus() : List.of();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        Worker worker = replayWorker(env, w);
        int loop = w;
        workers.add(
            pool.submit(
                () -> {
                  if (cpus.size() > 1) { // before the worker's first replay creates its threads
                    CpuAffinity.pinCurrentThread(cpus.get(loop % cpus.size()));
                  }
                  for (int i = next.getAndIncrement();
                      i < files.size() && !stop.get();
                      i = next.getAndIncrement()) {
                    outcomes[i] = replayOne(files.get(i), worker);
                    if (stopAtMalformed && outcomes[i] != null && outcomes[i].malformed()) {
                      stop.set(true);
                    }
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("replay interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("replay failed: " + rootMessage(e), e.getCause());
    } finally {
      pool.shutdownNow();
      env.close();
    }
    return Arrays.stream(outcomes).filter(Objects::nonNull).toList();
  }

  /**
   * The replay loops' threads. With the workflow code on virtual threads (Java 21+), the loops are
   * virtual too: the SDK hands control between a replay loop and its workflow's threads at every
   * step, and between virtual threads a hand-over is a continuation switch on the same carrier,
   * where between a platform thread and a virtual one it parks and wakes threads in the kernel.
   */
  private static ThreadFactory replayThreads() {
    if (ReplayEnvironment.VIRTUAL_WORKFLOW_THREADS) {
      try { // Thread.ofVirtual().name("cdc-replay").factory(), through reflection: built for 17
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Object virtual = Thread.class.getMethod("ofVirtual").invoke(null);
        virtual = builder.getMethod("name", String.class).invoke(virtual, "cdc-replay");
        return (ThreadFactory) builder.getMethod("factory").invoke(virtual);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("no virtual threads on Java " + Runtime.version(), e);
      }
    }
    return r -> {
      Thread t = new Thread(r, "cdc-replay");
      t.setDaemon(true);
      return t;
    };
  }

  /** Null when the file replays. */
  private static Problem replayOne(Path file, Worker worker) {
    WorkflowExecutionHistory history;
    try {
      history = read(file);
    } catch (MalformedHistoryException e) {
      return new Problem(
          file.toString(), e.getMessage().substring(file.toString().length() + 2), true);
    }
    try {
      worker.replayWorkflowExecution(history);
      return null;
    } catch (Exception e) {
      return new Problem(file.toString(), firstNonDeterministicEvent(e), false);
    }
  }

  /**
   * A worker as {@code WorkflowReplayer} builds one, but with a long deadlock detection timeout:
   * the first replay in a JVM loads the workflow's classes inside the workflow thread, which on a
   * busy machine takes over the default 1 s and would be reported as a potential deadlock
   * (TMPRL1101), a false failure that says nothing about determinism.
   */
  private static Worker replayWorker(ReplayEnvironment env, int index) {
    Worker worker =
        env.newWorker(
            "cdc-replay-" + index,
            WorkerOptions.newBuilder()
                .setDefaultDeadlockDetectionTimeout(REPLAY_DEADLOCK_TIMEOUT.toMillis())
                .build());
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    return worker;
  }

  /** The history files of a directory ({@code *.json}), sorted. */
  public static List<Path> filesIn(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  /**
   * The SDK reports a non-determinism as a plain RuntimeException whose message embeds the
   * NonDeterministicException ("[TMPRL1100] Failure handling event N of type …"): cut to that part.
   */
  static String firstNonDeterministicEvent(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int at = m.indexOf("[TMPRL1100]");
    if (at < 0) {
      at = m.indexOf("NonDeterministicException");
    }
    String from = (at >= 0 ? m.substring(at) : m).replaceAll("\\s+", " ").strip();
    return from.length() > MAX_REASON ? from.substring(0, MAX_REASON) + "…" : from;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    m = m.replaceAll("\\s+", " ").strip();
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }
}
