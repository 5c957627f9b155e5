package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.spec.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * An adopted RDS instance ({@code database.existing.instanceId}) before anything is created: it
 * exists and is available; its parameter group sets {@code rds.logical_replication = 1} (else
 * {@code wal_level} stays {@code replica} and Debezium cannot start) and nothing is waiting for a
 * reboot (a static parameter set, e.g. by Terraform, only applies after one); and its security
 * groups admit the database port from each private subnet (where Kafka Connect runs) and from the
 * data-plane worker's side. Rules are read, not assumed: the pipeline never adds rules to a group
 * it did not create, so each missing one is a blocker with the exact command that adds it.
 */
final class AdoptedDatabaseCheck implements AwsCheck {
  static final String ID = "aws.database.existing";
  static final String LOGICAL = "aws.database.logical-replication";
  static final String PENDING_REBOOT = "aws.database.pending-reboot";
  static final String INGRESS = "aws.database.ingress";
  static final String PARAMETER = "rds.logical_replication";

  @Override
  public List<Finding> run(AwsFacts facts) {
    Existing.Database db = facts.existing == null ? null : facts.existing.database();
    if (db == null || db.instanceId() == null) {
      return List.of();
    }
    String id = db.instanceId();
    Optional<DBInstance> found =
        Ask.aws(
            () -> {
              try {
                return facts
                    .clients
                    .rds()
                    .describeDBInstances(r -> r.dbInstanceIdentifier(id))
                    .dbInstances()
                    .stream()
                    .findFirst();
              } catch (software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException e) {
                return Optional.empty();
              }
            });
    if (found.isEmpty()) {
      return List.of(
          Finding.blocker(
              ID,
              "RDS instance " + id + " does not exist in " + facts.spec.region(),
              "check database.existing.instanceId and the spec's region"));
    }
    DBInstance instance = found.get();
    List<Finding> findings = new ArrayList<>();
    if (!"available".equals(instance.dbInstanceStatus())) {
      findings.add(
          Finding.blocker(
              ID,
              "RDS instance " + id + " is " + instance.dbInstanceStatus() + ", not available",
              "wait until it is available: aws rds wait db-instance-available"
                  + " --db-instance-identifier "
                  + id));
    } else {
      findings.add(Finding.ok(ID, "RDS instance " + id + " is available"));
    }
    findings.addAll(parameters(facts, instance, db.allowReboot()));
    findings.addAll(ingress(facts, instance));
    return findings;
  }

  /**
   * @param allowReboot {@code up --allow-reboot} fixes both: warnings that say so, not blockers
   */
  private static List<Finding> parameters(
      AwsFacts facts, DBInstance instance, boolean allowReboot) {
    String id = instance.dbInstanceIdentifier();
    if (instance.dbParameterGroups().isEmpty()) {
      return List.of();
    }
    DBParameterGroupStatus group = instance.dbParameterGroups().get(0);
    String name = group.dbParameterGroupName();
    List<Finding> findings = new ArrayList<>();
    String value =
        Ask.aws(
            () ->
                facts
                    .clients
                    .rds()
                    .describeDBParametersPaginator(r -> r.dbParameterGroupName(name))
                    .parameters()
                    .stream()
                    .filter(p -> PARAMETER.equals(p.parameterName()))
                    .map(Parameter::parameterValue)
                    .filter(v -> v != null)
                    .findFirst()
                    .orElse("0"));
    if ("1".equals(value)) {
      findings.add(Finding.ok(LOGICAL, "parameter group " + name + " sets " + PARAMETER + "=1"));
    } else {
      findings.add(
          new Finding(
              LOGICAL,
              allowReboot ? Finding.Severity.WARNING : Finding.Severity.BLOCKER,
              "parameter group "
                  + name
                  + " of "
                  + id
                  + " has "
                  + PARAMETER
                  + "="
                  + value
                  + " (wal_level stays replica: no logical replication)",
              allowReboot
                  ? "none: --allow-reboot sets it and reboots " + id
                  : remedy(facts, name, id)));
    }
    if ("pending-reboot".equals(group.parameterApplyStatus())) {
      findings.add(
          new Finding(
              PENDING_REBOOT,
              allowReboot ? Finding.Severity.WARNING : Finding.Severity.BLOCKER,
              id
                  + " has parameter group changes pending a reboot ("
                  + PARAMETER
                  + " is static: it applies only after one)",
              allowReboot
                  ? "none: --allow-reboot reboots " + id
                  : "aws rds reboot-db-instance --db-instance-identifier " + id));
    }
    return findings;
  }

  /** A {@code default.} group cannot be modified: a copy is made, attached, then rebooted into. */
  private static String remedy(AwsFacts facts, String group, String id) {
    String set =
        " --parameters ParameterName=" + PARAMETER + ",ParameterValue=1,ApplyMethod=pending-reboot";
    String reboot = " && aws rds reboot-db-instance --db-instance-identifier " + id;
    if (!group.startsWith("default.")) {
      return "aws rds modify-db-parameter-group --db-parameter-group-name " + group + set + reboot;
    }
    String copy = id + "-logical";
    return "aws rds copy-db-parameter-group --source-db-parameter-group-identifier "
        + group
        + " --target-db-parameter-group-identifier "
        + copy
        + " --target-db-parameter-group-description 'logical replication'"
        + " && aws rds modify-db-parameter-group --db-parameter-group-name "
        + copy
        + set
        + " && aws rds modify-db-instance --db-instance-identifier "
        + id
        + " --db-parameter-group-name "
        + copy
        + reboot
        + " (or cdc up --allow-reboot, which does this)";
  }

  /** Each source the pipeline's traffic comes from must be admitted to the port by some rule. */
  private static List<Finding> ingress(AwsFacts facts, DBInstance instance) {
    Existing.Network net = facts.existing.network();
    if (net == null || instance.endpoint() == null || instance.vpcSecurityGroups().isEmpty()) {
      return List.of();
    }
    int port = instance.endpoint().port();
    List<String> groupIds =
        instance.vpcSecurityGroups().stream().map(g -> g.vpcSecurityGroupId()).toList();
    List<SecurityGroup> groups =
        Ask.aws(() -> facts.clients.ec2().describeSecurityGroups(r -> r.groupIds(groupIds)))
            .securityGroups();
    List<String> sources = new ArrayList<>(net.privateSubnetIds());
    if (facts.spec.viaBastion() && !net.publicSubnetIds().isEmpty()) {
      sources.add(net.publicSubnetIds().get(0)); // the bastion's
    }
    List<Subnet> subnets =
        Ask.aws(() -> facts.clients.ec2().describeSubnets(r -> r.subnetIds(sources))).subnets();
    List<Finding> findings = new ArrayList<>();
    for (Subnet subnet : subnets) {
      String role =
          net.privateSubnetIds().contains(subnet.subnetId())
              ? "where Kafka Connect runs"
              : "the bastion's";
      findings.add(
          admitted(groups, port, subnet.cidrBlock())
              ? Finding.ok(
                  INGRESS, "port " + port + " is open to " + subnet.cidrBlock() + " (" + role + ")")
              : blocker(instance, groupIds.get(0), port, subnet, role));
    }
    if (!facts.spec.viaBastion() && facts.spec.operatorCidr() != null) {
      String cidr = facts.spec.operatorCidr();
      if (!admitted(groups, port, cidr)) {
        findings.add(
            Finding.blocker(
                INGRESS,
                "no rule of "
                    + String.join(", ", groupIds)
                    + " admits port "
                    + port
                    + " from "
                    + "operatorCidr "
                    + cidr
                    + " (the data-plane worker)",
                command(groupIds.get(0), port, cidr)));
      }
    }
    return findings;
  }

  private static Finding blocker(
      DBInstance instance, String groupId, int port, Subnet subnet, String role) {
    return Finding.blocker(
        INGRESS,
        "no security group rule of "
            + instance.dbInstanceIdentifier()
            + " admits port "
            + port
            + " from "
            + subnet.subnetId()
            + " "
            + subnet.cidrBlock()
            + " ("
            + role
            + ")",
        command(groupId, port, subnet.cidrBlock()));
  }

  /** The exact command that adds the missing rule. */
  static String command(String groupId, int port, String cidr) {
    return "aws ec2 authorize-security-group-ingress --group-id "
        + groupId
        + " --protocol tcp --port "
        + port
        + " --cidr "
        + cidr;
  }

  /** A TCP (or all-traffic) rule over the port whose range holds the whole source. */
  static boolean admitted(List<SecurityGroup> groups, int port, String source) {
    Cidr from = Cidr.parse(source);
    for (SecurityGroup g : groups) {
      for (IpPermission p : g.ipPermissions()) {
        boolean all = "-1".equals(p.ipProtocol());
        boolean tcp =
            "tcp".equals(p.ipProtocol())
                && p.fromPort() != null
                && p.fromPort() <= port
                && p.toPort() >= port;
        if ((all || tcp)
            && p.ipRanges().stream().anyMatch(r -> Cidr.parse(r.cidrIp()).contains(from))) {
          return true;
        }
      }
    }
    return false;
  }
}
