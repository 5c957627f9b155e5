package io.cdcorchestrator.model;

import io.temporal.common.SearchAttributeKey;

/**
 * The Keyword search attributes users query (README, "Watching in the Temporal Web UI"): find
 * pipelines in the Web UI and with {@code cdc list}.
 */
public final class CdcSearchAttributes {
  public static final SearchAttributeKey<String> PIPELINE =
      SearchAttributeKey.forKeyword("CdcPipeline");
  public static final SearchAttributeKey<String> TARGET =
      SearchAttributeKey.forKeyword("CdcTarget");
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("CdcPhase");

  private CdcSearchAttributes() {}
}
