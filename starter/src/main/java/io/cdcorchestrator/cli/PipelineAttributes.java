package io.cdcorchestrator.cli;

import io.cdcorchestrator.pipeline.CdcSearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** The pipeline's search attributes (CONTRACT.md, {@link CdcSearchAttributes}): all Keyword. */
final class PipelineAttributes {
  static final SearchAttributeKey<String> PIPELINE = CdcSearchAttributes.PIPELINE;
  static final SearchAttributeKey<String> TARGET = CdcSearchAttributes.TARGET;
  static final SearchAttributeKey<String> PHASE = CdcSearchAttributes.PHASE;

  /** Their names, as a local server registers them. */
  static final List<String> NAMES = List.of(PIPELINE.getName(), TARGET.getName(), PHASE.getName());

  private PipelineAttributes() {}

  /** How to register them on a server that lacks them. */
  static String registrationHint(String namespace) {
    StringBuilder hint = new StringBuilder("register them once with:");
    for (String name : NAMES) {
      hint.append(" temporal operator search-attribute create --namespace ").append(namespace)
          .append(" --name ").append(name).append(" --type Keyword;");
    }
    return hint.substring(0, hint.length() - 1);
  }
}
