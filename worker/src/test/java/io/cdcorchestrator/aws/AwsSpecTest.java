package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.spec.AwsSpecParser;
import io.cdcorchestrator.spec.Cidr;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The spec is read and checked before any AWS call: no moto here, by design. */
class AwsSpecTest {
  private static final String OPERATOR = "operatorCidr: 203.0.113.10/32\n";

  private static String rejection(String pipeline, String yaml) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AwsSpecParser.parse(pipeline, yaml));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void defaults_mirror_the_seed_brought_up_to_date() {
    AwsSpec spec = AwsSpecParser.parse("demo", OPERATOR);
    assertEquals("us-east-1", spec.region());
    assertEquals("10.100.0.0/16", spec.network().vpcCidr());
    assertEquals(null, spec.network().availabilityZones(), "the preflight chooses them");
    assertEquals(List.of("10.100.1.0/24", "10.100.4.0/24"), spec.network().publicSubnets());
    assertEquals(List.of("10.100.2.0/24", "10.100.3.0/24"), spec.network().privateSubnets());
    assertEquals("3.9.x", spec.kafka().version());
    assertEquals("kafka.t3.small", spec.kafka().brokerType());
    assertEquals(2, spec.kafka().brokers());
    assertTrue(spec.kafka().tls());
    assertEquals("17", spec.database().engineVersion());
    assertEquals("db.t4g.micro", spec.database().instanceClass());
    assertEquals(20, spec.database().storageGiB());
    assertTrue(
        spec.connect().image().matches("quay\\.io/debezium/connect:3\\.\\d+\\.\\d+\\.Final"));
    assertEquals(Map.of(AwsStack.PIPELINE_TAG, "demo"), spec.stack("demo").tags());
  }

  @Test
  void the_example_file_parses_and_equals_the_defaults() {
    AwsSpec example = AwsSpecParser.parse("demo", Path.of("../examples/aws.yaml"));
    AwsSpec defaults = AwsSpecParser.parse("demo", OPERATOR + "tags: {owner: data-platform}\n");
    assertEquals(defaults, example);
    assertEquals("data-platform", example.stack("demo").tags().get("owner"));
  }

  @Test
  void the_bastion_is_the_default_and_direct_access_needs_no_operator_cidr() {
    assertTrue(AwsSpecParser.parse("demo", OPERATOR).viaBastion());
    assertEquals(AwsSpec.BASTION, AwsSpecParser.parse("demo", OPERATOR).dataPlaneAccess());
    AwsSpec direct = AwsSpecParser.parse("demo", "dataPlaneAccess: direct\n");
    assertFalse(direct.viaBastion());
    assertEquals(null, direct.operatorCidr());
    assertTrue(
        rejection("demo", "dataPlaneAccess: direct\noperatorCidr: 0.0.0.0/0\n")
            .startsWith("operatorCidr: 0.0.0.0/0 would open"));
  }

  /**
   * Issue 11: a wide public operatorCidr only when asked for; private ranges (a VPN) and narrow
   * public ones as before; zone IDs as zones.
   */
  @Test
  void wide_operator_ranges_need_the_switch_and_zone_ids_are_zones() {
    assertEquals(
        "64.0.0.0/12",
        AwsSpecParser.parse("demo", "operatorCidr: 64.0.0.0/12\nallowWideOperatorCidr: true\n")
            .operatorCidr());
    assertEquals(
        "10.0.0.0/8", AwsSpecParser.parse("demo", "operatorCidr: 10.0.0.0/8\n").operatorCidr());
    assertEquals(
        "100.64.0.0/10",
        AwsSpecParser.parse("demo", "operatorCidr: 100.64.0.0/10\n").operatorCidr());
    assertEquals(
        "198.51.0.0/16",
        AwsSpecParser.parse("demo", "operatorCidr: 198.51.0.0/16\n").operatorCidr());
    assertEquals(
        List.of("use1-az6", "us-east-1c"),
        AwsSpecParser.parse(
                "demo", OPERATOR + "network: {availabilityZones: [use1-az6, us-east-1c]}\n")
            .network()
            .availabilityZones());
  }

  @Test
  void json_is_accepted_too() {
    AwsSpec spec =
        AwsSpecParser.parse(
            "demo", "{\"operatorCidr\": \"198.51.100.0/24\", \"kafka\": {\"brokers\": 4}}");
    assertEquals(4, spec.kafka().brokers());
    assertEquals("198.51.100.0/24", spec.operatorCidr());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      operatorCidr missing              | region: us-east-1                                             | operatorCidr: required
      operatorCidr open to the world    | operatorCidr: 0.0.0.0/0                                       | operatorCidr: 0.0.0.0/0 would open
      operatorCidr not a CIDR           | operatorCidr: my-laptop                                       | operatorCidr: 'my-laptop' is not an IPv4 CIDR
      invalid VPC CIDR                  | network: {vpcCidr: 10.100.0.300/16}                           | network.vpcCidr: '10.100.0.300/16' has an octet above 255
      VPC CIDR with host bits           | network: {vpcCidr: 10.100.0.1/16}                             | network.vpcCidr: '10.100.0.1/16' has host bits set
      VPC too large                     | network: {vpcCidr: 10.0.0.0/8}                                | network.vpcCidr: AWS allows /16 to /28
      subnet outside the VPC            | network: {publicSubnets: [10.100.1.0/24, 10.200.4.0/24]}      | network.publicSubnets[1]: 10.200.4.0/24 is outside the VPC
      overlapping subnets               | network: {privateSubnets: [10.100.2.0/24, 10.100.1.128/25]}   | network.privateSubnets[1]: 10.100.1.128/25 overlaps network.publicSubnets[0]
      fewer than 2 AZs                  | network: {availabilityZones: [us-east-1a]}                    | network.availabilityZones: at least 2 distinct
      the same AZ twice                 | network: {availabilityZones: [us-east-1a, us-east-1a]}        | network.availabilityZones: at least 2 distinct
      AZ of another region              | network: {availabilityZones: [us-east-1a, eu-west-1b]}        | network.availabilityZones[1]: 'eu-west-1b' is neither a zone of region us-east-1
      not a zone ID either              | network: {availabilityZones: [use1-az6, useast1]}             | network.availabilityZones[1]: 'useast1' is neither a zone of region us-east-1
      subnets not one per AZ            | network: {availabilityZones: [us-east-1a, us-east-1b], publicSubnets: [10.100.1.0/24]} | network.publicSubnets: one subnet per availability zone
      a single subnet pair              | network: {publicSubnets: [10.100.1.0/24], privateSubnets: [10.100.2.0/24]} | network.publicSubnets: at least 2 subnets
      unequal subnet pairs              | network: {privateSubnets: [10.100.2.0/24]}                    | network.privateSubnets: as many private as public subnets
      operatorCidr half the internet    | operatorCidr: 0.0.0.0/1                                       | operatorCidr: 0.0.0.0/1 would open the bastion's SSH port to a large part of the internet
      operatorCidr 0.0.0.0/8            | operatorCidr: 0.0.0.0/8                                       | operatorCidr: 0.0.0.0/8 would open the bastion's SSH port to 0.0.0.0/8, which is no one's source address
      operatorCidr a public /12         | operatorCidr: 64.0.0.0/12                                     | operatorCidr: 64.0.0.0/12 is a public range wider than /16 (1048576 addresses); narrow it to your own addresses, or set allowWideOperatorCidr: true
      wide even when allowed            | operatorCidr: 64.0.0.0/6\\nallowWideOperatorCidr: true        | operatorCidr: 64.0.0.0/6 would open the bastion's SSH port to a large part of the internet
      unsupported RDS major             | database: {engineVersion: '12'}                               | database.engineVersion: unsupported RDS PostgreSQL version '12'
      RDS storage below gp3 minimum     | database: {storageGiB: 10}                                    | database.storageGiB: gp3 storage is 20 to 65536 GiB
      unsupported MSK version           | kafka: {version: 2.4.1}                                       | kafka.version: unsupported MSK Kafka version '2.4.1'
      Kafka 4 on small brokers          | kafka: {version: 4.0.x.kraft}                                 | kafka.brokerType: Kafka 4.0.x.kraft does not run on kafka.t3.small
      brokers not a multiple of subnets | kafka: {brokers: 3}                                           | kafka.brokers: MSK needs a multiple of the 2 private subnets
      unknown listener                  | kafka: {listener: sasl}                                       | kafka.listener: 'sasl' is neither tls nor plaintext
      unpinned image                    | connect: {image: 'quay.io/debezium/connect'}                  | connect.image: 'quay.io/debezium/connect' must be pinned
      latest image                      | connect: {image: 'quay.io/debezium/connect:latest'}           | connect.image:
      Fargate memory out of range       | connect: {cpu: 512, memory: 512}                              | connect.memory: Fargate with 512 CPU units takes 1024 to 4096 MiB
      invalid log retention             | connect: {logRetentionDays: 10}                               | connect.logRetentionDays: 10 is not a CloudWatch Logs retention
      reserved tag                      | tags: {'cdc:pipeline': other}                                 | tags.cdc:pipeline: 'aws:', 'cdc:' and 'Name' are reserved
      unknown top-level key             | regoin: us-east-1                                             | regoin: unknown key (known: allowWideOperatorCidr, connect, dataPlaneAccess, database, kafka, network, operatorCidr, region, tags)
      unknown nested key                | kafka: {brokerz: 3}                                           | kafka.brokerz: unknown key (known: brokerType, brokers, listener, storageGiB, version)
      wrong type                        | kafka: {brokers: two}                                         | kafka.brokers: expected a whole number
      a list where a mapping belongs    | kafka: [3.9.x]                                                | kafka: expected a mapping of keys to values
      syntax error at the top           | ': : :'                                                       | spec: not valid YAML or JSON
      not YAML                          | 'kafka: {brokers: 2'                                          | kafka: not valid YAML or JSON at line 2
      bad region                        | region: mars                                                  | region: 'mars' is not an AWS region
      unknown dataPlaneAccess           | dataPlaneAccess: vpn                                          | dataPlaneAccess: 'vpn' is neither bastion
      operatorCidr missing with bastion | dataPlaneAccess: bastion                                      | operatorCidr: required with dataPlaneAccess: bastion
      """)
  void bad_input_is_rejected_naming_the_field(String why, String yaml, String expected) {
    String body =
        yaml.startsWith("operatorCidr") || why.startsWith("operatorCidr missing")
            ? yaml
            : OPERATOR + yaml;
    String message =
        rejection(
            "demo",
            body.replace("'kafka: {brokers: 2'", "kafka: {brokers: 2")
                .replace("': : :'", ": : :")
                .replace("\\n", "\n"));
    assertTrue(message.startsWith(expected), why + " → " + message);
  }

  @Test
  void pipeline_names_that_break_aws_limits_are_rejected() {
    // 25 characters: cdc-<name>-alb would be 33 > 32
    assertTrue(
        rejection("a234567890123456789012345", OPERATOR)
            .startsWith(
                "name: pipeline name 'a234567890123456789012345' gives the load balancer name"));
    assertTrue(
        rejection("bad--name", OPERATOR)
            .startsWith("name: pipeline name 'bad--name' gives the DB instance name"));
    assertTrue(
        rejection("Upper", OPERATOR).startsWith("name: 'Upper' is not a valid pipeline name"));
    assertEquals(
        "a23456789012345678901234",
        AwsSpecParser.parse("a23456789012345678901234", OPERATOR)
            .stack("a23456789012345678901234")
            .pipeline(),
        "24 characters fit every AWS name");
  }

  @Test
  void cidr_arithmetic() {
    Cidr vpc = Cidr.parse("10.100.0.0/16");
    assertTrue(vpc.contains(Cidr.parse("10.100.255.0/24")));
    assertFalse(vpc.contains(Cidr.parse("10.101.0.0/24")));
    assertTrue(Cidr.parse("10.100.1.0/24").overlaps(Cidr.parse("10.100.1.128/25")));
    assertFalse(Cidr.parse("10.100.1.0/24").overlaps(Cidr.parse("10.100.2.0/24")));
    assertEquals("0.0.0.0/0", Cidr.parse("0.0.0.0/0").toString());
  }
}
