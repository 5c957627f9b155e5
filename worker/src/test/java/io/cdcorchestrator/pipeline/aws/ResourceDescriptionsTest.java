package io.cdcorchestrator.pipeline.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cdcorchestrator.aws.AwsResourceActivities;
import io.cdcorchestrator.aws.AwsResources;
import io.cdcorchestrator.aws.ProductPolling;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import io.cdcorchestrator.model.aws.AwsType.TeardownBranch;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each AWS resource type is described once (its request's {@code KIND}, its resource file's waits)
 * and everything that must know it reaches it through that description: the activity interface the
 * compensation routes it to creates it, that interface's implementation serves it with the resource
 * file for its request, the waits the workflow bounds are the waits the file declares, and a type
 * with a deletion wait has its place in the teardown order, derived from the descriptions as the
 * committed histories recorded it, and one registered resource file discovers it. Every request
 * class under {@code model.aws} is found by scanning, so a type added without its counterparts
 * fails here (docs/ARCHITECTURE.md, "Adding a resource type").
 */
class ResourceDescriptionsTest {
  private static final List<Class<? extends AwsRequest>> REQUESTS = requestClasses();

  @Test
  void everyRequestDeclaresItsTypeOnceAndOwnsItsIntendedId() throws Exception {
    assertEquals(25, REQUESTS.size(), REQUESTS.toString());
    Set<String> ids = new HashSet<>();
    for (Class<? extends AwsRequest> c : REQUESTS) {
      AwsType kind = (AwsType) c.getField("KIND").get(null);
      assertEquals(c.getField("TYPE").get(null), kind.id(), c.getSimpleName());
      assertTrue(ids.add(kind.id()), "one request per type: " + kind.id());
      AwsRequest request = sample(c);
      assertEquals(kind, request.kind(), c.getSimpleName());
      assertNotNull(request.intendedId(), c.getSimpleName());
    }
    assertEquals(ids, ProductPolling.types(), "the activities serve exactly the requested types");
  }

  @Test
  void compensationRoutesEveryTypeToTheInterfaceThatCreatesIt() {
    for (Class<? extends AwsRequest> c : REQUESTS) {
      String type = kind(c).id();
      Class<?> activities = AwsCompensation.activitiesOf(type);
      assertTrue(
          Arrays.stream(activities.getMethods())
              .anyMatch(m -> m.getName().startsWith("create") && takesOnly(m, c)),
          activities.getSimpleName() + " creates " + c.getSimpleName());
      AwsResource<?> file = ProductPolling.resourceFile(type);
      assertEquals(c, requestOf(file), file.getClass().getSimpleName() + " serves " + type);
    }
  }

  @Test
  void theWorkflowBoundsExactlyTheWaitsTheResourceFilesDeclare() {
    for (Class<? extends AwsRequest> c : REQUESTS) {
      AwsType kind = kind(c);
      AwsResource<?> file = ProductPolling.resourceFile(kind.id());
      assertEquals(
          kind.readyDeadline() != null,
          file.readiness() != null,
          kind.id() + ": a readiness deadline iff a readiness wait");
      assertEquals(
          kind.goneDeadline() != null,
          !file.deletion().equals(Wait.GONE),
          kind.id() + ": a deletion deadline iff a deletion wait of its own");
      if (kind.goneDeadline() != null) {
        assertNotNull(
            kind.teardown(),
            kind.id() + " is awaited gone: it needs its place in the teardown order");
      }
    }
  }

  /**
   * Registered once, so discovery asks each file once; that a child's file comes after its parents'
   * is checked by AwsStoryMotoTest (discovery finds everything a run recorded).
   */
  @Test
  void everyRequestTypeIsDiscoveredByOneRegisteredFile() {
    List<String> registered =
        AwsResources.all(AwsClients.create("us-east-1")).stream().map(AwsResource::type).toList();
    assertEquals(
        REQUESTS.stream().map(c -> kind(c).id()).collect(Collectors.toCollection(TreeSet::new)),
        new TreeSet<>(registered));
    assertEquals(REQUESTS.size(), registered.size(), "each once: " + registered);
  }

  @Test
  void everyRequestIsKnownToTheTeardownThroughItsCreateMethod() {
    Map<String, AwsType> kinds = AwsResourceActivities.kinds();
    for (Class<? extends AwsRequest> c : REQUESTS) {
      assertEquals(kind(c), kinds.get(kind(c).id()), c.getSimpleName());
    }
    assertEquals(REQUESTS.size(), kinds.size());
  }

  @Test
  void eachTeardownBranchIsOneChainWithinItsBranch() {
    for (TeardownBranch branch : TeardownBranch.values()) {
      List<AwsType> order = AwsTeardown.order(branch);
      for (int i = 0; i < order.size(); i++) {
        AwsType.Teardown place = order.get(i).teardown();
        assertEquals(
            i == 0 ? null : order.get(i - 1),
            place.after(),
            order.get(i).id() + " is deleted right after the type before it in " + branch);
      }
    }
  }

  /**
   * The derived order is the workflow's command order on teardown: it must stay what every
   * committed history recorded (ReplayTest replays some of it; this pins all of it). A new type
   * placed in a branch changes only runs that have one.
   */
  @Test
  void theDerivedTeardownOrderIsTheOneHistoriesRecorded() {
    Map<TeardownBranch, List<String>> expected = new java.util.LinkedHashMap<>();
    expected.put(
        TeardownBranch.CONNECT,
        List.of(
            "aws:ecs:service",
            "aws:ecs:cluster",
            "aws:ecs:task-definition",
            "aws:logs:log-group",
            "aws:iam:role-policy",
            "aws:iam:role"));
    expected.put(
        TeardownBranch.LOAD_BALANCER,
        List.of("aws:elb:listener", "aws:elb:load-balancer", "aws:elb:target-group"));
    expected.put(TeardownBranch.KAFKA, List.of("aws:kafka:cluster", "aws:kafka:configuration"));
    expected.put(
        TeardownBranch.DATABASE,
        List.of("aws:rds:db-instance", "aws:rds:db-subnet-group", "aws:rds:db-parameter-group"));
    // runs recorded before AwsTeardown.EGRESS_BESIDE delete EGRESS's types first in the network,
    // which is the network order they recorded
    expected.put(TeardownBranch.EGRESS, List.of("aws:ec2:nat-gateway", "aws:ec2:elastic-ip"));
    expected.put(
        TeardownBranch.NETWORK,
        List.of(
            "aws:ec2:route",
            "aws:ec2:route-table-association",
            "aws:ec2:route-table",
            "aws:ec2:internet-gateway"));
    expected.put(
        TeardownBranch.NETWORK_AFTER_DRAIN,
        List.of(
            "aws:ec2:security-group-rule",
            "aws:ec2:security-group",
            "aws:ec2:subnet",
            "aws:ec2:vpc"));
    Map<TeardownBranch, List<String>> derived = new java.util.LinkedHashMap<>();
    for (TeardownBranch branch : TeardownBranch.values()) {
      derived.put(branch, AwsTeardown.order(branch).stream().map(AwsType::id).toList());
    }
    assertEquals(expected, derived);
  }

  @Test
  void requestsTravelAsTheirComponentsOnly() {
    for (Class<? extends AwsRequest> c : REQUESTS) {
      String json =
          new String(
              DefaultDataConverter.STANDARD_INSTANCE
                  .toPayload(sample(c))
                  .orElseThrow()
                  .getData()
                  .toByteArray(),
              StandardCharsets.UTF_8);
      Set<String> components =
          Arrays.stream(c.getRecordComponents())
              .map(RecordComponent::getName)
              .collect(Collectors.toCollection(TreeSet::new));
      Set<String> keys = new TreeSet<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(\\w+)\":").matcher(json);
      while (m.find()) {
        keys.add(m.group(1));
      }
      keys.removeAll(Set.of("pipeline", "userTags")); // the stack's own
      assertEquals(components, keys, c.getSimpleName() + " as JSON: " + json);
    }
  }

  private static List<Class<? extends AwsRequest>> requestClasses() {
    List<Class<? extends AwsRequest>> requests = new java.util.ArrayList<>();
    new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cdcorchestrator.model.aws")
            .stream()
            .filter(j -> !j.isInterface() && j.isAssignableTo(AwsRequest.class))
            .forEach(j -> requests.add(j.reflect().asSubclass(AwsRequest.class)));
    requests.sort(java.util.Comparator.comparing(Class::getName));
    return requests;
  }

  private static AwsType kind(Class<? extends AwsRequest> c) {
    return sample(c).kind();
  }

  /** An instance with placeholder components: enough to ask for its kind and intended ID. */
  private static AwsRequest sample(Class<? extends AwsRequest> c) {
    RecordComponent[] components = c.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      Class<?> t = components[i].getType();
      types[i] = t;
      args[i] =
          t == AwsStack.class
              ? AwsStack.of("demo")
              : t == String.class
                  ? "sg-0abc"
                  : t == int.class
                      ? 5432
                      : t == long.class ? 1L : t == boolean.class ? false : null;
      if (t == List.class) {
        args[i] = List.of("subnet-0abc");
      }
    }
    try {
      return c.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(c.getName(), e);
    }
  }

  private static boolean takesOnly(Method m, Class<?> parameter) {
    return m.getParameterCount() == 1 && m.getParameterTypes()[0] == parameter;
  }

  /** The {@code Q} of {@code AwsResource<Q>} the file implements. */
  private static Type requestOf(AwsResource<?> file) {
    for (Type t : file.getClass().getGenericInterfaces()) {
      if (t instanceof ParameterizedType p && p.getRawType() == AwsResource.class) {
        return p.getActualTypeArguments()[0];
      }
    }
    throw new IllegalStateException(file.getClass() + " implements no AwsResource<Q>");
  }
}
