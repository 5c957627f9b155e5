package io.cdcorchestrator.common.aws;

import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The verbs every AWS resource file has, in the Terraform provider's shape: someone who has read
 * one resource has read them all.
 *
 * <ul>
 *   <li>{@code find}: the resource as AWS has it now (by its deterministic name and the {@code
 *       cdc:pipeline} tag), or empty;
 *   <li>{@code create}: find-or-create, so an activity retried after a crash never makes a second
 *       one;
 *   <li>{@code delete}: not found = done;
 *   <li>{@code describe}: the resource as AWS has it now, by the ID in its record (a refresh: late
 *       attributes such as an endpoint or bootstrap brokers, a failure message), empty when gone;
 *   <li>{@code state}: the current state string for readiness, {@link #GONE} when it no longer
 *       exists;
 *   <li>{@code discover}: everything of its type one pipeline has now, each under the ID the
 *       workflow recorded its intent under ({@code cdc sweep}, and the delete of a record whose
 *       create was never confirmed).
 * </ul>
 *
 * <p>Failures are the SDK's own exceptions; {@link AwsErrors#translate} turns them into Temporal
 * failures at the activity boundary.
 *
 * @param <Q> what identifies and configures one resource (always carries the {@link AwsStack})
 */
public interface AwsResource<Q> {
  String GONE = "gone";

  /** The state of resources that AWS gives none (security groups, route tables, log groups …). */
  String AVAILABLE = "available";

  /** The type of what this file creates, its request's {@code TYPE}, e.g. {@code aws:ec2:vpc}. */
  String type();

  /** How its readiness wait ends; null when the story does not wait for it. */
  default Wait readiness() {
    return null;
  }

  /**
   * How the wait after a delete ends: by default once the resource is gone, polled from the early
   * interval on. A resource whose deletion takes minutes, or passes through a state of its own,
   * says so.
   */
  default Wait deletion() {
    return Wait.GONE;
  }

  Optional<ResourceRecord> find(Q request);

  /** One resource as it exists, and the ID the workflow expects for it before it exists. */
  record Found(String intendedId, ResourceRecord record) {}

  /**
   * Everything of this type the pipeline of {@code stack} has now, found the way {@code find} finds
   * it (by the request the story would send, so under that request's {@code intendedId()}); a child
   * through its parents in {@code earlier}, what the files registered before this one found.
   */
  List<Found> discover(AwsStack stack, List<Found> earlier);

  ResourceRecord create(Q request);

  void delete(ResourceRecord record);

  Optional<ResourceRecord> describe(ResourceRecord record);

  default String state(ResourceRecord record) {
    return stateOrGone(() -> describe(record).map(ResourceRecord::state));
  }

  /** What {@code request} finds, under the ID the request owns. */
  static List<Found> found(AwsRequest request, Optional<ResourceRecord> record) {
    return record.map(r -> List.of(new Found(request.intendedId(), r))).orElse(List.of());
  }

  /** The records of {@code type} among those found, in the order they were found. */
  static List<ResourceRecord> ofType(List<Found> found, String type) {
    return found.stream().map(Found::record).filter(r -> r.type().equals(type)).toList();
  }

  /** The first record of {@code type} found (a pipeline has one VPC, one cluster …), or empty. */
  static Optional<ResourceRecord> first(List<Found> found, String type) {
    return ofType(found, type).stream().findFirst();
  }

  /**
   * Find, else create; when the create collides with an existing resource (another attempt won a
   * race, or AWS had not yet listed it), find again.
   */
  static ResourceRecord findOrCreate(
      Supplier<Optional<ResourceRecord>> find, Supplier<ResourceRecord> create) {
    Optional<ResourceRecord> existing = find.get();
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      return create.get();
    } catch (RuntimeException e) {
      if (!AwsErrors.isAlreadyExists(e)) {
        throw e;
      }
      return find.get().orElseThrow(() -> e);
    }
  }

  /** Runs a delete call; "not found" means an earlier attempt (or someone) already deleted it. */
  static void deleteIgnoringNotFound(Runnable delete) {
    try {
      delete.run();
    } catch (RuntimeException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  /** Reads a state; "not found" reads as {@link #GONE}. */
  static String stateOrGone(Supplier<Optional<String>> read) {
    return emptyIfNotFound(read).orElse(GONE);
  }

  /** A describe by name or ID; services that answer "not found" with an error read as empty. */
  static <T> Optional<T> emptyIfNotFound(Supplier<Optional<T>> describe) {
    try {
      return describe.get();
    } catch (RuntimeException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A record's attributes from key, value pairs; a value AWS has not filled in yet is left out. */
  static Map<String, String> attributes(String... keysAndValues) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        attributes.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return attributes;
  }
}
