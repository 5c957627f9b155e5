package io.cdcorchestrator.pipeline.change;

import io.cdcorchestrator.model.CapturedTables;
import io.cdcorchestrator.model.ChangePlan;
import io.cdcorchestrator.model.ChangePlan.Difference;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.aws.AwsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The difference between the spec a pipeline runs with and the one {@code cdc apply} brings: which
 * settings change and how, and which are refused because applying them would replace a stateful
 * resource (the database, the MSK cluster, the VPC) or cannot change in place. Pure: the plan
 * query, the update's validator and the update itself all read the same answer.
 */
public final class SpecDiff {
  static final String NEW_REVISION =
      "new task definition revision, rolling deployment of Kafka Connect (rolled back to the"
          + " running revision if it does not become stable with the connector RUNNING)";

  private final PipelineSpec running;
  private final PipelineSpec desired;
  private final List<Difference> changes = new ArrayList<>();
  private final List<Difference> refusals = new ArrayList<>();

  private SpecDiff(PipelineSpec running, PipelineSpec desired) {
    this.running = running;
    this.desired = desired;
  }

  /**
   * @param desired null: no setting changes (a reconcile alone)
   * @param drift what the watch found drifted, put back when {@code reconcile}
   */
  public static ChangePlan plan(
      PipelineSpec running, PipelineSpec desired, List<String> drift, boolean reconcile) {
    SpecDiff diff = new SpecDiff(running, desired);
    if (desired != null) {
      diff.compare();
    }
    return new ChangePlan(diff.changes, diff.refusals, reconcile ? drift : List.of());
  }

  /**
   * One line naming the field when {@code desired} is not valid input, else null. The CLI checks
   * the same rules before it sends anything; this is the workflow's own guard.
   */
  public static String invalid(PipelineSpec desired) {
    if (desired == null) {
      return null;
    }
    String tables = CapturedTables.validate(desired.tables(), desired.existingDatabase() != null);
    if (tables != null) {
      return tables;
    }
    if (desired.watchIntervalSeconds() < 1
        || desired.watchIntervalSeconds() > PipelineSpec.MAX_WATCH_INTERVAL_SECONDS) {
      return "watchIntervalSeconds: "
          + desired.watchIntervalSeconds()
          + " is out of range (1-"
          + PipelineSpec.MAX_WATCH_INTERVAL_SECONDS
          + " seconds)";
    }
    if (desired.lag().maxRetainedWalMiB() < 0 || desired.lag().maxEventAgeSeconds() < 0) {
      return "lag: limits are whole numbers >= 0 (0: no limit)";
    }
    if (desired.autoRestart().maxRestarts() < 0) {
      return "autoRestart.maxRestarts: must be >= 0";
    }
    return null;
  }

  private void compare() {
    if (desired.target() != running.target()) {
      refuse(
          "target",
          id(running.target()),
          id(desired.target()),
          "a pipeline stays on its target" + recreate());
      return;
    }
    tables();
    change(
        "watchIntervalSeconds",
        running.watchIntervalSeconds(),
        desired.watchIntervalSeconds(),
        "the watch checks the connector every " + desired.watchIntervalSeconds() + " s");
    change(
        "lag.maxRetainedWalMiB",
        running.lag().maxRetainedWalMiB(),
        desired.lag().maxRetainedWalMiB(),
        "DEGRADED while the slot retains more WAL (0: no limit)");
    change(
        "lag.maxEventAgeSeconds",
        running.lag().maxEventAgeSeconds(),
        desired.lag().maxEventAgeSeconds(),
        "DEGRADED while the newest event is older (0: no limit)");
    change(
        "autoRestart.enabled",
        running.autoRestart().enabled(),
        desired.autoRestart().enabled(),
        "automatic restarts of a FAILED connector or task");
    change(
        "autoRestart.maxRestarts",
        running.autoRestart().maxRestarts(),
        desired.autoRestart().maxRestarts(),
        "restarts before the pipeline stays DEGRADED");
    if (running.target() == Target.AWS && running.aws() != null && desired.aws() != null) {
      aws(running.aws(), desired.aws());
    }
  }

  private void tables() {
    List<String> added = new ArrayList<>(desired.tables());
    added.removeAll(running.tables());
    List<String> removed = new ArrayList<>(running.tables());
    removed.removeAll(desired.tables());
    if (added.isEmpty() && removed.isEmpty()) {
      return;
    }
    List<String> effects = new ArrayList<>();
    if (!added.isEmpty()) {
      effects.add(
          "capture "
              + added
              + " (checked for a key, published, added to the connector, incremental snapshot of"
              + " its rows)");
    }
    if (!removed.isEmpty()) {
      effects.add("stop capturing " + removed + " (unpublished, removed from the connector)");
    }
    changes.add(
        new Difference(
            "tables",
            running.tables().toString(),
            desired.tables().toString(),
            String.join("; ", effects)));
  }

  private void aws(AwsSpec from, AwsSpec to) {
    refuseChange("region", from.region(), to.region(), "every resource lives in it" + recreate());
    refuseChange(
        "operatorCidr",
        from.operatorCidr(),
        to.operatorCidr(),
        "the security group rules are made from it at up" + recreate());
    refuseChange("tags", from.tags(), to.tags(), "tags are set when resources are created");
    refuseChange(
        "dataPlaneAccess",
        from.dataPlaneAccess(),
        to.dataPlaneAccess(),
        "the bastion or its absence is part of the network" + recreate());
    refuseChange("network", from.network(), to.network(), "would replace the VPC" + recreate());
    refuseChange("kafka", from.kafka(), to.kafka(), "would replace the MSK cluster" + recreate());
    refuseChange(
        "database", from.database(), to.database(), "would replace the RDS instance" + recreate());
    AwsSpec.Connect c0 = from.connect();
    AwsSpec.Connect c1 = to.connect();
    refuseChange(
        "connect.logRetentionDays",
        c0.logRetentionDays(),
        c1.logRetentionDays(),
        "set on the log group when it was created");
    change("connect.image", c0.image(), c1.image(), NEW_REVISION);
    change("connect.cpu", c0.cpu(), c1.cpu(), NEW_REVISION);
    change("connect.memory", c0.memory(), c1.memory(), NEW_REVISION);
    change(
        "connect.desiredCount",
        c0.desiredCount(),
        c1.desiredCount(),
        "the ECS service runs " + c1.desiredCount() + " Kafka Connect task(s)");
  }

  private String recreate() {
    return "; apply does not replace it (cdc down " + running.name() + ", then cdc up)";
  }

  private void change(String key, Object from, Object to, String effect) {
    if (!Objects.equals(from, to)) {
      changes.add(new Difference(key, String.valueOf(from), String.valueOf(to), effect));
    }
  }

  private void refuseChange(String key, Object from, Object to, String why) {
    if (!Objects.equals(from, to)) {
      refuse(key, String.valueOf(from), String.valueOf(to), why);
    }
  }

  private void refuse(String key, String from, String to, String why) {
    refusals.add(new Difference(key, from, to, why));
  }

  private static String id(Target t) {
    return t == null ? "?" : t.id();
  }
}
