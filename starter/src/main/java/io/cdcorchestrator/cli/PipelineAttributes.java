package io.cdcorchestrator.cli;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** The pipeline's search attributes (CONTRACT.md): all Keyword. */
final class PipelineAttributes {
  static final SearchAttributeKey<String> PIPELINE = SearchAttributeKey.forKeyword("CdcPipeline");
  static final SearchAttributeKey<String> TARGET = SearchAttributeKey.forKeyword("CdcTarget");
  static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("CdcPhase");

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
