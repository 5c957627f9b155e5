package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.model.preflight.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kafka.model.KafkaVersion;
import software.amazon.awssdk.services.kafka.model.KafkaVersionStatus;

/**
 * {@code kafka:ListKafkaVersions}: MSK offers the spec's Kafka version in this region, and has not
 * deprecated it (new clusters on a version past its end of support are being phased out).
 */
final class KafkaVersionCheck implements AwsCheck {
  static final String ID = "aws.kafka.version";

  @Override
  public List<Finding> run(AwsFacts facts) {
    String wanted = facts.spec.kafka().version();
    Map<String, KafkaVersionStatus> offered = new LinkedHashMap<>();
    Ask.aws(
            () ->
                facts.clients.kafka().listKafkaVersionsPaginator(r -> {}).kafkaVersions().stream()
                    .toList())
        .forEach((KafkaVersion v) -> offered.put(v.version(), v.status()));
    List<String> active =
        offered.entrySet().stream()
            .filter(e -> e.getValue() == KafkaVersionStatus.ACTIVE)
            .map(Map.Entry::getKey)
            .toList();
    String remedy = "set kafka.version to one of " + String.join(", ", active);
    KafkaVersionStatus status = offered.get(wanted);
    if (status == null) {
      return List.of(
          Finding.blocker(
              ID, "MSK in " + facts.spec.region() + " does not offer Kafka " + wanted, remedy));
    }
    if (status != KafkaVersionStatus.ACTIVE) {
      return List.of(
          Finding.warning(
              ID,
              "MSK lists Kafka " + wanted + " as " + status + ": new clusters on it are phased out",
              remedy));
    }
    return List.of(Finding.ok(ID, "MSK offers Kafka " + wanted));
  }
}
