package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The bastion: one small Amazon Linux 2023 instance in a public subnet, in the bastion security
 * group (SSH from the operator's CIDR only). No key pair and no instance role: each connection
 * pushes a one-minute key through EC2 Instance Connect, which Amazon Linux 2023 has built in.
 * IMDSv2 only. State: {@code pending} → {@code running}; ready once both status checks are {@code
 * ok}. Delete terminates; {@code shutting-down} → {@code terminated}, and a terminated one stays
 * listed for an hour, so find ignores it.
 */
public final class BastionInstance implements AwsResource<BastionInstanceRequest> {
  /** Amazon's AL2023 images (not the minimal ones, which lack ec2-instance-connect). */
  static final String IMAGE_NAME = "al2023-ami-2023.*-x86_64";

  static final String[] LIVE = {"pending", "running", "stopping", "stopped"};

  /**
   * Running (the activity counts a running instance whose status checks are not both ok as not
   * ready yet); shutting down, terminated and stopped end the wait. An instance runs within a
   * minute; its status checks pass a minute or two later, so the wait polls again only after 90 s:
   * the bastion is never on the critical path (MSK needs 15 min or more), and polling it every 10 s
   * from 30 s on cost up to 6 describe calls a run for nothing (docs/BENCHMARKS.md, AWS story).
   */
  public static final Wait READY =
      Wait.until(InstanceStateName.RUNNING)
          .failingOn(
              InstanceStateName.SHUTTING_DOWN,
              InstanceStateName.TERMINATED,
              InstanceStateName.STOPPING,
              InstanceStateName.STOPPED)
          .notBefore(Duration.ofSeconds(90));

  /**
   * Its delete returns only once the instance is terminated (its network interface holds the
   * bastion's security group until then): asked again after this.
   */
  public static final Duration TERMINATION_RETRY = Duration.ofSeconds(10);

  private final Ec2Client ec2;

  public BastionInstance(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public String type() {
    return BastionInstanceRequest.TYPE;
  }

  @Override
  public Wait readiness() {
    return READY;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    BastionInstanceRequest bastion = new BastionInstanceRequest(stack, null, null);
    return AwsResource.found(bastion, find(bastion));
  }

  @Override
  public Optional<ResourceRecord> find(BastionInstanceRequest q) {
    return ec2
        .describeInstances(
            r ->
                r.filters(
                    Ec2Tags.owned(
                        q.stack(), q.name(), Ec2Tags.filter("instance-state-name", LIVE))))
        .reservations()
        .stream()
        .flatMap(r -> r.instances().stream())
        .findFirst()
        .map(BastionInstance::record);
  }

  @Override
  public ResourceRecord create(BastionInstanceRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                ec2.runInstances(
                        r ->
                            r.imageId(latestImage())
                                .instanceType(BastionInstanceRequest.INSTANCE_TYPE)
                                .minCount(1)
                                .maxCount(1)
                                .clientToken(q.clientToken())
                                .networkInterfaces(
                                    n ->
                                        n.deviceIndex(0)
                                            .subnetId(q.subnetId())
                                            .groups(q.securityGroupId())
                                            .associatePublicIpAddress(true)
                                            .deleteOnTermination(true))
                                .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED))
                                .tagSpecifications(
                                    Ec2Tags.on(ResourceType.INSTANCE, q.stack(), q.name())))
                    .instances()
                    .get(0)));
  }

  /** Terminate; not found (or already terminated) is done. */
  @Override
  public void delete(ResourceRecord instance) {
    AwsResource.deleteIgnoringNotFound(
        () -> ec2.terminateInstances(r -> r.instanceIds(instance.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord instance) {
    return AwsResource.emptyIfNotFound(
        () ->
            ec2.describeInstances(r -> r.instanceIds(instance.id())).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .findFirst()
                .map(BastionInstance::record));
  }

  /** Both status checks (instance and system) {@code ok}: sshd can be expected to answer. */
  public boolean statusChecksOk(ResourceRecord instance) {
    return ec2.describeInstanceStatus(r -> r.instanceIds(instance.id())).instanceStatuses().stream()
        .findFirst()
        .filter(s -> ok(s))
        .isPresent();
  }

  private static boolean ok(InstanceStatus s) {
    return s.instanceStatus() != null
        && "ok".equals(s.instanceStatus().statusAsString())
        && s.systemStatus() != null
        && "ok".equals(s.systemStatus().statusAsString());
  }

  /**
   * The newest Amazon Linux 2023 image of the region (what its SSM public parameter also names).
   */
  String latestImage() {
    return ec2
        .describeImages(
            r ->
                r.owners("amazon")
                    .filters(
                        Ec2Tags.filter("name", IMAGE_NAME),
                        Ec2Tags.filter("architecture", "x86_64"),
                        Ec2Tags.filter("state", "available")))
        .images()
        .stream()
        .filter(i -> !i.name().contains("minimal"))
        .max(
            Comparator.comparing((Image i) -> String.valueOf(i.creationDate()))
                .thenComparing(Image::name))
        .map(Image::imageId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Amazon Linux 2023 image (" + IMAGE_NAME + ") in this region"));
  }

  private static ResourceRecord record(Instance i) {
    return new ResourceRecord(
        BastionInstanceRequest.TYPE,
        i.instanceId(),
        i.state().nameAsString(),
        AwsResource.attributes(
            "publicIp",
            i.publicIpAddress(),
            "publicDns",
            emptyToNull(i.publicDnsName()),
            "privateIp",
            i.privateIpAddress(),
            "subnetId",
            i.subnetId(),
            "imageId",
            i.imageId(),
            "instanceType",
            i.instanceTypeAsString(),
            "sshPort",
            String.valueOf(BastionAccess.SSH_PORT)));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
