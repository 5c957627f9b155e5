package io.cdcorchestrator.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The saga as data: what this pipeline created, in creation order. Teardown walks it backwards.
 * Plain data (unlike closures) it survives continue-as-new and is what {@code status} lists.
 *
 * <p>A resource is recorded <em>before</em> its create runs (state {@value #CREATING}), so a create
 * that partly applied, timed out or was cancelled is still undone; every delete treats "not found" as
 * done, which makes that safe.
 */
public final class Inventory {
  public static final String CREATING = "creating";

  private final List<ResourceRecord> records;

  public Inventory(List<ResourceRecord> carried) {
    this.records = carried == null ? new ArrayList<>() : new ArrayList<>(carried);
  }

  /** Records the intent to create {@code type}; replaced by {@link #created} once it exists. */
  public void intend(String type, String id) {
    if (find(type) == null) {
      records.add(new ResourceRecord(type, id, CREATING, null));
    }
  }

  public void created(ResourceRecord record) {
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).type().equals(record.type())) {
        records.set(i, record);
        return;
      }
    }
    records.add(record);
  }

  public void removed(String type) {
    records.removeIf(r -> r.type().equals(type));
  }

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
