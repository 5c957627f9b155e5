package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.temporal.activity.ActivityInterface;

/** The ALB in front of Kafka Connect's REST API, admitting only the operator's CIDR. */
@ActivityInterface(namePrefix = "AwsLoadBalancer")
public interface LoadBalancerActivities extends AwsResourceActivities {
  ResourceRecord createLoadBalancer(LoadBalancerRequest request);

  /** One describe: {@code active}, else poll again; {@code failed} ends the wait. */
  Readiness awaitLoadBalancer(ResourceRecord loadBalancer);

  ResourceRecord createTargetGroup(TargetGroupRequest request);

  ResourceRecord createListener(ListenerRequest request);

  /** One describe of the targets' health: a healthy Connect task behind the ALB. */
  Readiness awaitTargetHealthy(ResourceRecord targetGroup);
}
