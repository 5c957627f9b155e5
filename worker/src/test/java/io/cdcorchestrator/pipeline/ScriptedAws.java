package io.cdcorchestrator.pipeline;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.cdcorchestrator.aws.ContainerActivities;
import io.cdcorchestrator.aws.DatabaseActivities;
import io.cdcorchestrator.aws.KafkaActivities;
import io.cdcorchestrator.aws.LoadBalancerActivities;
import io.cdcorchestrator.aws.NetworkActivities;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceUpdate;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.cdcorchestrator.preflight.PreflightActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.stubbing.Answer;

/**
 * Mockito doubles of the five AWS activity interfaces: every create answers a record of the right
 * type with a fresh ID, awaits are ready at once, describes add the late attributes (bootstrap
 * brokers, the RDS endpoint and secret ARN). Creates and deletes are logged by ID, in call order.
 */
final class ScriptedAws implements Answer<Object> {
  static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1";

  final List<String> created = Collections.synchronizedList(new ArrayList<>());
  final List<String> deleted = Collections.synchronizedList(new ArrayList<>());

  /** Teardown as it ran: {@code delete <type>} and {@code awaitDeleted <type>}, in call order. */
  final List<String> teardown = Collections.synchronizedList(new ArrayList<>());

  /** Every create's request, in call order. */
  final List<AwsRequest> requests = Collections.synchronizedList(new ArrayList<>());

  /** Every call as {@code Interface.method}. */
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, Answer<Object>> overrides = new HashMap<>();
  private String failing;

  /**
   * Where the scripted stack's database, load balancer and bastion answer (defaults: nowhere real).
   */
  private Map<String, String> db =
      Map.of(
          "host",
          "pg.rds.example",
          "port",
          "5432",
          "database",
          "inventory",
          "masterUsername",
          "cdcadmin",
          "masterUserSecretArn",
          SECRET_ARN);

  private String albDnsName;
  private Map<String, String> bastion = Map.of("publicIp", "198.51.100.7");
  private String hanging;

  /** The database secret's AWSCURRENT version id; a test rotates it by setting another. */
  volatile String secretVersion = "v1";

  private Finding preflightFinding = Finding.ok("scripted", "all clear");

  final PreflightActivities preflight =
      mock(PreflightActivities.class, withSettings().withoutAnnotations().defaultAnswer(this));
  final NetworkActivities network =
      mock(NetworkActivities.class, withSettings().withoutAnnotations().defaultAnswer(this));
  final DatabaseActivities database =
      mock(DatabaseActivities.class, withSettings().withoutAnnotations().defaultAnswer(this));
  final KafkaActivities kafka =
      mock(KafkaActivities.class, withSettings().withoutAnnotations().defaultAnswer(this));
  final ContainerActivities container =
      mock(ContainerActivities.class, withSettings().withoutAnnotations().defaultAnswer(this));
  final LoadBalancerActivities loadBalancer =
      mock(LoadBalancerActivities.class, withSettings().withoutAnnotations().defaultAnswer(this));

  /** A copy of {@link #calls} while activities may still be adding to it. */
  List<String> callsNow() {
    synchronized (calls) {
      return new ArrayList<>(calls);
    }
  }

  /** {@code method} ({@code name} or {@code Interface.name}) fails permanently. */
  ScriptedAws failing(String method) {
    this.failing = method;
    return this;
  }

  /**
   * The scripted stack answers with real endpoints: the database and the load balancer's DNS name
   * (host:port) the data plane will reach, and the bastion's address and SSH port.
   */
  ScriptedAws reaching(
      Map<String, String> database, String loadBalancerDns, String bastionIp, int sshPort) {
    this.db = database;
    this.albDnsName = loadBalancerDns;
    this.bastion = Map.of("publicIp", bastionIp, "sshPort", String.valueOf(sshPort));
    return this;
  }

  /** The preflight reports this finding (a blocker stops the run before anything exists). */
  ScriptedAws preflight(Finding finding) {
    this.preflightFinding = finding;
    return this;
  }

  /**
   * {@code method} never becomes ready: it polls again every minute until cancelled or its
   * deadline.
   */
  ScriptedAws hanging(String method) {
    this.hanging = method;
    return this;
  }

  /** {@code method} ({@code name} or {@code Interface.name}) answers as {@code answer} says. */
  ScriptedAws answering(String method, Answer<Object> answer) {
    overrides.put(method, answer);
    return this;
  }

  Object[] all() {
    return new Object[] {preflight, network, database, kafka, container, loadBalancer};
  }

  @Override
  public Object answer(InvocationOnMock inv) throws Throwable {
    String method = inv.getMethod().getName();
    String qualified = inv.getMethod().getDeclaringClass().getSimpleName() + "." + method;
    calls.add(qualified);
    Answer<Object> override = overrides.getOrDefault(qualified, overrides.get(method));
    if (override != null) {
      return override.answer(inv);
    }
    if (method.equals(failing) || qualified.equals(failing)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "injected permanent failure in " + qualified, "Injected");
    }
    if (method.equals(hanging) || qualified.equals(hanging)) {
      throw NotReady.retryAfter(java.time.Duration.ofMinutes(1), "scripted: never ready");
    }
    if (method.equals("check")) { // the preflight: all clear, two zones chosen
      return preflightFinding.blocks()
          ? PreflightReport.of(List.of(preflightFinding))
          : new PreflightReport(
              List.of(preflightFinding),
              List.of("us-east-1c", "us-east-1d"),
              List.of("use1-az2", "use1-az4"));
    }
    if (method.equals("delete")) {
      ResourceRecord r = inv.getArgument(0);
      deleted.add(r.id());
      teardown.add("delete " + r.type());
      return null;
    }
    if (method.equals("awaitBastion")) {
      ResourceRecord r = inv.getArgument(0);
      return new ResourceRecord(r.type(), r.id(), "running", bastion);
    }
    if (method.equals("awaitDeleted")) {
      ResourceRecord r = inv.getArgument(0);
      teardown.add("awaitDeleted " + r.type());
      return new Readiness(1, "gone");
    }
    if (method.equals("awaitNetworkInterfacesDrained")) {
      teardown.add("awaitNetworkInterfacesDrained");
      return new Readiness(1, "drained");
    }
    if (method.startsWith("await")) {
      return new Readiness(1, "ready");
    }
    if (method.equals("describeCluster")) {
      ResourceRecord r = inv.getArgument(0);
      return new ResourceRecord(
          r.type(), r.id(), "ACTIVE", Map.of("bootstrap", "b-1.msk:9094,b-2.msk:9094"));
    }
    if (method.equals("describeService") || method.equals("redeployService")) {
      return inv.getArgument(0); // ECS runs what the workflow set: no drift
    }
    if (method.equals("secretVersion")) {
      return secretVersion;
    }
    if (method.equals("updateService")) {
      EcsServiceUpdate u = inv.getArgument(0);
      return service(u.serviceArn(), u.clusterArn(), u.taskDefinitionArn(), u.desiredCount());
    }
    if (method.equals("createService")) {
      EcsServiceRequest q = inv.getArgument(0);
      String id = "service-" + ids.incrementAndGet();
      created.add(id);
      return service(id, q.clusterArn(), q.taskDefinitionArn(), q.desiredCount());
    }
    if (method.equals("describeInstance")) {
      ResourceRecord r = inv.getArgument(0);
      return new ResourceRecord(r.type(), r.id(), "available", db);
    }
    requests.add(inv.getArgument(0));
    String type = ((AwsRequest) inv.getArgument(0)).type();
    String id = type.substring(type.lastIndexOf(':') + 1) + "-" + ids.incrementAndGet();
    created.add(id);
    return new ResourceRecord(
        type,
        id,
        "available",
        Map.of(
            "revision",
            "1",
            "arn",
            "arn:" + id,
            "dnsName",
            albDnsName != null && type.equals(LoadBalancerRequest.TYPE)
                ? albDnsName
                : id + ".elb.example",
            "masterUserSecretArn",
            db.get("masterUserSecretArn")));
  }

  static ResourceRecord service(String arn, String cluster, String taskDefinition, int count) {
    return new ResourceRecord(
        EcsServiceRequest.TYPE,
        arn,
        "STABLE",
        Map.of(
            "name",
            "cdc-connect",
            "clusterArn",
            cluster,
            "taskDefinition",
            taskDefinition,
            "desiredCount",
            String.valueOf(count)));
  }
}
