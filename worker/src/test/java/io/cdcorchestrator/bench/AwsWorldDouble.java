package io.cdcorchestrator.bench;

import io.cdcorchestrator.aws.ProductPolling;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.aws.ec2.InternetGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.RouteRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Test double of one AWS account for one draw: what the activity doubles act on, on the Temporal
 * test server's clock (time skipping). Creates answer at once; a resource becomes ready after its
 * drawn duration; awaits answer from the clock and, when not ready, poll with the product's policy
 * ({@link ProductPolling}); a delete starts a deletion that ends after its drawn duration, and is
 * refused (the product's retryable DependencyViolation) while something that depends on the
 * resource still exists — with ENIs outliving their owner by the drawn drain time.
 *
 * <p>Dependencies are read from the create requests: a resource depends on every resource whose ID
 * its request names (subnets, groups, ARNs…), so a resource type added later is modelled too. Added
 * to that, as in AWS: an ENI owner (ALB, ECS tasks, RDS, MSK) holds the subnets and groups it
 * reaches until its ENIs drain, and detaching the internet gateway waits for the public IPs (NAT,
 * bastion, an internet-facing ALB — the story's ALB is internal).
 */
final class AwsWorldDouble {
  /** A resource of the simulated account; times in test-clock milliseconds. */
  static final class Resource {
    final String type;
    final String id;
    final Set<String> refs;
    final long createdAt;

    /** Holds a public IP, so the internet gateway cannot be detached while it exists. */
    final boolean publicIp;

    Long deleteRequestedAt;
    Long goneAt;

    Resource(String type, String id, Set<String> refs, long createdAt, boolean publicIp) {
      this.type = type;
      this.id = id;
      this.refs = refs;
      this.createdAt = createdAt;
      this.publicIp = publicIp;
    }
  }

  /**
   * References AWS does not enforce on delete: a target group or task definition an ECS service
   * still names can go (ECS only stops using them), deleting a load balancer takes its listeners,
   * and a NAT gateway a route targets can be deleted (the route turns blackhole; AwsTeardown
   * deletes the NAT gateway before the routes).
   */
  private static final Set<String> DOES_NOT_BLOCK =
      Set.of(
          EcsServiceRequest.TYPE + " -> " + TargetGroupRequest.TYPE,
              EcsServiceRequest.TYPE + " -> " + TaskDefinitionRequest.TYPE,
          ListenerRequest.TYPE + " -> " + LoadBalancerRequest.TYPE,
              RouteRequest.TYPE + " -> " + NatGatewayRequest.TYPE);

  static final String SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-bench";

  private final AwsDraw draw;
  private final LongSupplier clock;
  private final Map<String, Resource> byId = new LinkedHashMap<>();
  private final Map<String, Long> firstPoll = new HashMap<>();
  private int ids;

  /** Set when destroy is requested; calls before it count for provisioning. */
  private Long teardownStartedAt;

  int provisioningDescribes;
  int teardownDescribes;
  int deleteCalls;
  int refusedDeletes;

  /**
   * Per provisioning await that returned ready: milliseconds from "ready" (or the wait's start, if
   * later) to the answer.
   */
  final List<Long> lagsMillis = new ArrayList<>();

  final Map<String, Long> lagByWait = new LinkedHashMap<>();
  final List<Long> teardownLagsMillis = new ArrayList<>();
  final Map<String, Long> teardownLagByWait = new LinkedHashMap<>();

  /** Calls the double answered without a model (new methods, or resources it did not create). */
  final Set<String> unmodelled = new TreeSet<>();

  AwsWorldDouble(AwsDraw draw, LongSupplier clock) {
    this.draw = draw;
    this.clock = clock;
  }

  synchronized void teardownStarted() {
    teardownStartedAt = clock.getAsLong();
  }

  synchronized ResourceRecord create(String method, Object request) {
    String type = typeOf(request);
    Set<String> refs = new HashSet<>();
    collectIds(request, refs);
    String kind = type.substring(type.lastIndexOf(':') + 1);
    boolean publicIp =
        type.equals(NatGatewayRequest.TYPE)
            || type.equals(BastionInstanceRequest.TYPE)
            || (request instanceof LoadBalancerRequest lb && !lb.internal());
    Resource r = new Resource(type, kind + "-" + (++ids), refs, clock.getAsLong(), publicIp);
    byId.put(r.id, r);
    return record(r, "created");
  }

  /**
   * One readiness check (docs/ARCHITECTURE.md, "Readiness polling"): ready → the attempt, otherwise
   * the product's NotReady.
   */
  synchronized Readiness await(String method, ResourceRecord record) {
    Resource r = record == null ? null : byId.get(record.id());
    boolean ready = check(method, readyAt(method, r));
    return ProductPolling.await(
        record == null ? "" : record.type(),
        method + " " + (record == null ? "" : record.id()),
        ready);
  }

  /**
   * The bastion's wait: one check as above, then (as the product) the instance's record with its
   * public address.
   */
  synchronized ResourceRecord awaitBastion(String method, ResourceRecord record) {
    await(method, record);
    return record(byId.get(record.id()), "running");
  }

  /**
   * {@code awaitDeleted} of an activity interface: gone when its deletion ends; the product's
   * deletion check.
   */
  synchronized Readiness awaitDeleted(String activities, ResourceRecord record) {
    Resource r = byId.get(record.id());
    String method = "awaitDeleted";
    if (!ProductPolling.serves(record.type())) {
      unmodelled.add(activities + "." + method + " of " + record.type() + " (no resource file)");
    }
    if (r == null || r.deleteRequestedAt == null) {
      unmodelled.add(
          method
              + " of a resource this double "
              + (r == null ? "did not create" : "was not asked to delete"));
    }
    long goneAt = r == null ? 0 : r.goneAt == null ? Long.MAX_VALUE : r.goneAt;
    boolean gone = check(method + " " + record.type(), goneAt);
    return ProductPolling.awaitDeleted(record, gone);
  }

  /**
   * {@code awaitNetworkInterfacesDrained}: drained when every ENI owner is gone and its ENIs
   * drained.
   */
  synchronized Readiness awaitNetworkInterfacesDrained(String method, String vpcId) {
    long drainedAt = eniDrainedAt();
    boolean drained = check(method, drainedAt);
    long left =
        byId.values().stream()
            .filter(
                d ->
                    draw.ownsEnis(d.type)
                        && (d.goneAt == null
                            || clock.getAsLong() < d.goneAt + draw.eniDrain(d.type).toMillis()))
            .count();
    return ProductPolling.awaitNetworkInterfacesDrained(
        vpcId, drained ? 0 : (int) Math.max(1, left));
  }

  /**
   * One check of a wait against the clock: counts the describe, and when ready records the lag,
   * i.e. answer time − max(ready time, this wait's first poll), under provisioning or teardown.
   */
  private boolean check(String wait, long readyAt) {
    long now = clock.getAsLong();
    countDescribe(now);
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    String key = info.getWorkflowId() + "/" + info.getActivityId();
    long waitStart = firstPoll.computeIfAbsent(key, k -> now);
    boolean ready = now >= readyAt;
    if (ready) {
      long lag = now - Math.max(readyAt, waitStart);
      if (teardownStartedAt == null) {
        lagsMillis.add(lag);
        lagByWait.merge(wait, lag, Math::max);
      } else {
        teardownLagsMillis.add(lag); // waits for deletion or an ENI drain, once teardown waits
        teardownLagByWait.merge(wait, lag, Math::max);
      }
    }
    return ready;
  }

  /** A describe after a wait (MSK bootstrap brokers, the RDS endpoint): the record as it is now. */
  synchronized ResourceRecord describe(String method, ResourceRecord record) {
    countDescribe(clock.getAsLong());
    Resource r = byId.get(record.id());
    if (r == null) {
      unmodelled.add(method + " of a resource this double did not create");
      return record;
    }
    return record(r, "available");
  }

  synchronized void delete(ResourceRecord record) {
    long now = clock.getAsLong();
    deleteCalls++;
    Resource r = byId.get(record.id());
    if (r == null) {
      return; // not found: done, as every product delete treats it
    }
    if (r.deleteRequestedAt != null) {
      bastionTerminated(r, now);
      return; // already deleting: done
    }
    for (Resource d : byId.values()) {
      Duration lag = blockLag(r, d);
      if (lag != null && (d.goneAt == null || now < d.goneAt + lag.toMillis())) {
        refusedDeletes++;
        throw AwsErrors.toFailure(
            AwsServiceException.builder()
                .statusCode(400)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .serviceName("double")
                        .errorCode("DependencyViolation")
                        .errorMessage(r.id + " has a dependent object: " + d.id)
                        .build())
                .build());
      }
    }
    r.deleteRequestedAt = now;
    r.goneAt = now + draw.deletionTakes(r.type).toMillis();
    bastionTerminated(r, now);
  }

  /**
   * As {@code NetworkActivitiesImpl.delete} does for a bastion (a copy of its rule: it is inline
   * there): the delete itself is not done until the instance is terminated, and is retried after 10
   * s.
   */
  private static void bastionTerminated(Resource r, long now) {
    if (r.type.equals(BastionInstanceRequest.TYPE) && now < r.goneAt) {
      throw NotReady.retryAfter(
          ProductPolling.BASTION_TERMINATION_RETRY,
          "bastion " + r.id + " is shutting-down, not terminated yet");
    }
  }

  /**
   * How long after {@code d} is gone it stops blocking the delete of {@code r}; null if it never
   * does. A resource blocks what its request named; an ENI owner blocks its subnets and groups
   * until its ENIs drain; public IPs (NAT, bastion, an internet-facing ALB) block detaching the
   * internet gateway.
   */
  Duration blockLag(Resource r, Resource d) {
    if (d == r) {
      return null;
    }
    boolean enis =
        draw.ownsEnis(d.type)
            && (r.type.equals(SubnetRequest.TYPE) || r.type.equals(SecurityGroupRequest.TYPE))
            && reaches(d, r.id); // RDS names its subnets through its DB subnet group
    if (enis) {
      return draw.eniDrain(d.type);
    }
    boolean publicIp = r.type.equals(InternetGatewayRequest.TYPE) && d.publicIp;
    boolean refused = d.refs.contains(r.id) && !DOES_NOT_BLOCK.contains(d.type + " -> " + r.type);
    return refused || publicIp ? Duration.ZERO : null;
  }

  private boolean reaches(Resource from, String id) {
    for (String ref : from.refs) {
      Resource next = byId.get(ref);
      if (ref.equals(id) || (next != null && reaches(next, id))) {
        return true;
      }
    }
    return false;
  }

  /**
   * When the resource a wait asks about is ready: a deleting one when gone; a target group when the
   * Connect task behind it passes its health checks; a wait on the VPC that the product does not
   * know (an ENI drain) when every ENI owner's ENIs are gone; anything else after its drawn
   * duration.
   */
  private long readyAt(String method, Resource r) {
    if (r == null) {
      unmodelled.add(method + " of a resource this double did not create");
      return 0;
    }
    if (r.deleteRequestedAt != null) {
      return r.goneAt;
    }
    if (!ProductPolling.knowsReadiness(r.type)) {
      unmodelled.add(method + " (polled with no minimum)");
      if (r.type.equals(VpcRequest.TYPE)) {
        return eniDrainedAt();
      }
    }
    if (r.type.equals(TargetGroupRequest.TYPE)) {
      return byId.values().stream()
          .filter(s -> s.type.equals(EcsServiceRequest.TYPE) && s.refs.contains(r.id))
          .mapToLong(
              s ->
                  s.createdAt
                      + draw.readyAfter(EcsServiceRequest.TYPE)
                          .plus(draw.healthyAfterStable())
                          .toMillis())
          .min()
          .orElse(Long.MAX_VALUE);
    }
    return r.createdAt + draw.readyAfter(r.type).toMillis();
  }

  private long eniDrainedAt() {
    long at = 0;
    for (Resource d : byId.values()) {
      if (draw.ownsEnis(d.type)) {
        if (d.goneAt == null) {
          return Long.MAX_VALUE;
        }
        at = Math.max(at, d.goneAt + draw.eniDrain(d.type).toMillis());
      }
    }
    return at;
  }

  /**
   * The teardown's dependency floor: every delete issued as soon as nothing blocks it (the same
   * blocking rules as {@link #delete}), each taking its drawn time — what AWS alone would allow.
   */
  synchronized Duration teardownFloor() {
    Map<String, Long> gone = new HashMap<>();
    long longest = 0;
    for (Resource r : byId.values()) {
      longest = Math.max(longest, idealGone(r, gone));
    }
    return Duration.ofMillis(longest);
  }

  private long idealGone(Resource r, Map<String, Long> memo) {
    Long known = memo.get(r.id);
    if (known != null) {
      return known;
    }
    long start = 0;
    for (Resource d : byId.values()) {
      Duration lag = blockLag(r, d);
      if (lag != null) {
        start = Math.max(start, idealGone(d, memo) + lag.toMillis());
      }
    }
    long gone = start + draw.deletionTakes(r.type).toMillis();
    memo.put(r.id, gone);
    return gone;
  }

  /** Resources never deleted, or still deleting at {@code at}. */
  synchronized List<String> leftAt(long at) {
    return byId.values().stream()
        .filter(r -> r.goneAt == null || r.goneAt > at)
        .map(r -> r.id)
        .toList();
  }

  private void countDescribe(long now) {
    if (teardownStartedAt == null || now < teardownStartedAt) {
      provisioningDescribes++;
    } else {
      teardownDescribes++;
    }
  }

  private ResourceRecord record(Resource r, String state) {
    // every attribute a later step of the story reads (publicIp: the bastion's, a documentation
    // address); none is a secret (the ARN names one)
    return new ResourceRecord(
        r.type,
        r.id,
        state,
        Map.of(
            "revision",
            "1",
            "arn",
            "arn:" + r.id,
            "dnsName",
            r.id + ".elb.example",
            "bootstrap",
            "b-1." + r.id + ":9092,b-2." + r.id + ":9092",
            "host",
            r.id + ".rds.example",
            "port",
            "5432",
            "database",
            "inventory",
            "masterUsername",
            "cdcadmin",
            "masterUserSecretArn",
            SECRET_ARN,
            "publicIp",
            "198.51.100.7"));
  }

  /** The type the request declares. */
  private static String typeOf(Object request) {
    if (request instanceof AwsRequest r) {
      return r.type();
    }
    throw new IllegalArgumentException("not an AWS request: " + request.getClass());
  }

  private void collectIds(Object value, Set<String> into) {
    if (value instanceof String s) {
      if (byId.containsKey(s)) {
        into.add(s);
      }
    } else if (value instanceof Collection<?> c) {
      c.forEach(v -> collectIds(v, into));
    } else if (value != null && value.getClass().isRecord()) {
      for (RecordComponent rc : value.getClass().getRecordComponents()) {
        try {
          collectIds(rc.getAccessor().invoke(value), into);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
