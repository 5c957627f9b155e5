package io.cdcorchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc events NAME}: the pipeline's change topic, one JSON line per event. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a pipeline's change events as JSON lines.",
      "One line per event as it arrives: {topic, partition, offset, timestamp, key, value}, with Debezium's schema "
          + "envelope unwrapped to its payload.",
      "Reads the Kafka bootstrap servers and the change topic from the pipeline's status outputs. Stops at --max events, "
          + "after --timeout seconds, or on Ctrl-C."
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 failure (e.g. the pipeline is not READY), 2 bad input, 3 no pipeline of that name."
    })
final class EventsCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest event on the topic instead of new ones only.")
  boolean fromBeginning;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "Stop after N events (default: no limit).")
  Integer max;

  @Option(
      names = "--table",
      paramLabel = "SCHEMA.TABLE",
      description =
          "A captured table's events (default: the pipeline's first table, public.inventory).")
  String table;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description = "Stop after S seconds (default: no limit).")
  Integer timeoutSeconds;

  @Override
  public Integer call() {
    String name = pipeline.validated();
    if (max != null) {
      Inputs.positive("max", max);
    }
    if (timeoutSeconds != null) {
      Inputs.positive("timeout", timeoutSeconds);
    }
    PipelineStatus status;
    try (Session session = Session.open(root)) {
      status = session.pipelines().read(name).status();
    }
    Map<String, String> outputs = status.outputs() == null ? Map.of() : status.outputs();
    String bootstrap = outputs.get("kafkaBootstrap");
    String topic = outputs.get("changeTopic");
    if (bootstrap == null || topic == null) {
      throw CliException.failure(
          "pipeline " + name + " has no change topic to read (phase " + status.phase() + ")");
    }
    if (table != null) {
      if (!status.tables().contains(table)) {
        throw CliException.badInput(
            "table: "
                + table
                + " is not captured by pipeline "
                + name
                + " (captured: "
                + String.join(", ", status.tables())
                + ")");
      }
      // <prefix>.<schema>.<table>: changeTopic is the seed table's, or on an adopted database
      // the first captured table's
      String of =
          topic.endsWith("." + PipelineNames.CAPTURED_TABLE)
              ? PipelineNames.CAPTURED_TABLE
              : status.tables().get(0);
      topic = topic.substring(0, topic.length() - of.length()) + table;
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long deadline =
        timeoutSeconds == null
            ? Long.MAX_VALUE
            : System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    try (ShutdownSignal shutdown = ShutdownSignal.install(err);
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(consumerProperties(bootstrap))) {
      List<TopicPartition> partitions =
          awaitPartitions(consumer, topic, bootstrap, shutdown, deadline, err);
      if (partitions.isEmpty()) {
        return 0;
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
      }
      err.println(
          "watching "
              + topic
              + " at "
              + bootstrap
              + (max == null && timeoutSeconds == null ? " (Ctrl-C to stop)" : ""));
      err.flush();
      int count = 0;
      while (!shutdown.requested()
          && System.nanoTime() < deadline
          && (max == null || count < max)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          out.println(Json.line(event(record)));
          out.flush();
          if (max != null && ++count >= max) {
            break;
          }
        }
      }
    }
    return 0;
  }

  private static Properties consumerProperties(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cdc-events");
    return p;
  }

  /**
   * The topic's partitions, waiting for the topic (and Kafka) to be there; empty when stopped
   * first.
   */
  private static List<TopicPartition> awaitPartitions(
      KafkaConsumer<?, ?> consumer,
      String topic,
      String bootstrap,
      ShutdownSignal shutdown,
      long deadline,
      PrintWriter err) {
    boolean said = false;
    while (!shutdown.requested() && System.nanoTime() < deadline) {
      try {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(2)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (!partitions.isEmpty()) {
          return partitions;
        }
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // Kafka not answering (yet): keep trying until stopped
      }
      if (!said) {
        err.println("waiting for topic " + topic + " at " + bootstrap + " ...");
        err.flush();
        said = true;
      }
    }
    return List.of();
  }

  static ObjectNode event(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("topic", record.topic());
    node.put("partition", record.partition());
    node.put("offset", record.offset());
    node.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
    node.set("key", payload(record.key()));
    node.set("value", payload(record.value()));
    return node;
  }

  /**
   * JSON with Debezium's {schema, payload} envelope unwrapped; text when it is not JSON; null for a
   * tombstone.
   */
  static JsonNode payload(byte[] bytes) {
    if (bytes == null) {
      return Json.MAPPER.nullNode();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(bytes);
      if (node != null && node.isObject() && node.has("payload") && node.has("schema")) {
        return node.get("payload");
      }
      return node == null ? Json.MAPPER.nullNode() : node;
    } catch (IOException e) {
      return new TextNode(new String(bytes, StandardCharsets.UTF_8));
    }
  }
}
