package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;

/**
 * The two verbs every AWS activity interface has for what it created, chosen by the record's type
 * among the resource files it serves. Not an activity interface itself: each one extending it names
 * these activities with its own prefix ({@code AwsNetworkDelete}, {@code AwsKafkaAwaitDeleted} …).
 */
public interface AwsResourceActivities {
  /**
   * Deletes the resource; "not found" is done, a dependency still draining is retried. A record
   * whose create was never confirmed is found by its tag and name first. A bastion instance is
   * terminated and the call returns only once it is, so its security group, deleted after it, is no
   * longer in use.
   */
  void delete(ResourceRecord resource);

  /**
   * One check that a deleted resource is gone (or in a state its resource file counts as deleted);
   * else poll again, first after the minimum its resource file declares. Also for a record whose
   * create was never confirmed.
   */
  Readiness awaitDeleted(ResourceRecord resource);
}
