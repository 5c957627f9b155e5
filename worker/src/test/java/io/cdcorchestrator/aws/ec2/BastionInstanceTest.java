package io.cdcorchestrator.aws.ec2;

import static io.cdcorchestrator.aws.ResourceContract.createTwiceMakesOne;
import static io.cdcorchestrator.aws.ResourceContract.deleteTwiceIsFine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.NetworkActivities;
import io.cdcorchestrator.aws.NetworkActivitiesImpl;
import io.cdcorchestrator.aws.NetworkFixture;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.dataplane.InstanceConnectKeyPush;
import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.sandbox.ActivityCalls;
import io.temporal.testing.TestActivityEnvironment;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2instanceconnect.model.SendSshPublicKeyRequest;
import software.amazon.awssdk.services.ec2instanceconnect.model.SendSshPublicKeyResponse;

/** The bastion instance on moto, and EC2 Instance Connect's SendSSHPublicKey for it. */
@ExtendWith(Moto.class)
class BastionInstanceTest {
  private final AwsClients clients;
  private final Ec2Client ec2;
  private AwsStack stack;
  private NetworkFixture net;
  private TestActivityEnvironment env;

  BastionInstanceTest(AwsClients clients) {
    this.clients = clients;
    this.ec2 = clients.ec2();
  }

  @BeforeEach
  void newPipeline() {
    stack = Moto.newStack("bastion");
    net = NetworkFixture.create(ec2, stack);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new NetworkActivitiesImpl(clients));
  }

  @AfterEach
  void close() {
    env.close();
  }

  private int live() {
    Filter tag =
        Filter.builder().name("tag:" + AwsStack.PIPELINE_TAG).values(stack.pipeline()).build();
    Filter state =
        Filter.builder().name("instance-state-name").values(BastionInstance.LIVE).build();
    return ec2.describeInstances(r -> r.filters(tag, state)).reservations().stream()
        .mapToInt(r -> r.instances().size())
        .sum();
  }

  @Test
  void oneAmazonLinux2023InstanceWithoutKeyPairInThePublicSubnet_terminatedOnDelete() {
    BastionInstance bastions = new BastionInstance(ec2);
    var request =
        new BastionInstanceRequest(stack, net.publicSubnets().get(0), net.externalGroup());
    ResourceRecord created = createTwiceMakesOne(bastions, request, this::live);

    var instance =
        ec2.describeInstances(r -> r.instanceIds(created.id()))
            .reservations()
            .get(0)
            .instances()
            .get(0);
    assertNull(instance.keyName(), "no EC2 key pair: keys are pushed per connection");
    assertNull(instance.iamInstanceProfile(), "no instance role");
    assertEquals(net.publicSubnets().get(0), instance.subnetId());
    // the primary interface carries the group (moto lists no instance-level groups for an interface
    // spec)
    assertEquals(
        net.externalGroup(), instance.networkInterfaces().get(0).groups().get(0).groupId());
    assertEquals(BastionInstanceRequest.INSTANCE_TYPE, instance.instanceTypeAsString());
    assertNotNull(instance.publicIpAddress(), "reachable from the operator's address");
    assertTrue(
        instance.tags().stream()
            .anyMatch(
                t -> t.key().equals("Name") && t.value().equals(stack.name(AwsNames.BASTION))));
    String image = ec2.describeImages(r -> r.imageIds(instance.imageId())).images().get(0).name();
    assertTrue(image.startsWith("al2023-ami-2023.") && image.endsWith("-x86_64"), image);

    NetworkActivities network = env.newActivityStub(NetworkActivities.class, ActivityCalls.ONCE);
    ResourceRecord ready =
        ActivityCalls.awaitReady(
            () -> network.awaitBastion(created), java.time.Duration.ofSeconds(30));
    assertEquals("running", ready.state());
    assertEquals(instance.publicIpAddress(), ready.attr("publicIp"));

    deleteTwiceIsFine(bastions, created, "terminated", this::live);
    network.delete(created); // the activity returns once terminated, so the group can go after it
    assertEquals("terminated", bastions.state(created));
  }

  @Test
  void sendSshPublicKeyForTheBastion() throws Exception {
    ResourceRecord bastion =
        new BastionInstance(ec2)
            .create(
                new BastionInstanceRequest(stack, net.publicSubnets().get(0), net.externalGroup()));
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String key = PublicKeyEntry.toString(g.generateKeyPair().getPublic());
    List<SendSshPublicKeyRequest> sent = new CopyOnWriteArrayList<>();
    List<Boolean> answered = new CopyOnWriteArrayList<>();
    ExecutionInterceptor seen =
        new ExecutionInterceptor() {
          @Override
          public void afterExecution(
              Context.AfterExecution context, ExecutionAttributes attributes) {
            sent.add((SendSshPublicKeyRequest) context.request());
            answered.add(((SendSshPublicKeyResponse) context.response()).success());
          }
        };
    try (InstanceConnectKeyPush push =
        new InstanceConnectKeyPush(
            b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(seen)))) {
      push.push("us-east-1", bastion.id(), BastionAccess.DEFAULT_USER, key);
    }
    // one call, for this instance and user, carrying the key as OpenSSH writes it; AWS said yes
    assertEquals(1, sent.size());
    assertEquals(bastion.id(), sent.get(0).instanceId());
    assertEquals("ec2-user", sent.get(0).instanceOSUser());
    assertEquals(key, sent.get(0).sshPublicKey());
    assertTrue(key.startsWith("ssh-rsa "), key);
    assertEquals(List.of(true), answered);
    new BastionInstance(ec2).delete(bastion);
  }
}
