package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import java.util.function.IntSupplier;

/** The behaviour every resource file promises, asserted the same way for each. */
public final class ResourceContract {
  private ResourceContract() {}

  /**
   * Create twice (a retried activity) → the same resource, and AWS holds exactly one.
   *
   * @param count how many AWS holds, counted by AWS's own describe, not by our find
   */
  public static <Q> ResourceRecord createTwiceMakesOne(
      AwsResource<Q> resource, Q request, IntSupplier count) {
    ResourceRecord first = resource.create(request);
    ResourceRecord second = resource.create(request);
    assertEquals(first.id(), second.id(), "a second create returns the first resource");
    assertEquals(1, count.getAsInt(), "AWS holds exactly one");
    assertEquals(first.id(), resource.find(request).orElseThrow().id(), "find finds it");
    assertEquals(
        first.id(), resource.describe(first).orElseThrow().id(), "describe finds it by its ID");
    return first;
  }

  /**
   * Delete twice → no error; afterwards the state reads {@code gone} (NAT gateways: {@code
   * deleted}).
   */
  public static <Q> void deleteTwiceIsFine(
      AwsResource<Q> resource, ResourceRecord record, String goneState, IntSupplier count) {
    resource.delete(record);
    resource.delete(record);
    assertEquals(goneState, resource.state(record));
    if (AwsResource.GONE.equals(goneState)) {
      assertTrue(resource.describe(record).isEmpty(), "describe finds nothing");
    }
    assertEquals(0, count.getAsInt(), "AWS holds none");
  }

  public static <Q> void deleteTwiceIsFine(
      AwsResource<Q> resource, ResourceRecord record, IntSupplier count) {
    deleteTwiceIsFine(resource, record, AwsResource.GONE, count);
  }
}
