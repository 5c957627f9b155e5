package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.preflight.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.AvailabilityZoneState;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.rds.model.OrderableDBInstanceOption;

/**
 * The zones the subnets go into. A zone name maps to a different physical zone in every account, so
 * what each zone offers is asked by its zone ID: {@code ec2:DescribeAvailabilityZones} resolves
 * names and IDs, {@code ec2:DescribeInstanceTypeOfferings} (location type {@code
 * availability-zone-id}) says where the broker's and the bastion's instance types run, and {@code
 * rds:DescribeOrderableDBInstanceOptions} where the database class does. MSK has no API that lists
 * the zones it takes brokers in: it runs them on the EC2 type of the same name (kafka.m5.large on
 * m5.large), and refuses a few zones outright ({@link #MSK_REFUSED_ZONE_IDS}).
 *
 * <p>Spec zones given (names or IDs): each must offer all of them, or a blocker names the zone and
 * what it lacks. None given: the first zones by name that offer all of them are chosen.
 */
final class ZoneCheck implements AwsCheck {
  static final String ID = "aws.zones";

  /**
   * Zones whose subnets CreateCluster refuses whatever the broker type (AWS's MSK documentation:
   * "use1-az3" in us-east-1). Extend as AWS lists more.
   */
  static final Set<String> MSK_REFUSED_ZONE_IDS = Set.of("use1-az3");

  /**
   * The EC2 instance type an MSK broker type runs on: {@code kafka.t3.small} → {@code t3.small}.
   */
  static String ec2TypeOfBroker(String brokerType) {
    return brokerType.startsWith("kafka.") ? brokerType.substring("kafka.".length()) : brokerType;
  }

  @Override
  public List<Finding> run(AwsFacts facts) {
    AwsSpec spec = facts.spec;
    // name → zone, in name order; only real zones (no Local or Wavelength zones), available
    Map<String, AvailabilityZone> zones = new TreeMap<>();
    Ask.aws(
            () ->
                facts
                    .clients
                    .ec2()
                    .describeAvailabilityZones(
                        r ->
                            r.filters(
                                Filter.builder()
                                    .name("zone-type")
                                    .values("availability-zone")
                                    .build()))
                    .availabilityZones())
        .stream()
        .filter(z -> z.state() == AvailabilityZoneState.AVAILABLE)
        .forEach(z -> zones.put(z.zoneName(), z));
    Map<String, Set<String>> missing = missingPerZoneId(facts, zones);
    List<String> wanted = spec.network().availabilityZones();
    return wanted == null ? choose(facts, zones, missing) : given(facts, zones, missing, wanted);
  }

  /**
   * For each zone ID, what the stack needs that it does not offer, e.g. {@code kafka.t3.small
   * brokers}.
   */
  private static Map<String, Set<String>> missingPerZoneId(
      AwsFacts facts, Map<String, AvailabilityZone> zones) {
    AwsSpec spec = facts.spec;
    Map<String, String> needs = new LinkedHashMap<>(); // EC2 type → what it is for
    needs.put(
        ec2TypeOfBroker(spec.kafka().brokerType()), spec.kafka().brokerType() + " MSK brokers");
    if (spec.viaBastion()) {
      needs.merge(
          BastionInstanceRequest.INSTANCE_TYPE,
          BastionInstanceRequest.INSTANCE_TYPE + " bastion",
          (a, b) -> a + " and " + b);
    }
    Map<String, Set<String>> offered = new HashMap<>(); // EC2 type → zone IDs
    Ask.aws(
            () ->
                facts
                    .clients
                    .ec2()
                    .describeInstanceTypeOfferingsPaginator(
                        r ->
                            r.locationType(LocationType.AVAILABILITY_ZONE_ID)
                                .filters(
                                    Filter.builder()
                                        .name("instance-type")
                                        .values(needs.keySet())
                                        .build()))
                    .instanceTypeOfferings()
                    .stream()
                    .toList())
        .forEach(
            o ->
                offered
                    .computeIfAbsent(o.instanceTypeAsString(), t -> new HashSet<>())
                    .add(o.location()));
    Set<String> dbZoneNames = databaseZoneNames(facts);

    Map<String, Set<String>> missing = new HashMap<>();
    for (AvailabilityZone z : zones.values()) {
      Set<String> lacks = new java.util.LinkedHashSet<>();
      needs.forEach(
          (type, what) -> {
            if (!offered.getOrDefault(type, Set.of()).contains(z.zoneId())) {
              lacks.add(what);
            }
          });
      if (MSK_REFUSED_ZONE_IDS.contains(z.zoneId())) {
        lacks.add("MSK brokers (MSK refuses subnets in " + z.zoneId() + ")");
      }
      if (!dbZoneNames.contains(z.zoneName())) {
        lacks.add(spec.database().instanceClass() + " RDS PostgreSQL");
      }
      missing.put(z.zoneId(), lacks);
    }
    return missing;
  }

  /** The zone names where RDS offers the spec's class for its PostgreSQL version. */
  private static Set<String> databaseZoneNames(AwsFacts facts) {
    AwsSpec.Database db = facts.spec.database();
    String version = db.engineVersion();
    Set<String> names = new HashSet<>();
    Ask.aws(
            () ->
                facts
                    .clients
                    .rds()
                    .describeOrderableDBInstanceOptionsPaginator(
                        r ->
                            r.engine(PostgresVersionCheck.ENGINE)
                                .dbInstanceClass(db.instanceClass()))
                    .orderableDBInstanceOptions()
                    .stream()
                    .toList())
        .stream()
        .filter(o -> sameVersion(o, version))
        .forEach(o -> o.availabilityZones().forEach(z -> names.add(z.name())));
    return names;
  }

  private static boolean sameVersion(OrderableDBInstanceOption o, String wanted) {
    String v = o.engineVersion();
    return v != null && (wanted.contains(".") ? v.equals(wanted) : v.startsWith(wanted + "."));
  }

  private List<Finding> choose(
      AwsFacts facts, Map<String, AvailabilityZone> zones, Map<String, Set<String>> missing) {
    List<AvailabilityZone> fit =
        zones.values().stream().filter(z -> missing.get(z.zoneId()).isEmpty()).toList();
    int n = facts.zoneCount();
    if (fit.size() < n) {
      return List.of(
          Finding.blocker(
              ID,
              "only "
                  + fit.size()
                  + " zone(s) of "
                  + facts.spec.region()
                  + " offer everything the stack needs ("
                  + describe(fit)
                  + "), it needs "
                  + n
                  + "; "
                  + lacking(zones, missing),
              "choose other instance types (kafka.brokerType, database.instanceClass) or another"
                  + " region"));
    }
    resolved(facts, fit.subList(0, n));
    return List.of(
        Finding.ok(
            ID,
            "chose "
                + describe(fit.subList(0, n))
                + " (network.availabilityZones unset): they offer "
                + offers(facts)));
  }

  private List<Finding> given(
      AwsFacts facts,
      Map<String, AvailabilityZone> zones,
      Map<String, Set<String>> missing,
      List<String> wanted) {
    Map<String, AvailabilityZone> byId = new HashMap<>();
    zones.values().forEach(z -> byId.put(z.zoneId(), z));
    List<String> fits =
        zones.values().stream()
            .filter(z -> missing.get(z.zoneId()).isEmpty())
            .map(ZoneCheck::label)
            .toList();
    String remedy =
        "list zones that offer them under network.availabilityZones (by name or zone ID), e.g. "
            + String.join(", ", fits.subList(0, Math.min(fits.size(), 3)))
            + ", or leave it out to have them chosen";
    List<Finding> blockers = new ArrayList<>();
    List<AvailabilityZone> chosen = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      String w = wanted.get(i);
      AvailabilityZone z = zones.containsKey(w) ? zones.get(w) : byId.get(w);
      String field = "network.availabilityZones[" + i + "]";
      if (z == null) {
        blockers.add(
            Finding.blocker(
                ID,
                field + ": " + w + " is not an available zone of " + facts.spec.region(),
                remedy));
      } else if (!missing.get(z.zoneId()).isEmpty()) {
        blockers.add(
            Finding.blocker(
                ID,
                field
                    + ": zone "
                    + label(z)
                    + " does not offer "
                    + String.join(", ", missing.get(z.zoneId())),
                remedy));
      } else {
        chosen.add(z);
      }
    }
    if (!blockers.isEmpty()) {
      return blockers;
    }
    resolved(facts, chosen);
    return List.of(Finding.ok(ID, describe(chosen) + " offer " + offers(facts)));
  }

  private static void resolved(AwsFacts facts, List<AvailabilityZone> zones) {
    facts.zones = zones.stream().map(AvailabilityZone::zoneName).toList();
    facts.zoneIds = zones.stream().map(AvailabilityZone::zoneId).toList();
  }

  private static String offers(AwsFacts facts) {
    AwsSpec spec = facts.spec;
    return spec.kafka().brokerType()
        + ", "
        + spec.database().instanceClass()
        + (spec.viaBastion() ? ", " + BastionInstanceRequest.INSTANCE_TYPE : "");
  }

  private static String lacking(Map<String, AvailabilityZone> zones, Map<String, Set<String>> m) {
    List<String> parts = new ArrayList<>();
    for (AvailabilityZone z : zones.values()) {
      if (!m.get(z.zoneId()).isEmpty()) {
        parts.add(label(z) + " lacks " + String.join(", ", m.get(z.zoneId())));
      }
    }
    return String.join("; ", parts);
  }

  private static String describe(List<AvailabilityZone> zones) {
    return zones.isEmpty()
        ? "none"
        : String.join(", ", zones.stream().map(ZoneCheck::label).toList());
  }

  static String label(AvailabilityZone z) {
    return z.zoneName() + " (" + z.zoneId() + ")";
  }
}
