package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** What {@code cdc sweep} tears down: everything of a pipeline that exists now, whoever left it. */
@ActivityInterface(namePrefix = "AwsSweep")
public interface SweepActivities {
  /** Every resource of {@code pipeline}, found by tag and deterministic name, in creation order. */
  List<ResourceRecord> discover(String pipeline);
}
