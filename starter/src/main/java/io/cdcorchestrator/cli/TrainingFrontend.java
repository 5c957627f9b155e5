package io.cdcorchestrator.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.cdcorchestrator.model.CdcSearchAttributes;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineStatus;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkerVersionStamp;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.sdk.v1.UserMetadata;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.RequestIdInfo;
import io.temporal.api.workflow.v1.ResetPointInfo;
import io.temporal.api.workflow.v1.ResetPoints;
import io.temporal.api.workflow.v1.WorkflowExecutionConfig;
import io.temporal.api.workflow.v1.WorkflowExecutionExtendedInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.common.converter.DataConverter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A stand-in Temporal frontend for {@link StartupTraining} only: on a loopback port, it answers the
 * four calls {@code cdc status} and {@code cdc list} make for one running pipeline (system info,
 * describe, the {@code status} query, the visibility list) with fixed answers, so that the training
 * walks their success path through the real client. It is not a test double of any test and holds
 * no state.
 */
final class TrainingFrontend extends WorkflowServiceGrpc.WorkflowServiceImplBase
    implements AutoCloseable {
  private final WorkflowExecutionInfo run;
  private final DescribeWorkflowExecutionResponse described;
  private final Payload status;
  private final Server server;

  TrainingFrontend(DataConverter converter, PipelineStatus sample) throws IOException {
    Instant now = Instant.now();
    this.run =
        WorkflowExecutionInfo.newBuilder()
            .setExecution(
                WorkflowExecution.newBuilder()
                    .setWorkflowId(PipelineNames.workflowId(sample.name()))
                    .setRunId(sample.runId()))
            .setType(WorkflowType.newBuilder().setName("PipelineWorkflow"))
            .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
            .setStartTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
            .setSearchAttributes(
                SearchAttributes.newBuilder()
                    .putIndexedFields(
                        CdcSearchAttributes.PIPELINE.getName(), keyword(converter, sample.name()))
                    .putIndexedFields(
                        CdcSearchAttributes.TARGET.getName(),
                        keyword(converter, sample.target().id()))
                    .putIndexedFields(
                        CdcSearchAttributes.PHASE.getName(),
                        keyword(converter, sample.phase().name())))
            .setMemo(Memo.getDefaultInstance())
            .setAutoResetPoints(
                ResetPoints.newBuilder().addPoints(ResetPointInfo.newBuilder().setResettable(true)))
            .setMostRecentWorkerVersionStamp(WorkerVersionStamp.newBuilder().setBuildId("b"))
            .build();
    // as much of a real server's answer as our code and the SDK parse (maps, metadata, timeouts)
    this.described =
        DescribeWorkflowExecutionResponse.newBuilder()
            .setWorkflowExecutionInfo(run)
            .setExecutionConfig(
                WorkflowExecutionConfig.newBuilder()
                    .setTaskQueue(TaskQueue.newBuilder().setName("cdc-control"))
                    .setWorkflowExecutionTimeout(Duration.newBuilder().setSeconds(1))
                    .setUserMetadata(
                        UserMetadata.newBuilder()
                            .setSummary(converter.toPayload("summary").orElseThrow())))
            .setWorkflowExtendedInfo(
                WorkflowExecutionExtendedInfo.newBuilder()
                    .putRequestIdInfos("r", RequestIdInfo.newBuilder().setEventId(1).build()))
            .build();
    this.status = converter.toPayload(sample).orElseThrow();
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(this)
            .build()
            .start();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  private static Payload keyword(DataConverter converter, String value) {
    return converter.toPayload(value).orElseThrow().toBuilder()
        .putMetadata("type", ByteString.copyFromUtf8("Keyword"))
        .build();
  }

  @Override
  public void getSystemInfo(
      GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
    answer(
        response,
        GetSystemInfoResponse.newBuilder()
            .setServerVersion("training")
            .setCapabilities(GetSystemInfoResponse.Capabilities.newBuilder().setSdkMetadata(true))
            .build());
  }

  @Override
  public void describeWorkflowExecution(
      DescribeWorkflowExecutionRequest request,
      StreamObserver<DescribeWorkflowExecutionResponse> response) {
    answer(response, described);
  }

  @Override
  public void queryWorkflow(
      QueryWorkflowRequest request, StreamObserver<QueryWorkflowResponse> response) {
    answer(
        response,
        QueryWorkflowResponse.newBuilder()
            .setQueryResult(Payloads.newBuilder().addPayloads(status))
            .build());
  }

  @Override
  public void listWorkflowExecutions(
      ListWorkflowExecutionsRequest request,
      StreamObserver<ListWorkflowExecutionsResponse> response) {
    answer(response, ListWorkflowExecutionsResponse.newBuilder().addExecutions(run).build());
  }

  private static <T> void answer(StreamObserver<T> response, T value) {
    response.onNext(value);
    response.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
