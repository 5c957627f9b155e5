package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.aws.AwsType;
import io.cdcorchestrator.model.aws.ec2.ElasticIpRequest;
import io.cdcorchestrator.model.aws.ec2.InternetGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.RouteRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableAssociationRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRuleRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.cdcorchestrator.model.aws.iam.SecretReadPolicyRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.kafka.MskConfigurationRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.aws.rds.DbParameterGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The AWS teardown order (docs/ARCHITECTURE.md, "AWS teardown order") checked over a teardown log
 * of {@code delete <type>} / {@code awaitDeleted <type>} entries: AWS's own dependencies as "A is
 * gone before B is deleted" pairs, where gone means awaited gone for a type whose description
 * declares a deletion wait, else deleted. A pair whose two sides did not both happen says nothing.
 */
final class TeardownOrder {
  /** What AWS refuses or leaves dangling otherwise: the oracle, kept apart from AwsTeardown. */
  private static final AwsType[][] GONE_BEFORE_DELETE = {
    {EcsServiceRequest.KIND, EcsClusterRequest.KIND},
    {EcsServiceRequest.KIND, TaskDefinitionRequest.KIND},
    {SecretReadPolicyRequest.KIND, TaskExecutionRoleRequest.KIND},
    {TaskDefinitionRequest.KIND, TaskExecutionRoleRequest.KIND},
    {ListenerRequest.KIND, LoadBalancerRequest.KIND},
    {LoadBalancerRequest.KIND, TargetGroupRequest.KIND},
    {MskClusterRequest.KIND, MskConfigurationRequest.KIND},
    {DbInstanceRequest.KIND, DbSubnetGroupRequest.KIND},
    {DbSubnetGroupRequest.KIND, DbParameterGroupRequest.KIND},
    {EcsServiceRequest.KIND, NatGatewayRequest.KIND}, // its tasks reach out through it
    {NatGatewayRequest.KIND, ElasticIpRequest.KIND},
    {NatGatewayRequest.KIND, InternetGatewayRequest.KIND}, // its public address is mapped there
    {RouteRequest.KIND, RouteTableRequest.KIND},
    {RouteTableAssociationRequest.KIND, RouteTableRequest.KIND},
    {SecurityGroupRuleRequest.KIND, SecurityGroupRequest.KIND},
    {SecurityGroupRequest.KIND, SubnetRequest.KIND},
    {SubnetRequest.KIND, VpcRequest.KIND},
  };

  private static final String DRAIN = "awaitNetworkInterfacesDrained";

  private TeardownOrder() {}

  static void assertRespected(List<String> log) {
    for (AwsType[] pair : GONE_BEFORE_DELETE) {
      before(log, gone(pair[0]), "delete " + pair[1].id());
    }
    // a type whose description declares a deletion wait is awaited after its delete
    Set<AwsType> kinds = new HashSet<>();
    for (AwsType[] pair : GONE_BEFORE_DELETE) {
      kinds.addAll(List.of(pair));
    }
    for (AwsType kind : kinds) {
      if (kind.goneDeadline() == null) {
        continue;
      }
      before(log, "delete " + kind.id(), "awaitDeleted " + kind.id());
      if (log.contains("delete " + kind.id())) {
        assertTrue(log.contains("awaitDeleted " + kind.id()), kind.id() + " awaited in " + log);
      }
    }
    // the service network interfaces drain after the gateway, before the rules and groups go
    before(log, "delete " + InternetGatewayRequest.TYPE, DRAIN);
    before(log, DRAIN, "delete " + SecurityGroupRuleRequest.TYPE);
    // every service resource (the bastion instance is one: it lives in the network) before any of
    // the network; the NAT gateway and its address may go beside them (pairs above)
    int lastService = -1;
    int firstNetwork = Integer.MAX_VALUE;
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).contains(NatGatewayRequest.TYPE)
          || log.get(i).contains(ElasticIpRequest.TYPE)) {
        continue;
      }
      boolean network =
          (log.get(i).contains("aws:ec2:") && !log.get(i).contains("aws:ec2:instance"))
              || log.get(i).equals(DRAIN);
      if (network) {
        firstNetwork = Math.min(firstNetwork, i);
      } else {
        lastService = i;
      }
    }
    assertTrue(lastService < firstNetwork, "services before the network: " + log);
  }

  /** The entry after which nothing of {@code kind} is left. */
  private static String gone(AwsType kind) {
    return (kind.goneDeadline() != null ? "awaitDeleted " : "delete ") + kind.id();
  }

  private static void before(List<String> log, String first, String then) {
    int lastBefore = log.lastIndexOf(first);
    int firstAfter = log.indexOf(then);
    if (lastBefore >= 0 && firstAfter >= 0) {
      assertTrue(lastBefore < firstAfter, first + " must come before " + then + " in " + log);
    }
  }
}
