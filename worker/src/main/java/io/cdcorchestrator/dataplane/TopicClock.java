package io.cdcorchestrator.dataplane;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When did a topic last receive an event: the broker timestamp of the last record of each
 * partition, read by seeking one record back from the end. No consumer group, nothing committed, no
 * topic created. The age of a pipeline's last change event comes from here.
 */
final class TopicClock {
  private static final Logger LOG = LoggerFactory.getLogger(TopicClock.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(200);

  private TopicClock() {}

  /** The newest record's timestamp (epoch ms) per topic; topics empty or absent are left out. */
  static Map<String, Long> newest(String bootstrap, List<String> topics) {
    Map<String, Long> newest = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(bootstrap))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos != null) {
          infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, TIMEOUT);
      List<TopicPartition> pending = new ArrayList<>();
      for (TopicPartition p : partitions) {
        if (ends.get(p) > begins.get(p)) {
          consumer.seek(p, ends.get(p) - 1);
          pending.add(p);
        }
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!pending.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          newest.merge(r.topic(), r.timestamp(), Math::max);
          pending.remove(new TopicPartition(r.topic(), r.partition()));
        }
      }
    } catch (KafkaException e) {
      // the age is a metric, not a verdict: the health check goes on without it
      LOG.warn("cannot read the newest events of {} at {}: {}", topics, bootstrap, e.getMessage());
    }
    return newest;
  }

  private static Properties config(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cdc-health-check");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
