package io.cdcorchestrator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.kafka.model.BadRequestException;
import software.amazon.awssdk.services.kafka.model.DeleteClusterRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Test double: what AWS does on an ordinary bad day and moto never does, on the SDK's wire, beside
 * {@link MotoMskGaps}. Each behaviour happens once per resource it concerns and is counted, so a
 * test can show it happened:
 *
 * <ul>
 *   <li>{@link #GROUP_NOT_FOUND} eventual consistency of EC2: the first ingress rule on a new
 *       security group answers {@code InvalidGroup.NotFound} (the group is not visible yet);
 *   <li>{@link #ROLE_NOT_USABLE} eventual consistency of IAM: the first CreateService answers "ECS
 *       was unable to assume the role" (a role created seconds ago);
 *   <li>{@link #TASK_STOPPED} the first Connect task stops with a transient reason (the secret
 *       policy not yet propagated): for the first {@link #PENDING_READS} reads the service runs no
 *       task and lists a stopped one of its current definition with {@code
 *       ResourceInitializationError … AccessDeniedException};
 *   <li>{@link #DELETE_REFUSED} the first DeleteCluster of an MSK cluster answers {@code
 *       BadRequestException} "You can't delete cluster in UPDATING state." (nothing deleted);
 *   <li>{@link #SECRET_ROTATED} RDS's managed rotation of the master secret, when a test calls
 *       {@link #rotate}: a new password as a new {@code AWSCURRENT} version in (moto's) Secrets
 *       Manager, as the rotation's last step leaves it; and {@link #FORCED_DEPLOYMENT} counts the
 *       UpdateService calls with {@code forceNewDeployment} that replace the tasks holding the old
 *       one (observed, passed on to moto).
 * </ul>
 *
 * A refused call is refused before it reaches moto, so nothing happens there, as on AWS.
 */
public final class AwsBehaviour implements ExecutionInterceptor {
  public static final String GROUP_NOT_FOUND = "group not found after create";
  public static final String ROLE_NOT_USABLE = "role not usable yet";
  public static final String TASK_STOPPED = "first task stopped";
  public static final String DELETE_REFUSED = "cluster delete refused";
  public static final String SECRET_ROTATED = "secret rotated";
  public static final String FORCED_DEPLOYMENT = "service forced to a new deployment";

  /** How many DescribeServices after the create show the service with its first task stopped. */
  static final int PENDING_READS = 2;

  static final String STOPPED_REASON =
      "ResourceInitializationError: unable to pull secrets or registry auth: execution resource"
          + " retrieval failed: unable to retrieve secret from asm: service call has been retried"
          + " 1 time(s): AccessDeniedException: User is not authorized to perform"
          + " secretsmanager:GetSecretValue";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, AtomicInteger> happened = new ConcurrentHashMap<>();
  private final Map<String, Boolean> once = new ConcurrentHashMap<>();

  /** Service name → its task definition, and how many reads it is still pending. */
  private final Map<String, String> definitions = new ConcurrentHashMap<>();

  private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();

  private volatile boolean enabled;

  /** From now on, each behaviour once per resource. */
  public AwsBehaviour enable() {
    enabled = true;
    return this;
  }

  public void disable() {
    enabled = false;
  }

  /** How often {@code behaviour} happened. */
  public int count(String behaviour) {
    AtomicInteger n = happened.get(behaviour);
    return n == null ? 0 : n.get();
  }

  /**
   * Rotates the database secret as RDS's managed rotation does: a new random password, staged
   * {@code AWSCURRENT}, the username kept. Returns the new password, for a test's assertion that it
   * appears nowhere.
   */
  public String rotate(SecretsManagerClient secrets, String secretArn) {
    try {
      ObjectNode value =
          (ObjectNode)
              JSON.readTree(secrets.getSecretValue(r -> r.secretId(secretArn)).secretString());
      String password = "rotated-" + UUID.randomUUID();
      value.put("password", password);
      secrets.putSecretValue(
          r -> r.secretId(secretArn).secretString(value.toString()).versionStages("AWSCURRENT"));
      happened.computeIfAbsent(SECRET_ROTATED, k -> new AtomicInteger()).incrementAndGet();
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof UpdateServiceRequest r
        && Boolean.TRUE.equals(r.forceNewDeployment())) {
      happened.computeIfAbsent(FORCED_DEPLOYMENT, k -> new AtomicInteger()).incrementAndGet();
    }
    if (!enabled) {
      return;
    }
    if (context.request() instanceof AuthorizeSecurityGroupIngressRequest r
        && first(GROUP_NOT_FOUND, r.groupId())) {
      throw Ec2Exception.builder()
          .statusCode(400)
          .message("The security group '" + r.groupId() + "' does not exist")
          .awsErrorDetails(
              details(
                  "InvalidGroup.NotFound",
                  "The security group '" + r.groupId() + "' does not exist",
                  "Ec2"))
          .build();
    }
    if (context.request() instanceof CreateServiceRequest r
        && first(ROLE_NOT_USABLE, r.serviceName())) {
      String message =
          "ECS was unable to assume the role 'arn:aws:iam::123456789012:role/execution' that was"
              + " provided for this task. Please verify that the role being passed has the proper"
              + " trust relationship and permissions and that your IAM user has permissions to"
              + " pass this role.";
      throw InvalidParameterException.builder()
          .statusCode(400)
          .message(message)
          .awsErrorDetails(details("InvalidParameterException", message, "ECS"))
          .build();
    }
    if (context.request() instanceof DeleteClusterRequest r
        && first(DELETE_REFUSED, r.clusterArn())) {
      String message = "You can't delete cluster in UPDATING state.";
      throw BadRequestException.builder()
          .statusCode(400)
          .message(message)
          .awsErrorDetails(details("BadRequestException", message, "Kafka"))
          .build();
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (enabled
        && context.request() instanceof CreateServiceRequest r
        && first(TASK_STOPPED, r.serviceName())) {
      definitions.put(r.serviceName(), r.taskDefinition());
      pending.put(r.serviceName(), new AtomicInteger(PENDING_READS));
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (pending.isEmpty()) {
      return context.responseBody();
    }
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    try {
      return switch (operation) {
        case "DescribeServices" -> describeServices(context);
        case "ListTasks" -> listTasks(context);
        case "DescribeTasks" -> describeTasks(context);
        default -> context.responseBody();
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pending service runs no task yet (ECS is replacing the stopped one). */
  private Optional<InputStream> describeServices(Context.ModifyHttpResponse context)
      throws IOException {
    JsonNode body = read(context);
    for (JsonNode service : body.path("services")) {
      AtomicInteger left = pending.get(service.path("serviceName").asText());
      if (left != null && left.getAndDecrement() > 0) {
        ((ObjectNode) service).put("runningCount", 0);
      }
    }
    return body(JSON.writeValueAsString(body));
  }

  private Optional<InputStream> listTasks(Context.ModifyHttpResponse context) throws IOException {
    JsonNode body = read(context);
    if (context.request() instanceof ListTasksRequest r
        && r.desiredStatus() == DesiredStatus.STOPPED
        && definitions.containsKey(r.serviceName())) {
      ((ArrayNode) ((ObjectNode) body).withArray("taskArns")).add(taskArn(r.serviceName()));
    }
    return body(JSON.writeValueAsString(body));
  }

  private Optional<InputStream> describeTasks(Context.ModifyHttpResponse context)
      throws IOException {
    JsonNode body = read(context);
    if (context.request() instanceof DescribeTasksRequest r) {
      ArrayNode tasks = ((ObjectNode) body).withArray("tasks");
      ArrayNode failures = ((ObjectNode) body).withArray("failures");
      definitions.forEach(
          (service, definition) -> {
            String arn = taskArn(service);
            if (r.tasks().contains(arn)) {
              happened.computeIfAbsent(TASK_STOPPED, k -> new AtomicInteger()).incrementAndGet();
              ObjectNode task = tasks.addObject();
              task.put("taskArn", arn);
              task.put("taskDefinitionArn", definition);
              task.put("lastStatus", "STOPPED");
              task.put("desiredStatus", "STOPPED");
              task.put("stopCode", "TaskFailedToStart");
              task.put("stoppedReason", STOPPED_REASON);
              task.put("stoppedAt", System.currentTimeMillis() / 1000.0);
              task.putArray("containers");
              for (int i = failures.size() - 1; i >= 0; i--) {
                if (arn.equals(failures.get(i).path("arn").asText())) {
                  failures.remove(i);
                }
              }
            }
          });
    }
    return body(JSON.writeValueAsString(body));
  }

  private static String taskArn(String service) {
    return "arn:aws:ecs:us-east-1:123456789012:task/double/" + service + "-first";
  }

  private boolean first(String behaviour, String resource) {
    if (once.putIfAbsent(behaviour + " " + resource, true) != null) {
      return false;
    }
    if (!behaviour.equals(TASK_STOPPED)) {
      happened.computeIfAbsent(behaviour, k -> new AtomicInteger()).incrementAndGet();
    }
    return true;
  }

  private static JsonNode read(Context.ModifyHttpResponse context) throws IOException {
    Optional<InputStream> in = context.responseBody();
    if (in.isEmpty()) {
      return JSON.createObjectNode();
    }
    try (InputStream body = in.get()) {
      return JSON.readTree(body);
    }
  }

  private static Optional<InputStream> body(String json) {
    return Optional.of(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static AwsErrorDetails details(String code, String message, String service) {
    return AwsErrorDetails.builder()
        .errorCode(code)
        .errorMessage(message)
        .serviceName(service)
        .build();
  }

  /** The behaviours, for a test's assertion that each happened. */
  public static List<String> all() {
    return List.of(GROUP_NOT_FOUND, ROLE_NOT_USABLE, TASK_STOPPED, DELETE_REFUSED);
  }
}
