package io.cdcorchestrator.aws;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.AwsResource.Found;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything of one pipeline that exists now: each registered resource file ({@link AwsResources})
 * finds its own type with its {@code discover} verb, in creation order, each resource under the ID
 * the workflow records its intent under. Two things use it: {@code cdc sweep} (what a terminated
 * run left) and the delete of a record whose create was never confirmed.
 */
public final class AwsDiscovery {
  private final AwsClients clients;

  public AwsDiscovery(AwsClients clients) {
    this.clients = clients;
  }

  public List<Found> discover(String pipeline) {
    AwsStack stack = AwsStack.of(pipeline);
    List<Found> found = new ArrayList<>();
    for (AwsResource<?> file : AwsResources.all(clients)) {
      found.addAll(file.discover(stack, List.copyOf(found)));
    }
    return found;
  }

  /**
   * The resources a record still in state creating stands for: none, one, or (after a retry race)
   * more.
   */
  public List<ResourceRecord> intended(String pipeline, ResourceRecord intent) {
    return discover(pipeline).stream()
        .filter(f -> f.record().type().equals(intent.type()) && f.intendedId().equals(intent.id()))
        .map(Found::record)
        .toList();
  }
}
