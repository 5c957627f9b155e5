package io.cdcorchestrator.aws.kafka;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.kafka.MskConfigurationRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.Configuration;

/**
 * The MSK configuration the cluster starts with. MSK has no client token and ListConfigurations no
 * name filter, so find pages through them by name. A configuration cannot be deleted while a
 * cluster uses it ("in use by one or more clusters": retryable) and is then {@code DELETING} for a
 * while; creating one of the same name meanwhile waits (retryably) rather than fail. State: {@code
 * ACTIVE}, {@code DELETING}, {@code DELETE_FAILED}.
 */
public final class MskConfiguration implements AwsResource<MskConfigurationRequest> {
  static final String DELETING = "DELETING";

  private final KafkaClient kafka;

  public MskConfiguration(KafkaClient kafka) {
    this.kafka = kafka;
  }

  @Override
  public String type() {
    return MskConfigurationRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    MskConfigurationRequest configuration = new MskConfigurationRequest(stack, null, null);
    return AwsResource.found(configuration, find(configuration));
  }

  @Override
  public Optional<ResourceRecord> find(MskConfigurationRequest q) {
    return kafka.listConfigurationsPaginator(r -> {}).configurations().stream()
        .filter(c -> q.name().equals(c.name()))
        .findFirst()
        .map(MskConfiguration::record);
  }

  @Override
  public ResourceRecord create(MskConfigurationRequest q) {
    ResourceRecord configuration =
        AwsResource.findOrCreate(
            () -> find(q),
            () -> {
              String arn =
                  kafka
                      .createConfiguration(
                          r ->
                              r.name(q.name())
                                  .description("Debezium CDC pipeline " + q.stack().pipeline())
                                  .kafkaVersions(q.kafkaVersion())
                                  .serverProperties(SdkBytes.fromUtf8String(q.serverProperties())))
                      .arn();
              return read(arn).orElseThrow();
            });
    if (DELETING.equals(configuration.state())) {
      throw ApplicationFailure.newFailure(
          "MSK configuration "
              + q.name()
              + " from an earlier run is still being deleted; creating it again once that is done",
          DELETING);
    }
    return configuration;
  }

  @Override
  public void delete(ResourceRecord configuration) {
    AwsResource.deleteIgnoringNotFound(
        () -> kafka.deleteConfiguration(r -> r.arn(configuration.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord configuration) {
    return read(configuration.id());
  }

  private Optional<ResourceRecord> read(String arn) {
    return AwsResource.emptyIfNotFound(
        () -> {
          var c = kafka.describeConfiguration(r -> r.arn(arn));
          return Optional.of(
              record(
                  Configuration.builder()
                      .arn(c.arn())
                      .name(c.name())
                      .state(c.state())
                      .latestRevision(c.latestRevision())
                      .build()));
        });
  }

  private static ResourceRecord record(Configuration c) {
    return new ResourceRecord(
        MskConfigurationRequest.TYPE,
        c.arn(),
        c.stateAsString(),
        AwsResource.attributes(
            "name", c.name(), "revision", String.valueOf(c.latestRevision().revision())));
  }
}
