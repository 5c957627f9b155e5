package io.cdcorchestrator.aws.rds;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.ResourceRecord;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;

/**
 * {@code cdc up --allow-reboot} on an adopted RDS instance: {@code rds.logical_replication=1} in
 * its parameter group — in a copy when the instance uses an RDS {@code default.} group, which
 * cannot be modified — the copy attached, and the instance rebooted (the parameter is static). The
 * only change the pipeline ever makes to an adopted resource, and only when asked to.
 */
public final class LogicalReplication {
  public static final String PARAMETER = "rds.logical_replication";

  /** The state of an instance that already replicates logically: nothing was changed. */
  public static final String IN_SYNC = "in-sync";

  public static final String REBOOTING = "rebooting";

  /** Applied: {@value #IN_SYNC}; a failed instance ends the wait. */
  public static final Wait APPLIED =
      Wait.until(IN_SYNC)
          .failingOn("failed", "incompatible-parameters", "storage-full")
          .notBefore(Duration.ofSeconds(30));

  private final RdsClient rds;

  public LogicalReplication(RdsClient rds) {
    this.rds = rds;
  }

  /** The name of the copy of a {@code default.} group, per instance. */
  public static String copyName(String instanceId) {
    return instanceId + "-cdc-logical";
  }

  /**
   * Sets the parameter and reboots; returns the instance with state {@value #IN_SYNC} when it was
   * already set and applied, else {@value #REBOOTING}, and the group in {@code parameterGroup}.
   *
   * @throws IllegalStateException while the instance is not {@code available} (retry later)
   */
  public ResourceRecord enable(String instanceId) {
    DBInstance instance = describe(instanceId);
    DBParameterGroupStatus group = instance.dbParameterGroups().get(0);
    String name = group.dbParameterGroupName();
    if ("1".equals(value(name)) && IN_SYNC.equals(group.parameterApplyStatus())) {
      return record(instanceId, IN_SYNC, name);
    }
    if (!"available".equals(instance.dbInstanceStatus())) {
      throw new IllegalStateException(
          instanceId + " is " + instance.dbInstanceStatus() + ", not available");
    }
    String target = name;
    if (name.startsWith("default.")) {
      target = copyName(instanceId);
      copy(name, target);
    }
    if (!"1".equals(value(target))) {
      String to = target;
      rds.modifyDBParameterGroup(
          r ->
              r.dbParameterGroupName(to)
                  .parameters(
                      p ->
                          p.parameterName(PARAMETER)
                              .parameterValue("1")
                              .applyMethod(ApplyMethod.PENDING_REBOOT)));
    }
    if (!target.equals(name)) {
      String to = target;
      rds.modifyDBInstance(
          r -> r.dbInstanceIdentifier(instanceId).dbParameterGroupName(to).applyImmediately(true));
    }
    rds.rebootDBInstance(r -> r.dbInstanceIdentifier(instanceId));
    return record(instanceId, REBOOTING, target);
  }

  /**
   * Applied: the instance is available, on {@code group}, with nothing pending a reboot (a reboot
   * in progress reads {@code rebooting}, then {@code pending-reboot} clears).
   */
  public String state(String instanceId, String group) {
    DBInstance instance = describe(instanceId);
    DBParameterGroupStatus status = instance.dbParameterGroups().get(0);
    if (!"available".equals(instance.dbInstanceStatus())) {
      return instance.dbInstanceStatus();
    }
    if (!status.dbParameterGroupName().equals(group)) {
      return "attaching " + group;
    }
    return status.parameterApplyStatus();
  }

  private void copy(String from, String to) {
    boolean exists =
        AwsResource.emptyIfNotFound(
                () ->
                    rds
                        .describeDBParameterGroups(r -> r.dbParameterGroupName(to))
                        .dbParameterGroups()
                        .stream()
                        .findFirst())
            .isPresent();
    if (exists) { // an earlier attempt made it
      return;
    }
    String family =
        rds.describeDBParameterGroups(r -> r.dbParameterGroupName(from))
            .dbParameterGroups()
            .get(0)
            .dbParameterGroupFamily();
    rds.createDBParameterGroup(
        r ->
            r.dbParameterGroupName(to)
                .dbParameterGroupFamily(family)
                .description(from + " with " + PARAMETER + "=1 (cdc up --allow-reboot)"));
  }

  private String value(String group) {
    return rds
        .describeDBParametersPaginator(r -> r.dbParameterGroupName(group))
        .parameters()
        .stream()
        .filter(p -> PARAMETER.equals(p.parameterName()) && p.parameterValue() != null)
        .map(p -> p.parameterValue())
        .findFirst()
        .orElse("0");
  }

  private DBInstance describe(String instanceId) {
    return rds.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId)).dbInstances().get(0);
  }

  private static ResourceRecord record(String instanceId, String state, String group) {
    return new ResourceRecord(
        io.cdcorchestrator.model.aws.rds.DbInstanceRequest.TYPE,
        instanceId,
        state,
        Map.of(ResourceRecord.OWNERSHIP, ResourceRecord.ADOPTED, "parameterGroup", group));
  }
}
