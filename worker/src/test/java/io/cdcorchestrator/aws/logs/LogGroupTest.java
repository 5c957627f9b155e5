package io.cdcorchestrator.aws.logs;

import static io.cdcorchestrator.aws.ResourceContract.createTwiceMakesOne;
import static io.cdcorchestrator.aws.ResourceContract.deleteTwiceIsFine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.logs.LogGroupRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

@ExtendWith(Moto.class)
class LogGroupTest {
  private final CloudWatchLogsClient logs;
  private final AwsStack stack = Moto.newStack("logs");

  LogGroupTest(AwsClients clients) {
    this.logs = clients.logs();
  }

  @Test
  void log_group_is_created_once_with_retention_and_deleted() {
    LogGroup groups = new LogGroup(logs);
    var request = new LogGroupRequest(stack, 7);
    ResourceRecord group =
        createTwiceMakesOne(
            groups,
            request,
            () ->
                logs.describeLogGroups(r -> r.logGroupNamePrefix(request.name()))
                    .logGroups()
                    .size());
    assertEquals("7", group.attr("retentionDays"));
    assertEquals(AwsResource.AVAILABLE, groups.state(group));
    assertTrue(
        logs.listTagsForResource(r -> r.resourceArn(group.attr("arn").replaceAll(":\\*$", "")))
            .tags()
            .containsKey(AwsStack.PIPELINE_TAG));
    deleteTwiceIsFine(
        groups,
        group,
        () -> logs.describeLogGroups(r -> r.logGroupNamePrefix(request.name())).logGroups().size());
  }
}
