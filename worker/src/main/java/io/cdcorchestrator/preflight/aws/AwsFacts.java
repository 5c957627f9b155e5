package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.aws.AwsSpec;
import java.util.List;

/** What the AWS checks share: the spec, the clients, and what earlier checks found out. */
final class AwsFacts {
  final String pipeline;
  final AwsSpec spec;
  final AwsClients clients;

  /** What the spec adopts; null: everything is created. */
  final Existing existing;

  /** The caller, from {@link IdentityCheck}. */
  String account;

  String callerArn;

  /** The zones the stack goes into, one per subnet pair, from {@link ZoneCheck}; empty if none. */
  List<String> zones = List.of();

  List<String> zoneIds = List.of();

  AwsFacts(String pipeline, AwsSpec spec, Existing existing, AwsClients clients) {
    this.pipeline = pipeline;
    this.spec = spec;
    this.existing = existing;
    this.clients = clients;
  }

  /** How many subnet pairs (and so zones) the spec asks for. */
  int zoneCount() {
    return spec.network().publicSubnets().size();
  }
}
