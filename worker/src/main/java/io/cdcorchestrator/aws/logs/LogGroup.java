package io.cdcorchestrator.aws.logs;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.logs.LogGroupRequest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The Connect task's log group, with a retention (the seed's kept logs forever). Create sets the
 * retention every time, so a group an earlier attempt created gets it too. No state in AWS.
 */
public final class LogGroup implements AwsResource<LogGroupRequest> {

  private final CloudWatchLogsClient logs;

  public LogGroup(CloudWatchLogsClient logs) {
    this.logs = logs;
  }

  @Override
  public String type() {
    return LogGroupRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    LogGroupRequest group = new LogGroupRequest(stack, 0);
    return AwsResource.found(group, find(group));
  }

  @Override
  public Optional<ResourceRecord> find(LogGroupRequest q) {
    return read(q.name());
  }

  @Override
  public ResourceRecord create(LogGroupRequest q) {
    AwsResource.findOrCreate(
        () -> find(q),
        () -> {
          logs.createLogGroup(r -> r.logGroupName(q.name()).tags(q.stack().tags()));
          return read(q.name()).orElseThrow();
        });
    logs.putRetentionPolicy(r -> r.logGroupName(q.name()).retentionInDays(q.retentionDays()));
    return read(q.name()).orElseThrow();
  }

  @Override
  public void delete(ResourceRecord group) {
    AwsResource.deleteIgnoringNotFound(() -> logs.deleteLogGroup(r -> r.logGroupName(group.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord group) {
    return AwsResource.emptyIfNotFound(() -> read(group.id()));
  }

  /** DescribeLogGroups filters by prefix: match the exact name. */
  private Optional<ResourceRecord> read(String name) {
    return logs.describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
        .filter(g -> name.equals(g.logGroupName()))
        .findFirst()
        .map(
            g ->
                new ResourceRecord(
                    LogGroupRequest.TYPE,
                    g.logGroupName(),
                    AVAILABLE,
                    AwsResource.attributes(
                        "arn",
                        g.arn(),
                        "retentionDays",
                        g.retentionInDays() == null ? null : g.retentionInDays().toString())));
  }
}
