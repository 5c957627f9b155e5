package io.cdcorchestrator.common.aws;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place that says what an AWS error means (docs/ARCHITECTURE.md, "AWS errors"). Resource
 * files ask it whether a failure is "not found" (a delete is done) or "already exists" (a create
 * looks again); activity implementations turn whatever escapes into a Temporal {@link
 * ApplicationFailure} with {@link #translate}, so Temporal retries exactly the transient ones.
 */
public final class AwsErrors {

  public enum Kind {
    /** The resource is not there: a delete is done, a state is "gone". */
    NOT_FOUND,
    /** A create collided with an existing resource of the same name: look it up. */
    ALREADY_EXISTS,
    /** Throttling, 5xx, a dependency still draining, eventual consistency: try again later. */
    RETRYABLE,
    /** Anything else: retrying cannot help. */
    NON_RETRYABLE
  }

  /** The failure type of a missing AWS setup (credentials or region). */
  public static final String SETUP_TYPE = "AwsSetup";

  private static final Set<String> NOT_FOUND_CODES =
      Set.of(
          "NatGatewayNotFound",
          "Gateway.NotAttached", // EC2 (and "*.NotFound", below)
          "DBInstanceNotFound",
          "DBInstanceNotFoundFault",
          "DBSubnetGroupNotFoundFault",
          "DBParameterGroupNotFound",
          "NotFoundException", // MSK
          "ClusterNotFoundException",
          "ServiceNotFoundException",
          "ServiceNotActiveException", // ECS
          "LoadBalancerNotFound",
          "TargetGroupNotFound",
          "ListenerNotFound", // ELBv2
          "NoSuchEntity", // IAM
          "ResourceNotFoundException"); // CloudWatch Logs

  private static final Set<String> ALREADY_EXISTS_CODES =
      Set.of(
          "InvalidGroup.Duplicate",
          "InvalidPermission.Duplicate",
          "RouteAlreadyExists",
          "Resource.AlreadyAssociated",
          "InvalidSubnet.Conflict",
          "DBParameterGroupAlreadyExists",
          "DBSubnetGroupAlreadyExists",
          "DBSubnetGroupAlreadyExistsFault",
          "DBInstanceAlreadyExists",
          "DBInstanceAlreadyExistsFault",
          "ConflictException", // MSK: "A resource with this name already exists."
          "EntityAlreadyExists",
          "ResourceAlreadyExistsException",
          "DuplicateLoadBalancerName",
          "DuplicateTargetGroupName",
          "DuplicateListener");

  /**
   * A dependency that goes away by itself (ENIs draining, a cluster still deleting, a concurrent
   * change).
   */
  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "DependencyViolation",
          "InvalidGroup.InUse",
          "InvalidIPAddress.InUse",
          "IncorrectState",
          "InvalidDBInstanceState",
          "InvalidDBInstanceStateFault",
          "InvalidDBSubnetGroupStateFault",
          "InvalidDBParameterGroupState",
          "ResourceInUse",
          "DeleteConflict",
          "ConcurrentModification",
          "ClusterContainsServicesException",
          "ClusterContainsTasksException",
          "OperationAbortedException",
          "RequestLimitExceeded",
          "Throttling",
          "ThrottlingException",
          "TooManyRequestsException",
          "InternalError",
          "InternalFailure",
          "ServiceUnavailable",
          "Unavailable");

  /** Codes too generic to classify alone; the message tells (lower case fragments). */
  private static final List<String> NOT_FOUND_MESSAGES =
      List.of(
          "unable to describe task definition",
          "the specified task definition does not exist"); // ECS ClientException

  private static final List<String> ALREADY_EXISTS_MESSAGES =
      List.of("creation of service was not idempotent"); // ECS InvalidParameterException
  private static final List<String> TRANSIENT_MESSAGES =
      List.of(
          "in use by one or more clusters", // MSK configuration while its cluster is deleting
          "does not have an associated load balancer", // ECS service right after the listener
          // ECS with an IAM role created seconds ago (IAM is eventually consistent)
          "unable to assume",
          // MSK's BadRequest on DeleteCluster while the cluster is in a transitional state ("You
          // can't delete cluster in CREATING state"): the delete succeeds once the state is over
          "delete cluster in creating state",
          "delete cluster in updating state",
          "delete cluster in maintenance state",
          "delete cluster in healing state",
          "delete cluster in rebooting_broker state");

  /**
   * MSK's answer to a DeleteCluster on a cluster already deleting (lower case): it is on its way
   * out, which is what the delete asked for.
   */
  public static final String MSK_ALREADY_DELETING = "delete cluster in deleting state";

  private AwsErrors() {}

  public static Kind classify(Throwable t) {
    if (t instanceof AwsServiceException e) {
      return classifyService(e);
    }
    if (t instanceof SdkClientException e) {
      // no response at all: a network fault is transient, missing setup is not
      return isMissingSetup(e) ? Kind.NON_RETRYABLE : Kind.RETRYABLE;
    }
    return Kind.NON_RETRYABLE;
  }

  public static boolean isNotFound(Throwable t) {
    return classify(t) == Kind.NOT_FOUND;
  }

  public static boolean isAlreadyExists(Throwable t) {
    return classify(t) == Kind.ALREADY_EXISTS;
  }

  /**
   * Runs one AWS call for an activity and turns an SDK failure into an {@link ApplicationFailure}:
   * retryable ones for Temporal's retry policy, non-retryable ones with the AWS code and message.
   */
  public static <T> T translate(Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw toFailure(e);
    } catch (AwsClients.MissingSetupException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), SETUP_TYPE);
    }
  }

  public static void translate(Runnable call) {
    translate(
        () -> {
          call.run();
          return null;
        });
  }

  public static ApplicationFailure toFailure(SdkException e) {
    Kind kind = classify(e);
    String code = code(e);
    String message = describe(e);
    if (e instanceof SdkClientException && isMissingSetup(e)) {
      return ApplicationFailure.newNonRetryableFailureWithCause(message, SETUP_TYPE, e);
    }
    // A "not found" that escapes a resource file is a missing dependency, which on EC2 is often
    // eventual consistency right after its create: retryable, bounded by the activity's timeouts.
    // An "already exists" that escapes is a name taken by something that is not ours: permanent.
    String type = code != null ? code : kind.name();
    return switch (kind) {
      case RETRYABLE, NOT_FOUND ->
          ApplicationFailure.newFailureWithCause(message, type, e, kind.name());
      case ALREADY_EXISTS, NON_RETRYABLE ->
          ApplicationFailure.newNonRetryableFailureWithCause(message, type, e, kind.name());
    };
  }

  /** "EC2 InvalidParameterValue: <AWS's message>" (status and request id left to the cause). */
  public static String describe(SdkException e) {
    if (e instanceof AwsServiceException s
        && code(e) == null
        && (s.statusCode() == 404 || s.statusCode() == 501)) {
      // AWS answers every operation it has with a coded error; a bare 404 is an endpoint without it
      java.util.regex.Matcher service =
          java.util.regex.Pattern.compile("Service: ([^,)]+)")
              .matcher(String.valueOf(e.getMessage()));
      return (service.find() ? service.group(1) : "AWS")
          + " answered HTTP "
          + s.statusCode()
          + " without an AWS error: the endpoint does not implement this operation (an emulator? moto has no MSK "
          + "configuration API and no GetBootstrapBrokers)";
    }
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      String service = s.awsErrorDetails().serviceName();
      return (service == null ? "AWS" : service)
          + " "
          + (code(e) == null ? "HTTP " + s.statusCode() : code(e))
          + ": "
          + s.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }

  public static String code(Throwable t) {
    if (t instanceof AwsServiceException e && e.awsErrorDetails() != null) {
      return e.awsErrorDetails().errorCode();
    }
    return null;
  }

  private static Kind classifyService(AwsServiceException e) {
    String code = code(e);
    String message =
        e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
            ? ""
            : e.awsErrorDetails().errorMessage().toLowerCase(Locale.ROOT);
    if ((code != null && (NOT_FOUND_CODES.contains(code) || code.endsWith(".NotFound")))
        || containsAny(message, NOT_FOUND_MESSAGES)) {
      return Kind.NOT_FOUND;
    }
    if ((code != null && ALREADY_EXISTS_CODES.contains(code))
        || containsAny(message, ALREADY_EXISTS_MESSAGES)) {
      return Kind.ALREADY_EXISTS;
    }
    if ((code != null && TRANSIENT_CODES.contains(code))
        || containsAny(message, TRANSIENT_MESSAGES)
        || e.isThrottlingException()
        || e.statusCode() >= 500) {
      return Kind.RETRYABLE;
    }
    return Kind.NON_RETRYABLE;
  }

  private static boolean containsAny(String message, List<String> fragments) {
    return fragments.stream().anyMatch(message::contains);
  }

  private static boolean isMissingSetup(SdkException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("unable to load credentials") || m.contains("unable to load region");
  }
}
