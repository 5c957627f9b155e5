package io.cdcorchestrator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.cdcorchestrator.model.aws.AwsSpec;
import java.util.List;

/**
 * What the user asked for. Carries no secret: credentials are created by the target and referred to
 * by {@link SecretRef}. Runs recorded before a field existed carry null there; the compact
 * constructor puts the default in, so they replay and behave as they did.
 *
 * @param watchIntervalSeconds how often the READY pipeline checks connector health (durable timer)
 * @param checksPerRun health checks before the watch continues as new, bounding the history
 * @param aws the AWS stack (defaults filled in); null for every other target, and absent from the
 *     inputs of runs recorded before AWS existed, which therefore still replay
 * @param tables the captured tables ({@code schema.table}); default the seed's {@code
 *     public.inventory}, which the CDC proof writes its canary row to and therefore always holds
 * @param lag above these the pipeline is DEGRADED
 * @param autoRestart what the watch does about a FAILED connector or task
 * @param existing what the pipeline adopts rather than creates; null (every run recorded before the
 *     field existed) creates everything
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineSpec(
    String name,
    Target target,
    int watchIntervalSeconds,
    int checksPerRun,
    AwsSpec aws,
    List<String> tables,
    LagLimits lag,
    AutoRestart autoRestart,
    Existing existing) {

  public static final int DEFAULT_WATCH_INTERVAL_SECONDS = 60;
  public static final int DEFAULT_CHECKS_PER_RUN = 100;

  /** The longest watch interval a spec may set (a day). */
  public static final int MAX_WATCH_INTERVAL_SECONDS = 86_400;

  public static final List<String> DEFAULT_TABLES = List.of(PipelineNames.CAPTURED_TABLE);

  /**
   * @param maxRetainedWalMiB WAL the replication slot may hold back; 0: no limit
   * @param maxEventAgeSeconds age of the newest change event while the connector runs; 0: no limit
   */
  public record LagLimits(int maxRetainedWalMiB, int maxEventAgeSeconds) {
    public static final LagLimits DEFAULT = new LagLimits(1024, 300);
  }

  /**
   * Strimzi's rule: a FAILED connector or task is restarted at once, then after n²+n minutes (n =
   * restarts so far) up to 60; after {@code maxRestarts} it stays DEGRADED with the reason.
   */
  public record AutoRestart(boolean enabled, int maxRestarts) {
    public static final AutoRestart DEFAULT = new AutoRestart(true, 7);
  }

  public PipelineSpec {
    tables = tables == null || tables.isEmpty() ? DEFAULT_TABLES : List.copyOf(tables);
    lag = lag == null ? LagLimits.DEFAULT : lag;
    autoRestart = autoRestart == null ? AutoRestart.DEFAULT : autoRestart;
  }

  /** The spec of the fields that existed before {@code existing}: everything created. */
  public PipelineSpec(
      String name,
      Target target,
      int watchIntervalSeconds,
      int checksPerRun,
      AwsSpec aws,
      List<String> tables,
      LagLimits lag,
      AutoRestart autoRestart) {
    this(name, target, watchIntervalSeconds, checksPerRun, aws, tables, lag, autoRestart, null);
  }

  /** The database the pipeline adopts, or null when the target creates it. */
  public Existing.Database existingDatabase() {
    return existing == null ? null : existing.database();
  }

  /** The Kafka the pipeline adopts, or null when the target creates it. */
  public Existing.Kafka existingKafka() {
    return existing == null ? null : existing.kafka();
  }

  /** AWS: the VPC and subnets the spec adopts; null: the pipeline creates them. */
  public Existing.Network existingNetwork() {
    return existing == null ? null : existing.network();
  }

  public PipelineSpec withExisting(Existing adopted) {
    return new PipelineSpec(
        name, target, watchIntervalSeconds, checksPerRun, aws, tables, lag, autoRestart, adopted);
  }

  /** The spec of the fields that existed before {@code tables}: everything else at its default. */
  public PipelineSpec(
      String name, Target target, int watchIntervalSeconds, int checksPerRun, AwsSpec aws) {
    this(name, target, watchIntervalSeconds, checksPerRun, aws, null, null, null);
  }

  public static PipelineSpec of(String name, Target target) {
    return new PipelineSpec(
        name, target, DEFAULT_WATCH_INTERVAL_SECONDS, DEFAULT_CHECKS_PER_RUN, null);
  }

  /**
   * An AWS pipeline; {@code aws} gets its defaults here so the workflow never has to fill them in.
   */
  public static PipelineSpec aws(String name, AwsSpec aws) {
    return new PipelineSpec(
        name,
        Target.AWS,
        DEFAULT_WATCH_INTERVAL_SECONDS,
        DEFAULT_CHECKS_PER_RUN,
        aws.withDefaults());
  }

  public PipelineSpec withWatch(int intervalSeconds, int checks) {
    return new PipelineSpec(
        name, target, intervalSeconds, checks, aws, tables, lag, autoRestart, existing);
  }

  public PipelineSpec withTables(List<String> captured) {
    return new PipelineSpec(
        name,
        target,
        watchIntervalSeconds,
        checksPerRun,
        aws,
        captured,
        lag,
        autoRestart,
        existing);
  }

  public PipelineSpec withLag(LagLimits limits) {
    return new PipelineSpec(
        name,
        target,
        watchIntervalSeconds,
        checksPerRun,
        aws,
        tables,
        limits,
        autoRestart,
        existing);
  }

  public PipelineSpec withAutoRestart(AutoRestart restart) {
    return new PipelineSpec(
        name, target, watchIntervalSeconds, checksPerRun, aws, tables, lag, restart, existing);
  }

  public PipelineSpec withAws(AwsSpec stack) {
    return new PipelineSpec(
        name,
        target,
        watchIntervalSeconds,
        checksPerRun,
        stack,
        tables,
        lag,
        autoRestart,
        existing);
  }
}
