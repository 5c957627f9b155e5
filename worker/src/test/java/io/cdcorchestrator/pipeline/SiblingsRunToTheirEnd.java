package io.cdcorchestrator.pipeline;

import io.cdcorchestrator.pipeline.saga.Parallel;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;

/**
 * For tests on the Java test server only: {@link Parallel} runs as runs recorded before {@link
 * Parallel#CANCEL_SIBLINGS} do, every branch to its end. The test server answers a cancel that
 * crosses an activity's completion with ACTIVITY_UNKNOWN and the run stalls (measured: most of the
 * failure-at-every-step tests, with Mockito activities that complete at once), which the real
 * server does not. Sibling cancellation itself is tested on the {@code temporal} dev server
 * (starter: {@code SiblingCancelDevServerTest}); the version is answered here without a marker, so
 * histories these tests record replay on the real code as old runs.
 */
final class SiblingsRunToTheirEnd extends WorkerInterceptorBase {
  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(
            new WorkflowOutboundCallsInterceptorBase(outbound) {
              @Override
              public int getVersion(String changeId, int minSupported, int maxSupported) {
                return Parallel.CANCEL_SIBLINGS.equals(changeId)
                    ? Workflow.DEFAULT_VERSION
                    : super.getVersion(changeId, minSupported, maxSupported);
              }
            });
      }
    };
  }
}
