package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * The AWS teardown order (DESIGN decision 7, aws-facts §4) as "everything of A before anything of
 * B" pairs over a teardown log of {@code delete <type>} / {@code awaitDeleted <type>} entries. A
 * pair whose two sides did not both happen says nothing.
 */
final class TeardownOrder {
  private static final String[][] BEFORE = {
    {"delete aws:ecs:service", "awaitDeleted aws:ecs:service"},
    {"awaitDeleted aws:ecs:service", "delete aws:ecs:cluster"},
    {"awaitDeleted aws:ecs:service", "delete aws:ecs:task-definition"},
    {"delete aws:iam:role-policy", "delete aws:iam:role"},
    {"delete aws:ecs:task-definition", "delete aws:iam:role"},
    {"delete aws:elb:listener", "delete aws:elb:load-balancer"},
    {"delete aws:elb:load-balancer", "awaitDeleted aws:elb:load-balancer"},
    {"awaitDeleted aws:elb:load-balancer", "delete aws:elb:target-group"},
    {"delete aws:kafka:cluster", "awaitDeleted aws:kafka:cluster"},
    {"awaitDeleted aws:kafka:cluster", "delete aws:kafka:configuration"},
    {"delete aws:rds:db-instance", "awaitDeleted aws:rds:db-instance"},
    {"awaitDeleted aws:rds:db-instance", "delete aws:rds:db-subnet-group"},
    {"delete aws:rds:db-subnet-group", "delete aws:rds:db-parameter-group"},
    {"delete aws:ec2:nat-gateway", "awaitDeleted aws:ec2:nat-gateway"},
    {"awaitDeleted aws:ec2:nat-gateway", "delete aws:ec2:elastic-ip"},
    {"delete aws:ec2:route", "delete aws:ec2:route-table"},
    {"delete aws:ec2:route-table-association", "delete aws:ec2:route-table"},
    {"delete aws:ec2:internet-gateway", "awaitNetworkInterfacesDrained"},
    {"awaitNetworkInterfacesDrained", "delete aws:ec2:security-group-rule"},
    {"delete aws:ec2:security-group-rule", "delete aws:ec2:security-group"},
    {"delete aws:ec2:security-group", "delete aws:ec2:subnet"},
    {"delete aws:ec2:subnet", "delete aws:ec2:vpc"},
  };

  private TeardownOrder() {}

  static void assertRespected(List<String> log) {
    for (String[] pair : BEFORE) {
      int lastBefore = log.lastIndexOf(pair[0]);
      int firstAfter = log.indexOf(pair[1]);
      if (lastBefore >= 0 && firstAfter >= 0) {
        assertTrue(
            lastBefore < firstAfter, pair[0] + " must come before " + pair[1] + " in " + log);
      }
    }
    // every service resource (the bastion instance is one: it lives in the network) before any of
    // the network
    int lastService = -1;
    int firstNetwork = Integer.MAX_VALUE;
    for (int i = 0; i < log.size(); i++) {
      boolean network =
          (log.get(i).contains("aws:ec2:") && !log.get(i).contains("aws:ec2:instance"))
              || log.get(i).equals("awaitNetworkInterfacesDrained");
      if (network) {
        firstNetwork = Math.min(firstNetwork, i);
      } else {
        lastService = i;
      }
    }
    assertTrue(lastService < firstNetwork, "services before the network: " + log);
  }
}
