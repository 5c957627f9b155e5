package io.cdcorchestrator.common.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The service clients, built once and shared. Credentials and region come from the SDK's default
 * chain (environment, profile, container/instance role); {@code AWS_ENDPOINT_URL} (or {@code
 * -Daws.endpointUrl}) is honoured by the SDK itself, which is how tests reach moto. One HTTP client
 * (URLConnection) serves them all: the only one on the classpath, so none is picked silently.
 */
public final class AwsClients implements AutoCloseable {

  /** AWS credentials or region are not set: a one-line message, for exit code 1. */
  public static final class MissingSetupException extends RuntimeException {
    MissingSetupException(String message) {
      super(message);
    }
  }

  /**
   * Adaptive retries unless the user chose a mode (AWS_RETRY_MODE or -Daws.retryMode): each client
   * is shared by every pipeline of the worker, so its client-side rate limiter, which slows down at
   * the first throttling answer, holds the whole fleet under the account's per-API request rates
   * (EC2, RDS, MSK, ECS and ELB all throttle per account and Region) — a fleet provisioning at once
   * otherwise spends its retries in the same second.
   */
  private static final boolean ADAPTIVE =
      System.getenv("AWS_RETRY_MODE") == null && System.getProperty("aws.retryMode") == null;

  private final String regionOverride;
  private final List<ExecutionInterceptor> interceptors;
  private final AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();

  private AwsClients(String regionOverride, List<ExecutionInterceptor> interceptors) {
    this.regionOverride = regionOverride;
    this.interceptors = List.copyOf(interceptors);
  }

  /**
   * @param region the spec's region, or null for the default chain's
   */
  public static AwsClients create(String region) {
    return create(region, List.of());
  }

  /**
   * @param interceptors SDK interceptors on every client (metrics, fault injection in tests)
   */
  public static AwsClients create(String region, List<ExecutionInterceptor> interceptors) {
    return new AwsClients(region, interceptors);
  }

  /** Resolves region and credentials now, so a command can fail at once with a clear message. */
  public void checkSetup() {
    region();
    try {
      credentials.resolveCredentials();
    } catch (SdkClientException e) {
      throw new MissingSetupException(
          "AWS credentials not found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
              + "AWS_SECRET_ACCESS_KEY, or run where an IAM role is available (the SDK's default chain)");
    }
  }

  public Region region() {
    if (regionOverride != null) {
      return Region.of(regionOverride);
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new MissingSetupException(
          "AWS region not set: set AWS_REGION or a profile's region, or the spec's region");
    }
  }

  public Ec2Client ec2() {
    return client(Ec2Client.class, Ec2Client::builder, region());
  }

  public RdsClient rds() {
    return client(RdsClient.class, RdsClient::builder, region());
  }

  public KafkaClient kafka() {
    return client(KafkaClient.class, KafkaClient::builder, region());
  }

  public EcsClient ecs() {
    return client(EcsClient.class, EcsClient::builder, region());
  }

  public ElasticLoadBalancingV2Client elb() {
    return client(
        ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder, region());
  }

  /** IAM is global: its endpoint lives in aws-global whatever the stack's region. */
  public IamClient iam() {
    return client(IamClient.class, IamClient::builder, Region.AWS_GLOBAL);
  }

  public CloudWatchLogsClient logs() {
    return client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder, region());
  }

  /** For resolving the RDS-managed secret at run time (the data plane); never for logging it. */
  public SecretsManagerClient secretsManager() {
    return client(SecretsManagerClient.class, SecretsManagerClient::builder, region());
  }

  /** Who the credentials belong to (preflight). */
  public StsClient sts() {
    return client(StsClient.class, StsClient::builder, region());
  }

  /** The account's quotas in the stack's region (preflight). */
  public ServiceQuotasClient serviceQuotas() {
    return client(ServiceQuotasClient.class, ServiceQuotasClient::builder, region());
  }

  private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>>
      C client(Class<C> type, Supplier<B> builder, Region region) {
    return type.cast(
        clients.computeIfAbsent(
            type,
            t ->
                builder
                    .get()
                    .region(region)
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(
                        o -> {
                          interceptors.forEach(o::addExecutionInterceptor);
                          if (ADAPTIVE) {
                            o.retryStrategy(RetryMode.ADAPTIVE_V2);
                          }
                        })
                    .build()));
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
    http.close();
  }
}
