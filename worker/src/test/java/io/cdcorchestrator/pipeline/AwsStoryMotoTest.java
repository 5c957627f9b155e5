package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.AwsDiscovery;
import io.cdcorchestrator.aws.ContainerActivitiesImpl;
import io.cdcorchestrator.aws.DatabaseActivitiesImpl;
import io.cdcorchestrator.aws.KafkaActivities;
import io.cdcorchestrator.aws.KafkaActivitiesImpl;
import io.cdcorchestrator.aws.LoadBalancerActivities;
import io.cdcorchestrator.aws.LoadBalancerActivitiesImpl;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.NetworkActivitiesImpl;
import io.cdcorchestrator.aws.TagScan;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.kafka.MskConfigurationRequest;
import io.cdcorchestrator.preflight.PreflightActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The AWS story on moto: the real activity implementations against moto's API, with test doubles
 * only where moto cannot go (MSK's gaps via {@link MotoMskGaps}; no Connect task ever registers
 * behind the ALB, see {@link MotoLoadBalancer}; the data-plane tail, which the sandbox tests for
 * real).
 */
@ExtendWith(Moto.class)
class AwsStoryMotoTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  /** Moto makes no MSK cluster ACTIVE by itself: the test double does, right after its create. */
  record MotoKafka(KafkaActivities real, MotoMskGaps msk) implements KafkaActivities {
    @Override
    public ResourceRecord createConfiguration(MskConfigurationRequest request) {
      return real.createConfiguration(request);
    }

    @Override
    public ResourceRecord createCluster(MskClusterRequest request) {
      ResourceRecord cluster = real.createCluster(request);
      msk.activate(cluster.id());
      return cluster;
    }

    @Override
    public ResourceRecord adoptCluster(String clusterArn) {
      return real.adoptCluster(clusterArn);
    }

    @Override
    public Readiness awaitCluster(ResourceRecord cluster) {
      return real.awaitCluster(cluster);
    }

    @Override
    public ResourceRecord describeCluster(ResourceRecord cluster) {
      return real.describeCluster(cluster);
    }

    @Override
    public void delete(ResourceRecord resource) {
      real.delete(resource);
    }

    @Override
    public Readiness awaitDeleted(ResourceRecord resource) {
      return real.awaitDeleted(resource);
    }
  }

  /**
   * Moto runs no container, so no Connect task registers with the target group: healthy by decree.
   */
  record MotoLoadBalancer(LoadBalancerActivities real) implements LoadBalancerActivities {
    @Override
    public ResourceRecord createLoadBalancer(LoadBalancerRequest request) {
      return real.createLoadBalancer(request);
    }

    @Override
    public Readiness awaitLoadBalancer(ResourceRecord loadBalancer) {
      return real.awaitLoadBalancer(loadBalancer);
    }

    @Override
    public ResourceRecord createTargetGroup(TargetGroupRequest request) {
      return real.createTargetGroup(request);
    }

    @Override
    public ResourceRecord createListener(ListenerRequest request) {
      return real.createListener(request);
    }

    @Override
    public Readiness awaitTargetHealthy(ResourceRecord targetGroup) {
      return new Readiness(1, "moto runs no task: taken as healthy");
    }

    @Override
    public void delete(ResourceRecord resource) {
      real.delete(resource);
    }

    @Override
    public Readiness awaitDeleted(ResourceRecord resource) {
      return real.awaitDeleted(resource);
    }
  }

  /** The real AWS activities on moto, with the doubles for where moto cannot go. */
  static Object[] activities(AwsClients clients, MotoMskGaps msk) {
    return new Object[] {
      new PreflightActivitiesImpl(clients),
      new NetworkActivitiesImpl(clients),
      new DatabaseActivitiesImpl(clients),
      new MotoKafka(new KafkaActivitiesImpl(clients), msk),
      new ContainerActivitiesImpl(clients),
      new MotoLoadBalancer(new LoadBalancerActivitiesImpl(clients))
    };
  }

  @Test
  void up_thenDestroy_onMoto_leavesNothingTagged(
      TestWorkflowEnvironment env, Worker worker, AwsClients clients, MotoMskGaps msk)
      throws Exception {
    String name = Moto.newStack("story").pipeline();
    ScriptedActivities dataPlane = new ScriptedActivities();
    worker.registerActivitiesImplementations(activities(clients, msk));
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(dataPlane.dataPlane);
    env.start();
    PipelineWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(PipelineNames.workflowId(name))
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    PipelineSpec spec =
        PipelineSpec.aws(name, new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null));
    WorkflowClient.start(wf::run, spec, null);

    PipelineStatus ready = awaitReady(wf);
    AwsStack stack = spec.aws().stack(name);
    // every EC2 resource the run recorded carries the tag (routes and associations cannot be
    // tagged)
    Set<String> ec2Recorded =
        ready.resources().stream()
            .filter(
                r ->
                    r.type().startsWith("aws:ec2:")
                        && !r.type().equals("aws:ec2:route")
                        && !r.type().equals("aws:ec2:route-table-association"))
            .map(PipelineStatus.ResourceStatus::id)
            .collect(Collectors.toSet());
    // 22 of the network before the bastion, plus its group, its two rules and the instance
    assertEquals(
        26, ready.resources().stream().filter(r -> r.type().startsWith("aws:ec2:")).count());
    assertEquals(ec2Recorded, Set.copyOf(ec2Live(clients, stack)), "recorded " + ready.resources());
    assertEquals(40, ready.resources().stream().filter(r -> r.type().startsWith("aws:")).count());
    assertTrue(
        ready.outputs().get("dataPlaneAccess").startsWith("via bastion i-"),
        ready.outputs().toString());
    assertEquals(10, othersLive(clients, stack).size(), othersLive(clients, stack).toString());

    assertSecure(clients, stack, env, name);

    // what cdc sweep and the delete of an unconfirmed create rely on: discovery finds every
    // resource the run recorded, as the type and ID it recorded
    assertEquals(
        ready.resources().stream()
            .filter(r -> r.type().startsWith("aws:"))
            .map(r -> r.type() + " " + r.id())
            .collect(Collectors.toSet()),
        new AwsDiscovery(clients)
            .discover(name).stream()
                .map(f -> f.record().type() + " " + f.record().id())
                .collect(Collectors.toSet()));

    env.registerDelayedCallback(Duration.ofSeconds(61), wf::destroy);
    PipelineStatus done =
        WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, PipelineStatus.class);
    assertEquals(Phase.DESTROYED, done.phase(), String.valueOf(done.error()));
    assertTrue(done.resources().isEmpty());
    assertEquals(List.of(), ec2Live(clients, stack));
    assertEquals(List.of(), othersLive(clients, stack));
  }

  /** The pipeline's resources outside EC2, as {@link TagScan#others} finds them: their names. */
  static List<String> othersLive(AwsClients clients, AwsStack stack) {
    return ids(TagScan.others(clients, stack.pipeline()));
  }

  /**
   * Asserted on moto's state: no ingress from 0.0.0.0/0, RDS not public, the database password only
   * as a task secret (never in the task's environment), and nowhere in the workflow history.
   */
  private static void assertSecure(
      AwsClients clients, AwsStack stack, TestWorkflowEnvironment env, String name) {
    Filter tag =
        Filter.builder().name("tag:" + AwsStack.PIPELINE_TAG).values(stack.pipeline()).build();
    var rules = clients.ec2().describeSecurityGroupRules(r -> r.filters(tag)).securityGroupRules();
    assertEquals(6, rules.size());
    assertTrue(
        rules.stream().noneMatch(r -> !r.isEgress() && "0.0.0.0/0".equals(r.cidrIpv4())),
        rules.toString());
    // the one ingress from outside the pipeline's groups: SSH to the bastion from operatorCidr
    var fromCidrs = rules.stream().filter(r -> !r.isEgress() && r.cidrIpv4() != null).toList();
    assertEquals(1, fromCidrs.size(), fromCidrs.toString());
    assertEquals(22, fromCidrs.get(0).fromPort());
    assertEquals(22, fromCidrs.get(0).toPort());
    assertEquals("203.0.113.0/24", fromCidrs.get(0).cidrIpv4());
    String bastionGroup =
        clients
            .ec2()
            .describeSecurityGroups(
                r ->
                    r.filters(
                        tag,
                        Filter.builder()
                            .name("group-name")
                            .values(stack.name("bastion-ssh"))
                            .build()))
            .securityGroups()
            .get(0)
            .groupId();
    assertEquals(bastionGroup, fromCidrs.get(0).groupId());
    // no internet-facing load balancer: Connect's REST API is reached through the bastion
    var lbs =
        clients.elb().describeLoadBalancers().loadBalancers().stream()
            .filter(l -> l.loadBalancerName().startsWith(stack.name("")))
            .toList();
    assertEquals(1, lbs.size());
    assertEquals("internal", lbs.get(0).schemeAsString());
    var bastions =
        clients.ec2().describeInstances(r -> r.filters(tag)).reservations().stream()
            .flatMap(r -> r.instances().stream())
            .toList();
    assertEquals(1, bastions.size());
    assertEquals(null, bastions.get(0).keyName(), "no stored key pair");
    var db =
        clients
            .rds()
            .describeDBInstances(r -> r.dbInstanceIdentifier(stack.name("pg")))
            .dbInstances()
            .get(0);
    assertEquals(Boolean.FALSE, db.publiclyAccessible());
    String secretJson =
        clients
            .secretsManager()
            .getSecretValue(r -> r.secretId(db.masterUserSecret().secretArn()))
            .secretString();
    String password = secretJson.replaceAll(".*\"password\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    assertTrue(password.length() > 4 && !password.equals(secretJson), "a password to look for");
    var container =
        clients
            .ecs()
            .describeTaskDefinition(r -> r.taskDefinition(stack.name("connect")))
            .taskDefinition()
            .containerDefinitions()
            .get(0);
    assertTrue(
        container.environment().stream()
            .noneMatch(e -> e.value().contains(password) || e.name().contains("PASSWORD")),
        container.environment().toString());
    assertTrue(
        container.secrets().stream()
            .anyMatch(x -> x.valueFrom().startsWith(db.masterUserSecret().secretArn())));
    String history =
        env.getWorkflowClient().fetchHistory(PipelineNames.workflowId(name)).toJson(false);
    assertTrue(!history.contains(password), "no password in the history");
  }

  /**
   * The pipeline's EC2 resources, as {@link TagScan#ec2} finds them, plus its instances that are
   * not terminated: their ids.
   */
  static List<String> ec2Live(AwsClients clients, AwsStack stack) {
    List<String> live = new java.util.ArrayList<>(ids(TagScan.ec2(clients, stack.pipeline())));
    clients
        .ec2()
        .describeInstances(
            r -> r.filters(f -> f.name("tag:" + AwsStack.PIPELINE_TAG).values(stack.pipeline())))
        .reservations()
        .stream()
        .flatMap(r -> r.instances().stream())
        .filter(i -> !"terminated".equals(i.state().nameAsString()))
        .forEach(i -> live.add(i.instanceId()));
    return live;
  }

  /** {@code kind id} entries of a {@link TagScan} without their kind. */
  private static List<String> ids(List<String> scan) {
    return scan.stream().map(e -> e.substring(e.indexOf(' ') + 1)).toList();
  }

  static PipelineStatus awaitReady(PipelineWorkflow wf) throws InterruptedException {
    return awaitReady(wf, Duration.ofSeconds(60));
  }

  static PipelineStatus awaitReady(PipelineWorkflow wf, Duration within)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + within.toMillis();
    PipelineStatus s = wf.status();
    while (s.phase() != Phase.READY) {
      if (System.currentTimeMillis() > deadline
          || s.phase() == Phase.FAILED
          || s.phase() == Phase.TEARING_DOWN) {
        throw new AssertionError("not READY; last status " + s);
      }
      Thread.sleep(50);
      s = wf.status();
    }
    return s;
  }
}
