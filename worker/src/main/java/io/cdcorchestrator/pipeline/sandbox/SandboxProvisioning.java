package io.cdcorchestrator.pipeline.sandbox;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.sandbox;

import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.pipeline.dataplane.DataPlaneSteps;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Parallel;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.cdcorchestrator.sandbox.SandboxActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Promise;
import java.time.Duration;
import java.util.Map;

/**
 * The local story, workflow code: a work directory, then PostgreSQL side by side with Kafka and
 * Kafka Connect, each created and then awaited. Hands the data-plane tail its endpoints. The work
 * directory is created by any control worker; everything after runs on the queue of the host whose
 * worker that was ({@link PipelineContext#sandboxQueue}).
 *
 * <p>With {@code database.existing} the user's PostgreSQL is checked first (nothing is created when
 * it is refused) and then adopted instead of started; with {@code kafka.existing} Kafka Connect
 * stands on the user's broker. A spec without {@code existing} runs exactly the steps it always
 * did.
 */
public final class SandboxProvisioning {
  private static final ActivityOptions CREATE = ActivityStubs.CREATE;
  private static final ActivityOptions AWAIT = ActivityStubs.await(Duration.ofMinutes(3));

  private final PipelineContext ctx;
  private final String name;

  public SandboxProvisioning(PipelineContext ctx) {
    this.ctx = ctx;
    this.name = ctx.name();
  }

  public DataPlaneAccess provision() {
    Existing.Database existing = ctx.spec().existingDatabase();
    if (existing != null) {
      return adopting(existing);
    }
    ctx.create(
        "createWorkDirectory",
        ResourceTypes.SANDBOX_WORKDIR,
        name,
        () -> sandbox(CREATE, "create work directory for " + name).createWorkDirectory(name));

    Parallel side = new Parallel();
    Promise<ResourceRecord> postgres = side.start(this::postgres);
    Promise<Streaming> streaming = side.start(this::kafkaAndConnect);
    side.join();
    return access(name, postgres.get(), streaming.get().kafka(), streaming.get().connect());
  }

  private SandboxActivities onHost(ActivityOptions options, String summary) {
    return sandbox(options, summary, ctx.sandboxQueue());
  }

  /**
   * The user's database: preflight, then the work directory (for the replication user's secret),
   * then the database adopted side by side with Kafka and Connect.
   */
  private DataPlaneAccess adopting(Existing.Database db) {
    new DataPlaneSteps(ctx)
        .preflight(
            DataPlaneAccess.adopted(name, db, ctx.spec().tables(), SecretRef.NONE, null, null));
    ctx.create(
        "createWorkDirectory",
        ResourceTypes.SANDBOX_WORKDIR,
        name,
        () -> sandbox(CREATE, "create work directory for " + name).createWorkDirectory(name));
    Parallel side = new Parallel();
    Promise<ResourceRecord> postgres =
        side.start(
            () ->
                ctx.adopt(
                    "adoptPostgres",
                    ResourceTypes.SANDBOX_POSTGRES,
                    () ->
                        onHost(CREATE, "adopt PostgreSQL at " + db.host() + ":" + db.port())
                            .adoptPostgres(name, db)));
    Promise<Streaming> streaming = side.start(this::kafkaAndConnect);
    side.join();
    return DataPlaneAccess.adopted(
        name,
        db,
        ctx.spec().tables(),
        new SecretRef(postgres.get().attr("replicationPassword")),
        streaming.get().connect().attr("url"),
        streaming.get().kafka().attr("bootstrap"));
  }

  /** The Kafka branch's result: the broker, and the Connect worker that stands on it. */
  private record Streaming(ResourceRecord kafka, ResourceRecord connect) {}

  private ResourceRecord postgres() {
    ResourceRecord pg =
        ctx.create(
            "createPostgres",
            ResourceTypes.SANDBOX_POSTGRES,
            name,
            () -> onHost(CREATE, "create PostgreSQL 17 (wal_level=logical)").createPostgres(name));
    ctx.await(
        "awaitPostgres",
        () -> onHost(AWAIT, "await PostgreSQL accepting connections").awaitPostgres(name));
    return pg;
  }

  private Streaming kafkaAndConnect() {
    Existing.Kafka existing = ctx.spec().existingKafka();
    ResourceRecord kafka;
    if (existing != null && existing.bootstrap() != null) { // the user's broker: nothing to start
      kafka =
          new ResourceRecord(
              ResourceTypes.SANDBOX_KAFKA,
              existing.bootstrap(),
              ResourceRecord.ADOPTED,
              Map.of(
                  "bootstrap",
                  existing.bootstrap(),
                  ResourceRecord.OWNERSHIP,
                  ResourceRecord.ADOPTED));
      ctx.inventory().created(kafka.id(), kafka);
    } else {
      kafka =
          ctx.create(
              "createKafka",
              ResourceTypes.SANDBOX_KAFKA,
              name,
              () -> onHost(CREATE, "create Kafka broker (KRaft)").createKafka(name));
      ctx.await("awaitKafka", () -> onHost(AWAIT, "await Kafka broker").awaitKafka(name));
    }
    String bootstrap = kafka.attr("bootstrap");
    ResourceRecord connect =
        ctx.create(
            "createConnect",
            ResourceTypes.SANDBOX_CONNECT,
            name,
            () ->
                onHost(CREATE, "create Kafka Connect worker with Debezium")
                    .createConnect(name, bootstrap));
    ctx.await("awaitConnect", () -> onHost(AWAIT, "await Kafka Connect worker").awaitConnect(name));
    return new Streaming(kafka, connect);
  }

  /**
   * How the data plane reaches the pipeline's own processes (embedded: one that is not running is
   * gone, for teardown).
   */
  static DataPlaneAccess access(
      String name, ResourceRecord pg, ResourceRecord kafka, ResourceRecord connect) {
    return new DataPlaneAccess(
            name,
            pg.attr("host"),
            Integer.parseInt(pg.attr("port")),
            pg.attr("database"),
            pg.attr("adminUser"),
            new SecretRef(pg.attr("adminPassword")),
            PipelineNames.REPLICATION_USER,
            new SecretRef(pg.attr("replicationPassword")),
            false,
            connect.attr("url"),
            kafka.attr("bootstrap"),
            PipelineNames.CONNECTOR_NAME,
            name,
            PipelineNames.slotName(name),
            PipelineNames.publicationName(name))
        .asEmbedded();
  }
}
