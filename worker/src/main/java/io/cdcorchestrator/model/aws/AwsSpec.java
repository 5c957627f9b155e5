package io.cdcorchestrator.model.aws;

import java.util.List;
import java.util.Map;

/**
 * What {@code cdc up NAME --target aws --spec FILE} asks for. Every field but {@code operatorCidr}
 * has a default mirroring the seed, brought up to date (current Kafka and PostgreSQL, gp3 storage,
 * Debezium's image from quay.io, logs that expire). {@link AwsSpecParser} reads and checks it
 * before any AWS call; its records also travel in workflow input (no secret in any of them).
 *
 * @param region AWS region; defaults to the seed's us-east-1
 * @param operatorCidr the only addresses the load balancer (Kafka Connect's REST API) admits;
 *     required
 * @param tags extra tags on every resource, besides {@code cdc:pipeline=<name>}
 * @param dataPlaneAccess how the data-plane worker reaches the private database and Kafka Connect:
 *     {@code bastion} (default: an SSH tunnel through a bastion that admits only operatorCidr) or
 *     {@code direct} (the worker runs inside the VPC, or reaches it by VPN or peering)
 * @param allowWideOperatorCidr true admits a public operatorCidr wider than /16 (down to /8): the
 *     rule that refuses one otherwise stops a typo from opening the stack to a large part of the
 *     internet
 */
public record AwsSpec(
    String region,
    String operatorCidr,
    Map<String, String> tags,
    Network network,
    Kafka kafka,
    Database database,
    Connect connect,
    String dataPlaneAccess,
    Boolean allowWideOperatorCidr) {

  public static final String DEFAULT_REGION = "us-east-1";
  public static final String BASTION = "bastion";
  public static final String DIRECT = "direct";

  /** A spec written before the access mode existed: the default (bastion). */
  public AwsSpec(
      String region,
      String operatorCidr,
      Map<String, String> tags,
      Network network,
      Kafka kafka,
      Database database,
      Connect connect) {
    this(region, operatorCidr, tags, network, kafka, database, connect, null);
  }

  /** A spec written before the wide-range switch existed: wide public ranges refused. */
  public AwsSpec(
      String region,
      String operatorCidr,
      Map<String, String> tags,
      Network network,
      Kafka kafka,
      Database database,
      Connect connect,
      String dataPlaneAccess) {
    this(region, operatorCidr, tags, network, kafka, database, connect, dataPlaneAccess, null);
  }

  /** Whether a public operatorCidr wider than /16 was asked for explicitly. */
  public boolean wideOperatorCidrAllowed() {
    return Boolean.TRUE.equals(allowWideOperatorCidr);
  }

  /** True unless {@code direct}: a spec recorded before the field existed means the default. */
  public boolean viaBastion() {
    return !DIRECT.equals(dataPlaneAccess);
  }

  /**
   * @param availabilityZones one public and one private subnet in each, in order, by name ({@code
   *     us-east-1a}) or zone ID ({@code use1-az6}); at least two. Null: the preflight chooses zones
   *     that offer every instance type the stack runs
   */
  public record Network(
      String vpcCidr,
      List<String> availabilityZones,
      List<String> publicSubnets,
      List<String> privateSubnets) {
    Network withDefaults() {
      return new Network(
          or(vpcCidr, "10.100.0.0/16"),
          availabilityZones,
          or(publicSubnets, List.of("10.100.1.0/24", "10.100.4.0/24")),
          or(privateSubnets, List.of("10.100.2.0/24", "10.100.3.0/24")));
    }
  }

  /**
   * @param listener {@code tls} (port 9094) or {@code plaintext} (9092) between clients and brokers
   */
  public record Kafka(
      String version, String brokerType, Integer brokers, Integer storageGiB, String listener) {
    public static final String TLS = "tls";
    public static final String PLAINTEXT = "plaintext";

    Kafka withDefaults() {
      return new Kafka(
          or(version, "3.9.x"),
          or(brokerType, "kafka.t3.small"),
          or(brokers, 2),
          or(storageGiB, 10),
          or(listener, TLS));
    }

    public boolean tls() {
      return TLS.equals(listener);
    }
  }

  /**
   * @param engineVersion a PostgreSQL major ({@code 16}, {@code 17}), optionally with a minor
   */
  public record Database(String engineVersion, String instanceClass, Integer storageGiB) {
    Database withDefaults() {
      return new Database(
          or(engineVersion, "17"), or(instanceClass, "db.t4g.micro"), or(storageGiB, 20));
    }

    /** The parameter group family wants the major alone. */
    public String engineMajor() {
      return engineVersion.split("\\.")[0];
    }
  }

  /**
   * @param image Debezium's Kafka Connect image, pinned to a tag or digest
   */
  public record Connect(
      String image, Integer cpu, Integer memory, Integer desiredCount, Integer logRetentionDays) {
    Connect withDefaults() {
      return new Connect(
          or(image, "quay.io/debezium/connect:3.6.0.Final"),
          or(cpu, 512),
          or(memory, 2048),
          or(desiredCount, 1),
          or(logRetentionDays, 14));
    }
  }

  /** Every unset field filled with its default. */
  public AwsSpec withDefaults() {
    String r = or(region, DEFAULT_REGION);
    return new AwsSpec(
        r,
        operatorCidr,
        or(tags, Map.of()),
        or(network, new Network(null, null, null, null)).withDefaults(),
        or(kafka, new Kafka(null, null, null, null, null)).withDefaults(),
        or(database, new Database(null, null, null)).withDefaults(),
        or(connect, new Connect(null, null, null, null, null)).withDefaults(),
        or(dataPlaneAccess, BASTION),
        allowWideOperatorCidr);
  }

  /** The stack of pipeline {@code name}: its name and the tags every resource gets. */
  public AwsStack stack(String name) {
    return new AwsStack(name, tags);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
