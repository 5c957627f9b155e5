package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.common.aws.AwsErrors.Kind;
import io.cdcorchestrator.model.aws.AwsNames;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.kafka.model.KafkaException;

@ExtendWith(Moto.class)
class AwsErrorsTest {

  private static AwsServiceException error(
      AwsServiceException.Builder builder, int status, String code, String message) {
    return builder
        .statusCode(status)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("Test")
                .build())
        .build();
  }

  private static AwsServiceException ec2(String code) {
    return error(Ec2Exception.builder(), 400, code, code + " happened");
  }

  @Test
  void codes_from_aws_facts_map_to_one_kind_each() {
    assertEquals(Kind.NOT_FOUND, AwsErrors.classify(ec2("InvalidVpcID.NotFound")));
    assertEquals(Kind.NOT_FOUND, AwsErrors.classify(ec2("NatGatewayNotFound")));
    assertEquals(
        Kind.NOT_FOUND,
        AwsErrors.classify(ec2("Gateway.NotAttached")),
        "detaching what is detached: done");
    assertEquals(Kind.ALREADY_EXISTS, AwsErrors.classify(ec2("InvalidGroup.Duplicate")));
    assertEquals(Kind.ALREADY_EXISTS, AwsErrors.classify(ec2("RouteAlreadyExists")));
    assertEquals(
        Kind.RETRYABLE, AwsErrors.classify(ec2("DependencyViolation")), "ENIs still draining");
    assertEquals(
        Kind.RETRYABLE, AwsErrors.classify(ec2("InvalidIPAddress.InUse")), "NAT still deleting");
    assertEquals(Kind.RETRYABLE, AwsErrors.classify(ec2("RequestLimitExceeded")), "EC2 throttling");
    assertEquals(Kind.NON_RETRYABLE, AwsErrors.classify(ec2("InvalidParameterValue")));
    assertEquals(Kind.NON_RETRYABLE, AwsErrors.classify(ec2("IdempotentParameterMismatch")));
    assertEquals(
        Kind.RETRYABLE,
        AwsErrors.classify(error(Ec2Exception.builder(), 503, null, "unavailable")));
  }

  @Test
  void generic_codes_are_told_apart_by_their_message() {
    assertEquals(
        Kind.ALREADY_EXISTS,
        AwsErrors.classify(
            error(
                EcsException.builder(),
                400,
                "InvalidParameterException",
                "Creation of service was not idempotent.")));
    assertEquals(
        Kind.NON_RETRYABLE,
        AwsErrors.classify(
            error(EcsException.builder(), 400, "InvalidParameterException", "Invalid cpu value")));
    assertEquals(
        Kind.RETRYABLE,
        AwsErrors.classify(
            error(
                KafkaException.builder(),
                400,
                "BadRequestException",
                "Configuration is in use by one or more clusters. Dissociate the configuration from the clusters.")));
    assertEquals(
        Kind.RETRYABLE,
        AwsErrors.classify(
            error(KafkaException.builder(), 429, "TooManyRequestsException", "slow down")));
    // issue 11: MSK refuses a delete while the cluster is in a transitional state; it is retried
    for (String state : List.of("CREATING", "UPDATING", "MAINTENANCE", "HEALING")) {
      assertEquals(
          Kind.RETRYABLE,
          AwsErrors.classify(
              error(
                  KafkaException.builder(),
                  400,
                  "BadRequestException",
                  "You can't delete cluster in " + state + " state.")),
          state);
    }
    assertEquals(
        Kind.NON_RETRYABLE,
        AwsErrors.classify(
            error(KafkaException.builder(), 400, "BadRequestException", "Invalid cluster ARN")));
  }

  @Test
  void failures_for_temporal_carry_the_aws_code_and_say_whether_to_retry() {
    ApplicationFailure permanent = AwsErrors.toFailure(ec2("InvalidParameterValue"));
    assertTrue(permanent.isNonRetryable());
    assertEquals("InvalidParameterValue", permanent.getType());
    assertTrue(
        permanent.getOriginalMessage().contains("InvalidParameterValue happened"),
        permanent.getOriginalMessage());

    ApplicationFailure draining = AwsErrors.toFailure(ec2("DependencyViolation"));
    assertFalse(draining.isNonRetryable());
    assertFalse(
        AwsErrors.toFailure(ec2("InvalidSubnetID.NotFound")).isNonRetryable(),
        "a dependency not found yet is EC2's eventual consistency");
    assertTrue(
        AwsErrors.toFailure(ec2("InvalidGroup.Duplicate")).isNonRetryable(),
        "a name taken by someone else");

    ApplicationFailure network =
        AwsErrors.toFailure(SdkClientException.create("connect timed out", new IOException()));
    assertFalse(network.isNonRetryable());
    ApplicationFailure noCredentials =
        AwsErrors.toFailure(
            SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain"));
    assertTrue(noCredentials.isNonRetryable());
    assertEquals(AwsErrors.SETUP_TYPE, noCredentials.getType());
  }

  @Test
  void real_moto_errors_classify_and_translate(AwsClients clients) {
    ApplicationFailure missingVpc =
        assertThrows(
            ApplicationFailure.class,
            () ->
                AwsErrors.translate(
                    () ->
                        clients
                            .ec2()
                            .createSubnet(r -> r.vpcId("vpc-00000000").cidrBlock("10.0.0.0/24"))));
    assertEquals("InvalidVpcID.NotFound", missingVpc.getType());
    assertFalse(missingVpc.isNonRetryable());
    assertEquals(
        Kind.NOT_FOUND,
        kindOf(() -> clients.rds().describeDBInstances(r -> r.dbInstanceIdentifier("nope"))));
    assertEquals(Kind.NOT_FOUND, kindOf(() -> clients.iam().getRole(r -> r.roleName("nope"))));
    assertEquals(Kind.NOT_FOUND, kindOf(() -> clients.ecs().deleteCluster(r -> r.cluster("nope"))));
    assertEquals(
        Kind.NOT_FOUND, kindOf(() -> clients.logs().deleteLogGroup(r -> r.logGroupName("/nope"))));
    assertEquals(
        Kind.NOT_FOUND, kindOf(() -> clients.elb().describeLoadBalancers(r -> r.names("nope"))));
  }

  /**
   * Plain moto (no {@link MotoMskGaps}) has no MSK configuration API: a bare 404, said plainly, not
   * retried.
   */
  @Test
  void an_operation_the_endpoint_lacks_fails_at_once_and_says_so() {
    try (AwsClients plain = AwsClients.create(MotoServer.REGION)) {
      ApplicationFailure f =
          assertThrows(
              ApplicationFailure.class,
              () -> AwsErrors.translate(() -> plain.kafka().listConfigurations(r -> {})));
      assertTrue(f.isNonRetryable());
      assertTrue(
          f.getOriginalMessage()
              .startsWith(
                  "Kafka answered HTTP 404 without an AWS error: the endpoint does "
                      + "not implement this operation"),
          f.getOriginalMessage());
    }
  }

  private static Kind kindOf(Runnable call) {
    RuntimeException e = assertThrows(RuntimeException.class, call::run);
    return AwsErrors.classify(e);
  }

  @Test
  void client_tokens_are_deterministic_and_fit_ecs() {
    String token =
        AwsNames.clientToken("demo", "connect", "arn:aws:elasticloadbalancing:…:targetgroup/x/1");
    assertEquals(
        token,
        AwsNames.clientToken("demo", "connect", "arn:aws:elasticloadbalancing:…:targetgroup/x/1"));
    assertTrue(token.length() <= 36);
    assertFalse(
        token.equals(
            AwsNames.clientToken(
                "demo", "connect", "arn:aws:elasticloadbalancing:…:targetgroup/x/2")),
        "a re-created pipeline gets a new token, not the deleted resource");
  }
}
