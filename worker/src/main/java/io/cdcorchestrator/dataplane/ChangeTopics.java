package io.cdcorchestrator.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a pipeline's topics without joining a consumer group (partitions assigned by hand, nothing
 * committed): the newest event's age, and Debezium's notifications.
 */
final class ChangeTopics implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(200);

  /** One Debezium notification (the sink channel's record, with or without a schema envelope). */
  record Notification(
      String id, String aggregateType, String type, Map<String, String> data, long timestamp) {}

  private final KafkaConsumer<String, String> consumer;

  ChangeTopics(String bootstrap, String clientId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(p);
  }

  /**
   * The broker timestamp (epoch ms) of the newest record of each of these topics, read by seeking
   * one record back from each partition's end; topics that do not exist or hold no record are left
   * out.
   */
  Map<String, Long> newestTimestamps(List<String> topics) {
    Map<TopicPartition, Long> end = nonEmptyPartitions(topics);
    Map<String, Long> newest = new HashMap<>();
    if (end.isEmpty()) {
      return newest;
    }
    consumer.assign(end.keySet());
    end.forEach((tp, offset) -> consumer.seek(tp, offset - 1));
    Set<TopicPartition> pending = new HashSet<>(end.keySet());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
        newest.merge(r.topic(), r.timestamp(), Math::max);
        pending.remove(new TopicPartition(r.topic(), r.partition()));
      }
    }
    return newest;
  }

  /** Every notification on {@code topic} so far, oldest first; none while it does not exist. */
  List<Notification> notifications(String topic) {
    Map<TopicPartition, Long> end = nonEmptyPartitions(List.of(topic));
    List<Notification> all = new ArrayList<>();
    if (end.isEmpty()) {
      return all;
    }
    consumer.assign(end.keySet());
    consumer.seekToBeginning(end.keySet());
    Map<TopicPartition, Long> read = new HashMap<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && !done(end, read)) {
      for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
        read.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
        parse(r.value()).ifPresent(all::add);
      }
    }
    all.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    return all;
  }

  private static boolean done(Map<TopicPartition, Long> end, Map<TopicPartition, Long> read) {
    return end.entrySet().stream().allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  /** The partitions of the existing topics among {@code topics} that hold records: their ends. */
  private Map<TopicPartition, Long> nonEmptyPartitions(List<String> topics) {
    Map<String, List<PartitionInfo>> existing = consumer.listTopics(TIMEOUT);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (PartitionInfo p : existing.getOrDefault(topic, List.of())) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    if (partitions.isEmpty()) {
      return end;
    }
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
    consumer
        .endOffsets(partitions, TIMEOUT)
        .forEach(
            (tp, offset) -> {
              if (offset > begin.getOrDefault(tp, 0L)) {
                end.put(tp, offset);
              }
            });
    return end;
  }

  static Optional<Notification> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      JsonNode n = ConnectApi.JSON.readTree(value);
      if (n.has("schema") && n.has("payload")) {
        n = n.get("payload");
      }
      if (!n.hasNonNull("id") || !n.hasNonNull("type")) {
        return Optional.empty();
      }
      Map<String, String> data = new HashMap<>();
      n.path("additional_data")
          .fields()
          .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
      return Optional.of(
          new Notification(
              n.get("id").asText(),
              n.path("aggregate_type").asText(),
              n.get("type").asText(),
              data,
              n.path("timestamp").asLong()));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(1));
  }
}
