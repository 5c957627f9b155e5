package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.elb.Listener;
import io.cdcorchestrator.aws.elb.LoadBalancer;
import io.cdcorchestrator.aws.elb.TargetGroup;
import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.temporal.activity.ActivityInterface;

/** The ALB in front of Kafka Connect's REST API, admitting only the operator's CIDR. */
@ActivityInterface(namePrefix = "AwsLoadBalancer")
public interface LoadBalancerActivities {
  ResourceRecord createLoadBalancer(LoadBalancer.Request request);

  /** One describe: {@code active}, else poll again; {@code failed} ends the wait. */
  Readiness awaitLoadBalancer(ResourceRecord loadBalancer);

  ResourceRecord createTargetGroup(TargetGroup.Request request);

  ResourceRecord createListener(Listener.Request request);

  /** One describe of the targets' health: a healthy Connect task behind the ALB. */
  Readiness awaitTargetHealthy(ResourceRecord targetGroup);

  void delete(ResourceRecord resource);

  /** Waits for a deleted resource (the load balancer) to be gone. Also for a record whose create was never confirmed. */
  Readiness awaitDeleted(ResourceRecord resource);
}
