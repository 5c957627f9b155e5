package io.cdcorchestrator.pipeline.saga;

import io.cdcorchestrator.model.ResourceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The saga as data: what this pipeline created, in creation order. Teardown walks it backwards.
 * Plain data (unlike closures) it survives continue-as-new and is what {@code status} lists.
 *
 * <p>A resource is recorded <em>before</em> its create runs (state {@value
 * ResourceRecord#CREATING}), so a create that partly applied, timed out or was cancelled is still
 * undone; every delete treats "not found" as done, which makes that safe.
 */
public final class Inventory {
  private final List<ResourceRecord> records;

  public Inventory(List<ResourceRecord> carried) {
    this.records = carried == null ? new ArrayList<>() : new ArrayList<>(carried);
  }

  /**
   * Records the intent to create a {@code type} the workflow expects to call {@code id} (several
   * resources may share a type: four subnets); replaced by {@link #created} once it exists.
   */
  public void intend(String type, String id) {
    intend(type, id, null);
  }

  /**
   * Like {@link #intend(String, String)}, with what a delete needs to find the resource without its
   * ID (for AWS: the pipeline, whose tag and names it carries).
   */
  public void intend(String type, String id, java.util.Map<String, String> attributes) {
    if (indexOf(type, id) < 0) {
      records.add(new ResourceRecord(type, id, ResourceRecord.CREATING, attributes));
    }
  }

  /** Replaces the intent recorded as {@code expectedId} with what the create returned. */
  public void created(String expectedId, ResourceRecord record) {
    int i = indexOf(record.type(), expectedId);
    if (i >= 0) {
      records.set(i, record);
    } else {
      records.add(record);
    }
  }

  public void removed(ResourceRecord record) {
    records.removeIf(r -> r.type().equals(record.type()) && r.id().equals(record.id()));
  }

  private int indexOf(String type, String id) {
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).type().equals(type) && records.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** The first (oldest) resource of {@code type}. */
  public ResourceRecord find(String type) {
    return records.stream().filter(r -> r.type().equals(type)).findFirst().orElse(null);
  }

  /** Newest first: the order compensations run in. */
  public List<ResourceRecord> newestFirst() {
    List<ResourceRecord> reversed = new ArrayList<>(records);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  public List<ResourceRecord> records() {
    return List.copyOf(records);
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }
}
