package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Workers build their AWS clients from their own default chain; a spec that names another region
 * must stop the run at its first create, before anything lands in the wrong region.
 */
@ExtendWith(Moto.class)
class RegionGuardTest {
  private final AwsClients clients;

  RegionGuardTest(AwsClients clients) {
    this.clients = clients;
  }

  @Test
  void aSpecForAnotherRegion_isRefusedAtTheFirstCreate_andNothingIsCreated() {
    AwsStack stack = Moto.newStack("region");
    NetworkActivitiesImpl network = new NetworkActivitiesImpl(clients);
    String elsewhere = MotoServer.REGION.equals("eu-west-1") ? "us-west-2" : "eu-west-1";

    ApplicationFailure refused =
        assertThrows(
            ApplicationFailure.class,
            () -> network.createVpc(new VpcRequest(stack, "10.100.0.0/16", elsewhere)));

    assertEquals("RegionMismatch", refused.getType());
    assertTrue(refused.isNonRetryable());
    assertTrue(
        refused.getOriginalMessage().startsWith("region: the spec asks for " + elsewhere),
        refused.getMessage());
    assertTrue(
        refused.getOriginalMessage().contains("AWS_REGION=" + elsewhere), refused.getMessage());
    assertEquals(0, vpcsOf(stack), "nothing created");
  }

  @Test
  void theWorkersOwnRegion_creates() {
    AwsStack stack = Moto.newStack("region");
    ResourceRecord vpc =
        new NetworkActivitiesImpl(clients)
            .createVpc(new VpcRequest(stack, "10.100.0.0/16", clients.region().id()));
    assertEquals(VpcRequest.TYPE, vpc.type());
    assertEquals(1, vpcsOf(stack));
    new NetworkActivitiesImpl(clients).delete(vpc);
  }

  private long vpcsOf(AwsStack stack) {
    return clients
        .ec2()
        .describeVpcs(
            r ->
                r.filters(
                    Filter.builder()
                        .name("tag:" + AwsStack.PIPELINE_TAG)
                        .values(stack.pipeline())
                        .build()))
        .vpcs()
        .size();
  }
}
