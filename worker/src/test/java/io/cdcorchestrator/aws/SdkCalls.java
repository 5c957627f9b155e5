package io.cdcorchestrator.aws;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records the operations sent, so a test can tell a found resource from a second create call. */
public final class SdkCalls implements ExecutionInterceptor {
  private final List<String> operations = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }

  /** How many times {@code operation} was called while {@code body} ran. */
  public long during(String operation, Runnable body) {
    int from = operations.size();
    body.run();
    return operations.subList(from, operations.size()).stream().filter(operation::equals).count();
  }
}
