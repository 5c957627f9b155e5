package io.cdcorchestrator.model.aws;

/** The ports of the AWS stack: what the security group rules open and the plan shows. */
public final class AwsPorts {
  /** Kafka Connect's HTTP listener on the (internal) load balancer. */
  public static final int LISTENER = 80;

  public static final int CONNECT = 8083;
  public static final int POSTGRES = 5432;
  public static final int SSH = 22;

  private AwsPorts() {}
}
