package io.cdcorchestrator.aws;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbEngineVersionsRequest;
import software.amazon.awssdk.services.rds.model.DescribeOrderableDbInstanceOptionsRequest;
import software.amazon.awssdk.services.servicequotas.model.GetServiceQuotaRequest;
import software.amazon.awssdk.services.servicequotas.model.ListServiceQuotasRequest;

/**
 * Test double for the read-only calls of the preflight that moto 5.2 lacks, on the SDK's wire
 * (docs/ARCHITECTURE.md, "moto's gaps"): moto's answer to each of these is replaced by what AWS
 * answers, built from the request. Everything else the preflight asks (STS GetCallerIdentity, EC2
 * zones and instance-type offerings, the VPC quotas, every describe of current usage) is moto's
 * own.
 *
 * <ul>
 *   <li>{@code kafka:ListKafkaVersions}: moto answers 404 "Not yet implemented";
 *   <li>{@code rds:DescribeDBEngineVersions}: moto has none ("has not been implemented");
 *   <li>{@code rds:DescribeOrderableDBInstanceOptions}: moto knows only Aurora and Neptune, so
 *       PostgreSQL gets an empty list; here every class is offered in us-east-1a to 1f;
 *   <li>{@code servicequotas}: moto knows only the {@code vpc} service's quotas; the Elastic IP
 *       quota ({@code ec2}) and MSK's brokers per account ({@code kafka}) come from here;
 *   <li>{@code iam:SimulatePrincipalPolicy}: not in moto; every action is allowed unless {@link
 *       #deny} names it.
 * </ul>
 *
 * Not a gap but the test set-up: moto's one account serves every test of the JVM, whose stacks (and
 * leftovers of resource tests) far exceed AWS's defaults (5 VPCs, 5 Elastic IPs per region); every
 * quota the preflight reads is served here raised, as for an account that asked for more, so one
 * test's VPCs never block another's preflight. A test that wants a quota blocker sets one with
 * {@link #quota}.
 */
public final class MotoPreflightGaps implements ExecutionInterceptor {
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

  static final List<String> POSTGRES_VERSIONS =
      List.of("16.8", "16.9", "16.10", "17.4", "17.5", "17.6");

  static final List<String> ZONES =
      List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f");

  private static final Set<String> SERVED =
      Set.of(
          "kafka/ListKafkaVersions",
          "rds/DescribeDBEngineVersions",
          "rds/DescribeOrderableDBInstanceOptions",
          "iam/SimulatePrincipalPolicy",
          "servicequotas/ListServiceQuotas");

  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final Map<String, Double> quotas =
      new ConcurrentHashMap<>(
          Map.of(
              "ec2/L-0263D0A3", 1000.0,
              "kafka/brokers per account", 1000.0,
              "vpc/L-F678F1CE", 1000.0,
              "vpc/L-A4707A72", 1000.0,
              "vpc/L-E79EC296", 10000.0,
              "vpc/L-FE5A380F", 1000.0));

  /** From now on, the simulation denies {@code action} (e.g. {@code ec2:CreateVpc}). */
  public MotoPreflightGaps deny(String action) {
    denied.add(action);
    return this;
  }

  /** Lets every action again. */
  public void allowAll() {
    denied.clear();
  }

  /**
   * The value of a quota this double serves ({@code ec2/L-0263D0A3}, {@code kafka/brokers per
   * account}).
   */
  public MotoPreflightGaps quota(String key, double value) {
    quotas.put(key, value);
    return this;
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (!serves(context.request(), attributes)) {
      return context.httpResponse();
    }
    return context.httpResponse().toBuilder()
        .statusCode(200)
        .removeHeader("x-amzn-ErrorType")
        .putHeader("Content-Type", xml(attributes) ? "text/xml" : "application/x-amz-json-1.1")
        .build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (!serves(context.request(), attributes)) {
      return context.responseBody();
    }
    String body =
        switch (operation(attributes)) {
          case "ListKafkaVersions" -> kafkaVersions();
          case "DescribeDBEngineVersions" ->
              engineVersions((DescribeDbEngineVersionsRequest) context.request());
          case "DescribeOrderableDBInstanceOptions" ->
              orderable((DescribeOrderableDbInstanceOptionsRequest) context.request());
          case "SimulatePrincipalPolicy" ->
              simulation((SimulatePrincipalPolicyRequest) context.request());
          case "GetServiceQuota" -> quota((GetServiceQuotaRequest) context.request());
          default -> quotaList((ListServiceQuotasRequest) context.request());
        };
    return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private boolean serves(SdkRequest request, ExecutionAttributes attributes) {
    String key = service(attributes) + "/" + operation(attributes);
    if (SERVED.contains(key)) {
      return true;
    }
    // moto has the vpc quotas; the others are served here
    return request instanceof GetServiceQuotaRequest q
        && quotas.containsKey(q.serviceCode() + "/" + q.quotaCode());
  }

  private static String kafkaVersions() {
    return "{\"kafkaVersions\":["
        + KAFKA_VERSIONS.stream()
            .map(v -> "{\"version\":\"" + v + "\",\"status\":\"ACTIVE\"}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  private static String engineVersions(DescribeDbEngineVersionsRequest r) {
    String family = r.dbParameterGroupFamily();
    String members =
        POSTGRES_VERSIONS.stream()
            .filter(v -> family == null || family.equals("postgres" + v.split("\\.")[0]))
            .map(
                v ->
                    "<DBEngineVersion><Engine>postgres</Engine><EngineVersion>"
                        + v
                        + "</EngineVersion><DBParameterGroupFamily>postgres"
                        + v.split("\\.")[0]
                        + "</DBParameterGroupFamily></DBEngineVersion>")
            .collect(Collectors.joining());
    return rds("DescribeDBEngineVersions", "<DBEngineVersions>" + members + "</DBEngineVersions>");
  }

  private static String orderable(DescribeOrderableDbInstanceOptionsRequest r) {
    String zones =
        ZONES.stream()
            .map(z -> "<AvailabilityZone><Name>" + z + "</Name></AvailabilityZone>")
            .collect(Collectors.joining());
    String members =
        POSTGRES_VERSIONS.stream()
            .map(
                v ->
                    "<OrderableDBInstanceOption><Engine>postgres</Engine><EngineVersion>"
                        + v
                        + "</EngineVersion><DBInstanceClass>"
                        + r.dbInstanceClass()
                        + "</DBInstanceClass><AvailabilityZones>"
                        + zones
                        + "</AvailabilityZones></OrderableDBInstanceOption>")
            .collect(Collectors.joining());
    return rds(
        "DescribeOrderableDBInstanceOptions",
        "<OrderableDBInstanceOptions>" + members + "</OrderableDBInstanceOptions>");
  }

  private String simulation(SimulatePrincipalPolicyRequest r) {
    String resource = r.resourceArns().isEmpty() ? "*" : r.resourceArns().get(0);
    String members =
        r.actionNames().stream()
            .map(
                a ->
                    "<member><EvalActionName>"
                        + a
                        + "</EvalActionName><EvalResourceName>"
                        + resource
                        + "</EvalResourceName><EvalDecision>"
                        + (denied.contains(a) ? "implicitDeny" : "allowed")
                        + "</EvalDecision></member>")
            .collect(Collectors.joining());
    return "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
        + "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>"
        + members
        + "</EvaluationResults></SimulatePrincipalPolicyResult>"
        + "<ResponseMetadata><RequestId>double</RequestId></ResponseMetadata>"
        + "</SimulatePrincipalPolicyResponse>";
  }

  private String quota(GetServiceQuotaRequest r) {
    return "{\"Quota\":"
        + quotaJson(
            r.serviceCode(),
            r.quotaCode(),
            r.quotaCode(),
            quotas.get(r.serviceCode() + "/" + r.quotaCode()))
        + "}";
  }

  private String quotaList(ListServiceQuotasRequest r) {
    String members =
        quotas.entrySet().stream()
            .filter(e -> e.getKey().startsWith(r.serviceCode() + "/"))
            .map(
                e -> {
                  String name = e.getKey().substring(r.serviceCode().length() + 1);
                  return quotaJson(r.serviceCode(), "L-DOUBLE", "Number of " + name, e.getValue());
                })
            .collect(Collectors.joining(","));
    return "{\"Quotas\":[" + members + "]}";
  }

  private static String quotaJson(String service, String code, String name, double value) {
    return "{\"ServiceCode\":\""
        + service
        + "\",\"QuotaCode\":\""
        + code
        + "\",\"QuotaName\":\""
        + name
        + "\",\"Value\":"
        + value
        + "}";
  }

  private static String rds(String operation, String result) {
    return "<"
        + operation
        + "Response xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><"
        + operation
        + "Result>"
        + result
        + "</"
        + operation
        + "Result><ResponseMetadata><RequestId>double</RequestId></ResponseMetadata></"
        + operation
        + "Response>";
  }

  private static boolean xml(ExecutionAttributes attributes) {
    return Set.of("rds", "iam").contains(service(attributes));
  }

  /** {@code rds}, {@code servicequotas} …: the SDK's service name, however it is spelt. */
  private static String service(ExecutionAttributes attributes) {
    return attributes
        .getAttribute(SdkExecutionAttribute.SERVICE_NAME)
        .replace(" ", "")
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }
}
