package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.model.preflight.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.kafka.model.ClusterState;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.servicequotas.model.ServiceQuota;

/**
 * The quotas the stack consumes, against {@code servicequotas} (the account's applied value, else
 * AWS's default) and what the account uses now: one VPC, one internet gateway, its security groups,
 * one Elastic IP, one NAT gateway in the first zone, and the brokers. A quota that cannot be read
 * (the caller may not, or the service does not list it) is a warning.
 */
final class QuotaCheck implements AwsCheck {

  /**
   * One quota: its Service Quotas code (or, where it is best known by name, the words of its name),
   * and what the stack needs of it.
   */
  record Quota(
      String id,
      String service,
      String code,
      String name,
      ToIntFunction<AwsFacts> needed,
      ToIntFunction<AwsFacts> used) {}

  static final List<Quota> QUOTAS =
      List.of(
          new Quota(
              "vpcs",
              "vpc",
              "L-F678F1CE",
              "VPCs per Region",
              f -> 1,
              f -> f.clients.ec2().describeVpcs().vpcs().size()),
          new Quota(
              "internet-gateways",
              "vpc",
              "L-A4707A72",
              "Internet gateways per Region",
              f -> 1,
              f -> f.clients.ec2().describeInternetGateways().internetGateways().size()),
          new Quota(
              "security-groups",
              "vpc",
              "L-E79EC296",
              "VPC security groups per Region",
              f -> f.spec.viaBastion() ? 3 : 2,
              f ->
                  (int)
                      f
                          .clients
                          .ec2()
                          .describeSecurityGroupsPaginator(r -> {})
                          .securityGroups()
                          .stream()
                          .count()),
          new Quota(
              "elastic-ips",
              "ec2",
              "L-0263D0A3",
              "EC2-VPC Elastic IPs",
              f -> 1,
              f -> f.clients.ec2().describeAddresses().addresses().size()),
          new Quota(
              "nat-gateways",
              "vpc",
              "L-FE5A380F",
              "NAT gateways per Availability Zone",
              f -> f.zones.isEmpty() ? 0 : 1,
              QuotaCheck::natGatewaysInFirstZone),
          new Quota(
              "msk-brokers",
              "kafka",
              null,
              "brokers per account",
              f -> f.spec.kafka().brokers(),
              QuotaCheck::brokers));

  @Override
  public List<Finding> run(AwsFacts facts) {
    List<Finding> findings = new ArrayList<>();
    for (Quota q : QUOTAS) {
      findings.add(check(facts, q));
    }
    return findings;
  }

  private static Finding check(AwsFacts facts, Quota q) {
    String id = "aws.quota." + q.id();
    int needed = q.needed().applyAsInt(facts);
    if (needed == 0) {
      return Finding.ok(id, q.name() + ": nothing needed");
    }
    Optional<Double> limit;
    int used;
    try {
      limit = Ask.aws(() -> value(facts.clients.serviceQuotas(), q));
      used = Ask.aws(() -> q.used().applyAsInt(facts));
    } catch (SdkException e) {
      if (AwsErrors.classify(e) == AwsErrors.Kind.RETRYABLE) {
        throw e;
      }
      return Finding.warning(
          id,
          q.name() + ": not checked: " + AwsErrors.describe(e),
          "allow servicequotas:GetServiceQuota and the describe calls of the README's IAM policy");
    }
    if (limit.isEmpty()) {
      return Finding.warning(
          id,
          q.name() + ": Service Quotas does not list it in " + facts.spec.region(),
          "check it in the Service Quotas console");
    }
    int max = (int) Math.floor(limit.get());
    String where = q.id().equals("nat-gateways") ? " in " + facts.zones.get(0) : "";
    String usage = used + " of " + max + " used" + where + ", the stack needs " + needed;
    if (used + needed > max) {
      return Finding.blocker(
          id,
          q.name() + ": " + usage,
          "free some, or request an increase in Service Quotas ("
              + q.service()
              + (q.code() == null ? " \"" + q.name() + "\"" : " " + q.code())
              + ")");
    }
    return Finding.ok(id, q.name() + ": " + usage);
  }

  /** The applied value, else AWS's default; by code, or by name for a quota known by its name. */
  static Optional<Double> value(ServiceQuotasClient quotas, Quota q) {
    if (q.code() != null) {
      try {
        return Optional.of(
            quotas
                .getServiceQuota(r -> r.serviceCode(q.service()).quotaCode(q.code()))
                .quota()
                .value());
      } catch (SdkException e) {
        if (!notListed(e)) {
          throw e;
        }
      }
      try {
        return Optional.of(
            quotas
                .getAWSDefaultServiceQuota(r -> r.serviceCode(q.service()).quotaCode(q.code()))
                .quota()
                .value());
      } catch (SdkException e) {
        if (!notListed(e)) {
          throw e;
        }
        return Optional.empty();
      }
    }
    String words = q.name().toLowerCase(Locale.ROOT);
    Optional<Double> applied =
        byName(quotas.listServiceQuotasPaginator(r -> r.serviceCode(q.service())).quotas(), words);
    return applied.isPresent()
        ? applied
        : byName(
            quotas.listAWSDefaultServiceQuotasPaginator(r -> r.serviceCode(q.service())).quotas(),
            words);
  }

  private static Optional<Double> byName(Iterable<ServiceQuota> quotas, String words) {
    for (ServiceQuota quota : quotas) {
      if (quota.quotaName() != null && quota.quotaName().toLowerCase(Locale.ROOT).contains(words)) {
        return Optional.of(quota.value());
      }
    }
    return Optional.empty();
  }

  private static boolean notListed(SdkException e) {
    return Set.of("NoSuchResourceException", "IllegalArgumentException")
        .contains(AwsErrors.code(e));
  }

  /**
   * NAT gateways pending or available in the subnets of the first zone (the stack puts its one
   * there).
   */
  private static int natGatewaysInFirstZone(AwsFacts f) {
    var ec2 = f.clients.ec2();
    List<String> subnets =
        ec2
            .describeNatGateways(
                r ->
                    r.filter(Filter.builder().name("state").values("pending", "available").build()))
            .natGateways()
            .stream()
            .map(g -> g.subnetId())
            .toList();
    if (subnets.isEmpty()) {
      return 0;
    }
    String zone = f.zones.get(0);
    Set<String> inZone =
        ec2.describeSubnets(r -> r.subnetIds(Set.copyOf(subnets))).subnets().stream()
            .filter(s -> zone.equals(s.availabilityZone()))
            .map(s -> s.subnetId())
            .collect(java.util.stream.Collectors.toSet());
    return (int) subnets.stream().filter(inZone::contains).count();
  }

  /** Brokers of the account's provisioned clusters that are not on their way out. */
  private static int brokers(AwsFacts f) {
    return f.clients.kafka().listClustersV2Paginator(r -> {}).clusterInfoList().stream()
        .filter(c -> c.state() != ClusterState.DELETING && c.provisioned() != null)
        .mapToInt(c -> c.provisioned().numberOfBrokerNodes())
        .sum();
  }
}
