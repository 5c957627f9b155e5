package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The two verbs every AWS activity interface has for what it created, chosen by the record's type
 * among the resource files it serves. Not an activity interface itself: each one extending it names
 * these activities with its own prefix ({@code AwsNetworkDelete}, {@code AwsKafkaAwaitDeleted} …).
 */
public interface AwsResourceActivities {
  /** The AWS activity interfaces, one per group of services. */
  List<Class<? extends AwsResourceActivities>> ALL =
      List.of(
          NetworkActivities.class,
          DatabaseActivities.class,
          KafkaActivities.class,
          ContainerActivities.class,
          LoadBalancerActivities.class);

  /** Which activities create and delete a type: the interface that serves its AWS service. */
  static Class<? extends AwsResourceActivities> of(String type) {
    return switch (AwsType.service(type)) {
      case "ec2" -> NetworkActivities.class;
      case "rds" -> DatabaseActivities.class;
      case "kafka" -> KafkaActivities.class;
      case "ecs", "iam", "logs" -> ContainerActivities.class;
      case "elb" -> LoadBalancerActivities.class;
      default -> throw new IllegalStateException("no activities serve resource type " + type);
    };
  }

  /**
   * Every AWS type the activities create, by id: the {@code KIND} of the request each {@code
   * create…} method takes, so declaring the create method is what makes a type known (to the
   * teardown, for one). Read from the interfaces' own declarations: the same on every worker.
   */
  static Map<String, AwsType> kinds() {
    return ALL.stream()
        .flatMap(c -> Arrays.stream(c.getMethods()))
        .filter(m -> m.getName().startsWith("create") && m.getParameterCount() == 1)
        .map(m -> m.getParameterTypes()[0])
        .filter(AwsRequest.class::isAssignableFrom)
        .distinct()
        .map(AwsResourceActivities::kindOf)
        .collect(Collectors.toMap(AwsType::id, Function.identity(), (a, b) -> a, TreeMap::new));
  }

  private static AwsType kindOf(Class<?> request) {
    try {
      return (AwsType) request.getField("KIND").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(request.getName() + " declares no public KIND", e);
    }
  }

  /**
   * Deletes the resource; "not found" is done, a dependency still draining is retried. A record
   * whose create was never confirmed is found by its tag and name first. A bastion instance is
   * terminated and the call returns only once it is, so its security group, deleted after it, is no
   * longer in use.
   */
  void delete(ResourceRecord resource);

  /**
   * One check that a deleted resource is gone (or in a state its resource file counts as deleted);
   * else poll again, first after the minimum its resource file declares. Also for a record whose
   * create was never confirmed.
   */
  Readiness awaitDeleted(ResourceRecord resource);
}
