package io.cdcorchestrator.aws.ecs;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * The Kafka Connect + Debezium task (family {@code cdc-<name>-connect}). Internal topics are
 * replicated on every broker; the database credentials reach the container only through {@code
 * secrets} (ECS reads the RDS-managed secret at task start), never {@code environment}; and
 * Connect's {@code env} config provider is enabled so the connector config can say {@code
 * ${env:CDC_DATABASE_PASSWORD}} instead of the password.
 *
 * <p>Every RegisterTaskDefinition makes a new revision, so find returns the latest ACTIVE revision
 * only if it was registered from the same inputs (a fingerprint tag); delete deregisters every
 * revision of the family. State: {@code ACTIVE}, {@code INACTIVE}, {@code DELETE_IN_PROGRESS}.
 */
public final class TaskDefinition implements AwsResource<TaskDefinitionRequest> {
  public static final String CONTAINER_NAME = "connect";
  public static final int CONNECT_PORT = 8083;
  static final String FINGERPRINT_TAG = "cdc:definition";

  private final EcsClient ecs;

  public TaskDefinition(EcsClient ecs) {
    this.ecs = ecs;
  }

  @Override
  public String type() {
    return TaskDefinitionRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    TaskDefinitionRequest definition =
        new TaskDefinitionRequest(stack, null, 0, 0, null, null, null, null, 0, false, null);
    return AwsResource.found(definition, findFamily(definition.family()));
  }

  @Override
  public Optional<ResourceRecord> find(TaskDefinitionRequest q) {
    String fingerprint = fingerprint(definition(q));
    return read(q.family()).filter(d -> fingerprint.equals(d.attributes().get("fingerprint")));
  }

  @Override
  public ResourceRecord create(TaskDefinitionRequest q) {
    RegisterTaskDefinitionRequest definition = definition(q);
    return AwsResource.findOrCreate(
        () -> find(q),
        () -> {
          var registered =
              ecs.registerTaskDefinition(
                  definition.toBuilder().tags(withFingerprint(q, fingerprint(definition))).build());
          return record(registered.taskDefinition(), registered.tags());
        });
  }

  /**
   * The family's latest ACTIVE revision, whatever its inputs (sweep, and a create never confirmed).
   */
  private Optional<ResourceRecord> findFamily(String family) {
    return read(family).filter(d -> "ACTIVE".equals(d.state()));
  }

  /** Deregisters, then deletes, every revision of the family, so none is left ACTIVE by a retry. */
  @Override
  public void delete(ResourceRecord definition) {
    String family = definition.attr("family");
    List<String> revisions =
        ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family)).taskDefinitionArns().stream()
            .filter(arn -> arn.contains(":task-definition/" + family + ":"))
            .toList();
    for (String arn : revisions) {
      AwsResource.deleteIgnoringNotFound(
          () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
    }
    if (!revisions.isEmpty()) {
      AwsResource.deleteIgnoringNotFound(
          () -> ecs.deleteTaskDefinitions(r -> r.taskDefinitions(revisions)));
    }
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord definition) {
    return read(definition.id());
  }

  /** The container and task as registered; also what the fingerprint covers (tags excluded). */
  static RegisterTaskDefinitionRequest definition(TaskDefinitionRequest q) {
    return RegisterTaskDefinitionRequest.builder()
        .family(q.family())
        .networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilities(Compatibility.FARGATE)
        .cpu(String.valueOf(q.cpu()))
        .memory(String.valueOf(q.memory()))
        .executionRoleArn(q.executionRoleArn())
        .containerDefinitions(
            ContainerDefinition.builder()
                .name(CONTAINER_NAME)
                .image(q.image())
                .essential(true)
                .portMappings(p -> p.containerPort(CONNECT_PORT).protocol(TransportProtocol.TCP))
                .environment(
                    environment(q).entrySet().stream()
                        .map(
                            e ->
                                KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build())
                        .toList())
                .secrets(
                    Secret.builder()
                        .name(TaskDefinitionRequest.DATABASE_USER_ENV)
                        .valueFrom(q.databaseSecretArn() + ":username::")
                        .build(),
                    Secret.builder()
                        .name(TaskDefinitionRequest.DATABASE_PASSWORD_ENV)
                        .valueFrom(q.databaseSecretArn() + ":password::")
                        .build())
                .logConfiguration(
                    l ->
                        l.logDriver(LogDriver.AWSLOGS)
                            .options(
                                new TreeMap<>(
                                    Map.of(
                                        "awslogs-group", q.logGroup(),
                                        "awslogs-region", q.region(),
                                        "awslogs-stream-prefix", CONTAINER_NAME))))
                .build())
        .build();
  }

  /**
   * Kafka Connect's heap, sized to the task: the image's default ({@code -Xmx2G} from {@code
   * connect-distributed.sh}) fills a 2048 MiB task and the kernel kills it. 60% of the task's
   * memory; the rest is metaspace, thread stacks, direct buffers and the page cache.
   */
  static String heapOpts(int taskMemoryMiB) {
    int heap = taskMemoryMiB * 3 / 5;
    return "-Xms" + heap + "m -Xmx" + heap + "m";
  }

  /**
   * The Debezium image's settings: plain ones for its entrypoint, {@code CONNECT_*} ones become
   * worker properties. Sorted, so the same inputs give the same fingerprint.
   */
  static Map<String, String> environment(TaskDefinitionRequest q) {
    String rf = String.valueOf(q.brokers());
    String group = q.stack().name(AwsNames.CONNECT);
    Map<String, String> env =
        new TreeMap<>(
            Map.of(
                "BOOTSTRAP_SERVERS",
                q.bootstrapServers(),
                "GROUP_ID",
                group,
                "CONFIG_STORAGE_TOPIC",
                group + "-configs",
                "OFFSET_STORAGE_TOPIC",
                group + "-offsets",
                "STATUS_STORAGE_TOPIC",
                group + "-status",
                "CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR",
                rf,
                "CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR",
                rf,
                "CONNECT_STATUS_STORAGE_REPLICATION_FACTOR",
                rf,
                "CONNECT_CONFIG_PROVIDERS",
                "env",
                "CONNECT_CONFIG_PROVIDERS_ENV_CLASS",
                "org.apache.kafka.common.config.provider.EnvVarConfigProvider"));
    env.put("HEAP_OPTS", heapOpts(q.memory()));
    if (q.tls()) {
      env.putAll(
          Map.of(
              "CONNECT_SECURITY_PROTOCOL", "SSL",
              "CONNECT_PRODUCER_SECURITY_PROTOCOL", "SSL",
              "CONNECT_CONSUMER_SECURITY_PROTOCOL", "SSL"));
    }
    return env;
  }

  private Optional<ResourceRecord> read(String familyOrArn) {
    return AwsResource.emptyIfNotFound(
        () -> {
          var described =
              ecs.describeTaskDefinition(
                  r -> r.taskDefinition(familyOrArn).include(TaskDefinitionField.TAGS));
          return Optional.of(record(described.taskDefinition(), described.tags()));
        });
  }

  private static List<Tag> withFingerprint(TaskDefinitionRequest q, String fingerprint) {
    List<Tag> tags =
        new ArrayList<>(q.stack().tags((k, v) -> Tag.builder().key(k).value(v).build()));
    tags.add(Tag.builder().key(FINGERPRINT_TAG).value(fingerprint).build());
    return tags;
  }

  private static String fingerprint(RegisterTaskDefinitionRequest definition) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(definition.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ResourceRecord record(
      software.amazon.awssdk.services.ecs.model.TaskDefinition d, List<Tag> tags) {
    String fingerprint =
        tags.stream()
            .filter(t -> FINGERPRINT_TAG.equals(t.key()))
            .map(Tag::value)
            .findFirst()
            .orElse(null);
    return new ResourceRecord(
        TaskDefinitionRequest.TYPE,
        d.taskDefinitionArn(),
        d.statusAsString(),
        AwsResource.attributes(
            "family",
            d.family(),
            "revision",
            String.valueOf(d.revision()),
            "fingerprint",
            fingerprint));
  }
}
