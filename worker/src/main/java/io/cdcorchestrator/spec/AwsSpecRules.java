package io.cdcorchestrator.spec;

import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules an AWS spec must meet, checked in the order a reader of the file meets them. Each
 * broken rule is one line naming the field: AWS would reject most of these only minutes into
 * provisioning, after resources had been made.
 */
final class AwsSpecRules {
  /**
   * Accepted by CreateCluster today and not past end of support (docs/ARCHITECTURE.md, "MSK Kafka
   * versions").
   */
  static final List<String> KAFKA_VERSIONS =
      List.of(
          "3.6.0",
          "3.7.x",
          "3.7.x.kraft",
          "3.8.x",
          "3.8.x.kraft",
          "3.9.x",
          "3.9.x.kraft",
          "4.0.x.kraft",
          "4.1.x.kraft");

  static final List<String> POSTGRES_MAJORS = List.of("16", "17");

  /** CloudWatch Logs accepts only these retentions. */
  static final Set<Integer> RETENTION_DAYS =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  /**
   * A public operatorCidr wider than this is refused unless the spec says {@code
   * allowWideOperatorCidr: true}: a /16 is a whole organisation's allocation.
   */
  static final int WIDEST_PUBLIC_PREFIX = 16;

  /** Wider than this is refused even then (0.0.0.0/1 is half the internet). */
  static final int MIDDLE_OF_NOWHERE_PREFIX = 8;

  /** 0.0.0.0/8: "this network" (RFC 1122), never a source address on the internet. */
  static final Cidr THIS_NETWORK = Cidr.parse("0.0.0.0/8");

  static final Set<Integer> FARGATE_CPU = Set.of(256, 512, 1024, 2048, 4096);
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern BROKER_TYPE = Pattern.compile("kafka\\.[a-z0-9]+\\.[a-z0-9]+");

  /** A zone ID: the same physical zone in every account ({@code use1-az6}, {@code euw1-az2}). */
  private static final Pattern ZONE_ID = Pattern.compile("[a-z]{2,6}\\d-az\\d{1,2}");

  private static final Pattern DB_CLASS = Pattern.compile("db\\.[a-z0-9]+\\.[a-z0-9]+");
  private static final Pattern ENGINE_VERSION = Pattern.compile("(\\d+)(\\.\\d+)?");
  private static final int MAX_USER_TAGS =
      40; // AWS allows 50 per resource; we add up to 3 of our own

  private AwsSpecRules() {}

  static void check(String pipeline, AwsSpec spec) {
    name(pipeline);
    require(
        REGION.matcher(spec.region()).matches(),
        "region",
        "'" + spec.region() + "' is not an AWS region like us-east-1");
    require(
        List.of(AwsSpec.BASTION, AwsSpec.DIRECT).contains(spec.dataPlaneAccess()),
        "dataPlaneAccess",
        "'"
            + spec.dataPlaneAccess()
            + "' is neither bastion (an SSH tunnel through a bastion) nor direct "
            + "(the worker reaches the VPC itself)");
    operatorCidr(spec.operatorCidr(), spec.viaBastion(), spec.wideOperatorCidrAllowed());
    tags(spec.tags());
    network(spec.region(), spec.network());
    kafka(spec.kafka(), spec.network().privateSubnets().size());
    database(spec.database());
    connect(spec.connect());
  }

  private static void name(String pipeline) {
    String problem = PipelineNames.validate(pipeline);
    if (problem == null) {
      problem = AwsNames.validate(pipeline);
    }
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * With the bastion: required, the only addresses admitted to its SSH port. Direct: optional, the
   * range (VPN, peered network) admitted to the database and the internal load balancer; default
   * the VPC.
   */
  private static void operatorCidr(String text, boolean bastion, boolean wideAllowed) {
    if (!bastion && (text == null || text.isBlank())) {
      return;
    }
    require(
        text != null && !text.isBlank(),
        "operatorCidr",
        "required with dataPlaneAccess: bastion: the address "
            + "range allowed to reach the bastion's SSH port, e.g. 203.0.113.10/32 (nothing is opened to 0.0.0.0/0)");
    Cidr cidr = cidr("operatorCidr", text);
    String opens = bastion ? "the bastion's SSH port" : "the database";
    require(
        cidr.prefix() > 0,
        "operatorCidr",
        text + " would open " + opens + " to the whole internet; give your own address range");
    require(
        cidr.prefix() >= MIDDLE_OF_NOWHERE_PREFIX && !THIS_NETWORK.contains(cidr),
        "operatorCidr",
        text
            + " would open "
            + opens
            + " to "
            + (THIS_NETWORK.contains(cidr)
                ? "0.0.0.0/8, which is no one's source address"
                : "a large part of the internet")
            + "; give your own address range (at most /"
            + WIDEST_PUBLIC_PREFIX
            + " when public)");
    require(
        cidr.isPrivate() || cidr.prefix() >= WIDEST_PUBLIC_PREFIX || wideAllowed,
        "operatorCidr",
        text
            + " is a public range wider than /"
            + WIDEST_PUBLIC_PREFIX
            + " ("
            + (1L << (32 - cidr.prefix()))
            + " addresses); narrow it to your own addresses, or set allowWideOperatorCidr: true"
            + " if you mean it");
  }

  private static void tags(Map<String, String> tags) {
    require(tags.size() <= MAX_USER_TAGS, "tags", "at most " + MAX_USER_TAGS + " tags");
    tags.forEach(
        (key, value) -> {
          String field = "tags." + key;
          require(!key.isEmpty() && key.length() <= 128, field, "tag keys have 1-128 characters");
          require(
              !key.startsWith("aws:") && !key.startsWith("cdc:") && !key.equals(AwsStack.NAME_TAG),
              field,
              "'aws:', 'cdc:' and 'Name' are reserved");
          require(
              value != null && value.length() <= 256, field, "tag values have 0-256 characters");
        });
  }

  private static void network(String region, AwsSpec.Network network) {
    Cidr vpc = cidr("network.vpcCidr", network.vpcCidr());
    require(
        vpc.prefix() >= 16 && vpc.prefix() <= 28,
        "network.vpcCidr",
        "AWS allows /16 to /28, not /" + vpc.prefix());
    List<String> zones = network.availabilityZones();
    int pairs = network.publicSubnets().size();
    if (zones == null) {
      require(
          pairs >= 2,
          "network.publicSubnets",
          "at least 2 subnets, one per availability zone (RDS, MSK and the ALB need 2), got "
              + pairs);
    } else {
      require(
          new HashSet<>(zones).size() >= 2 && new HashSet<>(zones).size() == zones.size(),
          "network.availabilityZones",
          "at least 2 distinct availability zones (RDS, MSK and the ALB need 2), got " + zones);
      for (int i = 0; i < zones.size(); i++) {
        String zone = zones.get(i);
        require(
            zone != null
                && (zone.matches(Pattern.quote(region) + "[a-z]")
                    || ZONE_ID.matcher(zone).matches()),
            "network.availabilityZones[" + i + "]",
            "'"
                + zone
                + "' is neither a zone of region "
                + region
                + " (like "
                + region
                + "a) nor a zone ID (like use1-az6)");
      }
      pairs = zones.size();
    }
    List<Cidr> seen = new ArrayList<>();
    List<String> seenFields = new ArrayList<>();
    for (String tier : List.of("publicSubnets", "privateSubnets")) {
      List<String> subnets =
          tier.equals("publicSubnets") ? network.publicSubnets() : network.privateSubnets();
      require(
          subnets.size() == pairs,
          "network." + tier,
          (zones == null
                  ? "as many private as public subnets, one pair per availability zone: "
                  : "one subnet per availability zone: ")
              + pairs
              + " expected, "
              + subnets.size()
              + " given");
      for (int i = 0; i < subnets.size(); i++) {
        String field = "network." + tier + "[" + i + "]";
        Cidr subnet = cidr(field, subnets.get(i));
        require(vpc.contains(subnet), field, subnet + " is outside the VPC " + vpc);
        require(
            subnet.prefix() <= 28,
            field,
            "AWS allows subnets of /16 to /28, not /" + subnet.prefix());
        for (int j = 0; j < seen.size(); j++) {
          require(
              !seen.get(j).overlaps(subnet),
              field,
              subnet + " overlaps " + seenFields.get(j) + " " + seen.get(j));
        }
        seen.add(subnet);
        seenFields.add(field);
      }
    }
  }

  private static void kafka(AwsSpec.Kafka kafka, int clientSubnets) {
    require(
        KAFKA_VERSIONS.contains(kafka.version()),
        "kafka.version",
        "unsupported MSK Kafka version '"
            + kafka.version()
            + "' (supported: "
            + String.join(", ", KAFKA_VERSIONS)
            + ")");
    require(
        BROKER_TYPE.matcher(kafka.brokerType()).matches(),
        "kafka.brokerType",
        "'" + kafka.brokerType() + "' is not an MSK broker type like kafka.t3.small");
    require(
        !(kafka.version().startsWith("4.") && kafka.brokerType().startsWith("kafka.t3.")),
        "kafka.brokerType",
        "Kafka "
            + kafka.version()
            + " does not run on "
            + kafka.brokerType()
            + " (use kafka.m7g.large or larger)");
    require(
        kafka.brokers() >= clientSubnets && kafka.brokers() % clientSubnets == 0,
        "kafka.brokers",
        "MSK needs a multiple of the "
            + clientSubnets
            + " private subnets, got "
            + kafka.brokers());
    require(
        kafka.storageGiB() >= 1 && kafka.storageGiB() <= 16384,
        "kafka.storageGiB",
        "1 to 16384 GiB per broker");
    require(
        List.of(AwsSpec.Kafka.TLS, AwsSpec.Kafka.PLAINTEXT).contains(kafka.listener()),
        "kafka.listener",
        "'" + kafka.listener() + "' is neither tls nor plaintext");
  }

  private static void database(AwsSpec.Database database) {
    var version = ENGINE_VERSION.matcher(database.engineVersion());
    require(
        version.matches() && POSTGRES_MAJORS.contains(version.group(1)),
        "database.engineVersion",
        "unsupported RDS PostgreSQL version '"
            + database.engineVersion()
            + "' (supported majors: "
            + String.join(", ", POSTGRES_MAJORS)
            + ")");
    require(
        DB_CLASS.matcher(database.instanceClass()).matches(),
        "database.instanceClass",
        "'" + database.instanceClass() + "' is not an RDS instance class like db.t4g.micro");
    require(
        database.storageGiB() >= 20 && database.storageGiB() <= 65536,
        "database.storageGiB",
        "gp3 storage is 20 to 65536 GiB, not " + database.storageGiB());
  }

  private static void connect(AwsSpec.Connect connect) {
    String image = connect.image();
    String last = image == null ? "" : image.substring(image.lastIndexOf('/') + 1);
    require(
        last.contains("@sha256:")
            || (last.contains(":") && !last.endsWith(":latest") && !last.endsWith(":")),
        "connect.image",
        "'" + image + "' must be pinned to a tag or digest (not latest)");
    require(
        FARGATE_CPU.contains(connect.cpu()),
        "connect.cpu",
        "Fargate CPU units are one of " + FARGATE_CPU);
    int cpu = connect.cpu();
    int min = cpu == 256 ? 512 : cpu * 2;
    int max = cpu == 256 ? 2048 : Math.min(cpu * 8, 30720);
    int memory = connect.memory();
    require(
        memory >= min && memory <= max && (memory % 1024 == 0 || memory == 512),
        "connect.memory",
        "Fargate with " + cpu + " CPU units takes " + min + " to " + max + " MiB in steps of 1024");
    require(
        connect.desiredCount() >= 1 && connect.desiredCount() <= 10,
        "connect.desiredCount",
        "1 to 10 tasks");
    require(
        RETENTION_DAYS.contains(connect.logRetentionDays()),
        "connect.logRetentionDays",
        connect.logRetentionDays()
            + " is not a CloudWatch Logs retention (e.g. 1, 7, 14, 30, 90, 365)");
  }

  private static Cidr cidr(String field, String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static void require(boolean ok, String field, String reason) {
    if (!ok) {
      throw new IllegalArgumentException(field + ": " + reason);
    }
  }
}
