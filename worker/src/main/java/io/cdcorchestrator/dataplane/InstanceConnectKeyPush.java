package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.common.aws.AwsErrors;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2instanceconnect.Ec2InstanceConnectClient;
import software.amazon.awssdk.services.ec2instanceconnect.Ec2InstanceConnectClientBuilder;
import software.amazon.awssdk.services.ec2instanceconnect.model.AuthException;

/**
 * EC2 Instance Connect's {@code SendSSHPublicKey}: the key is authorised for 60 seconds, long
 * enough to open one session; no key pair is ever stored, in AWS or here. Default credentials
 * chain; {@code AWS_ENDPOINT_URL} is honoured by the SDK (moto in tests).
 */
public final class InstanceConnectKeyPush implements SshKeyPush, AutoCloseable {
  public static final String PERMISSION = "ec2-instance-connect:SendSSHPublicKey";

  private final Map<String, Ec2InstanceConnectClient> clients = new ConcurrentHashMap<>();
  private final Consumer<Ec2InstanceConnectClientBuilder> settings;

  public InstanceConnectKeyPush() {
    this(b -> {});
  }

  /**
   * @param settings applied to each client after the defaults (tests: an endpoint answering as AWS
   *     would)
   */
  public InstanceConnectKeyPush(Consumer<Ec2InstanceConnectClientBuilder> settings) {
    this.settings = settings;
  }

  @Override
  public void push(String region, String instanceId, String osUser, String publicKey) {
    try {
      boolean ok =
          client(region)
              .sendSSHPublicKey(
                  r -> r.instanceId(instanceId).instanceOSUser(osUser).sshPublicKey(publicKey))
              .success();
      if (!ok) {
        throw ApplicationFailure.newFailure(
            "EC2 Instance Connect did not accept the key for " + instanceId,
            "InstanceConnectRefused");
      }
    } catch (AuthException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "EC2 Instance Connect refused to push a key to "
              + instanceId
              + " ("
              + AwsErrors.describe(e)
              + "): the worker's AWS identity needs "
              + PERMISSION
              + " on that instance",
          "InstanceConnectRefused");
    } catch (SdkException e) {
      throw AwsErrors.toFailure(e);
    }
  }

  private Ec2InstanceConnectClient client(String region) {
    return clients.computeIfAbsent(
        region,
        r -> {
          Ec2InstanceConnectClientBuilder builder =
              Ec2InstanceConnectClient.builder()
                  .region(Region.of(r))
                  .httpClient(UrlConnectionHttpClient.create());
          settings.accept(builder);
          return builder.build();
        });
  }

  @Override
  public void close() {
    clients.values().forEach(Ec2InstanceConnectClient::close);
  }
}
