package io.cdcorchestrator.model.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * What the preflight found, check by check, and what it resolved for the story: on AWS the
 * availability zones the subnets go into (the spec's, or chosen among the zones that offer every
 * instance type the stack runs) with their zone IDs, which name the same physical zone in every
 * account.
 *
 * @param findings in the order the checks ran
 * @param availabilityZones zone names, one per subnet pair; empty when not resolved (a blocker, or
 *     a target without zones)
 * @param availabilityZoneIds the zone ID of each of {@code availabilityZones}
 */
public record PreflightReport(
    List<Finding> findings, List<String> availabilityZones, List<String> availabilityZoneIds) {

  public PreflightReport {
    findings = List.copyOf(findings);
    availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    availabilityZoneIds =
        availabilityZoneIds == null ? List.of() : List.copyOf(availabilityZoneIds);
  }

  public static PreflightReport of(List<Finding> findings) {
    return new PreflightReport(findings, List.of(), List.of());
  }

  public List<Finding> blockers() {
    return findings.stream().filter(Finding::blocks).toList();
  }

  /** No blocker: {@code up} may go on. */
  public boolean clear() {
    return blockers().isEmpty();
  }

  /**
   * This report with {@code more} findings after its own (checks of another kind, e.g. on the
   * database).
   */
  public PreflightReport with(List<Finding> more) {
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(more);
    return new PreflightReport(all, availabilityZones, availabilityZoneIds);
  }

  /** One line for the step log: how many checks, warnings and blockers, and the zones. */
  public String summary() {
    long warnings = findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
    String zones =
        availabilityZones.isEmpty()
            ? ""
            : "; zones "
                + String.join(
                    ", ",
                    java.util.stream.IntStream.range(0, availabilityZones.size())
                        .mapToObj(
                            i ->
                                availabilityZones.get(i)
                                    + (i < availabilityZoneIds.size()
                                        ? " (" + availabilityZoneIds.get(i) + ")"
                                        : ""))
                        .toList());
    return findings.size()
        + " checks, "
        + warnings
        + " warning(s), "
        + blockers().size()
        + " blocker(s)"
        + zones;
  }
}
