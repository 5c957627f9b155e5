package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.CdcSearchAttributes;
import java.util.List;

/**
 * Registering the pipeline's search attributes ({@link CdcSearchAttributes}, all Keyword) on a
 * local server.
 */
final class PipelineAttributes {
  /** Their names, as a local server registers them. */
  static final List<String> NAMES =
      List.of(
          CdcSearchAttributes.PIPELINE.getName(),
          CdcSearchAttributes.TARGET.getName(),
          CdcSearchAttributes.PHASE.getName());

  private PipelineAttributes() {}

  /** How to register them on a server that lacks them. */
  static String registrationHint(String namespace) {
    StringBuilder hint = new StringBuilder("register them once with:");
    for (String name : NAMES) {
      hint.append(" temporal operator search-attribute create --namespace ")
          .append(namespace)
          .append(" --name ")
          .append(name)
          .append(" --type Keyword;");
    }
    return hint.substring(0, hint.length() - 1);
  }
}
