package io.cdcorchestrator.replay;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.context.ActivitySerializationContext;
import io.temporal.payload.context.SerializationContext;
import java.lang.reflect.Type;
import java.util.Optional;
import javax.annotation.Nonnull;

/**
 * The replayer's data converter: the given one, except that the arguments of a (non-local) activity
 * the workflow schedules are not serialised. During a replay each ScheduleActivityTask command is
 * matched against its recorded event by activity id and type only (the SDK's {@code
 * WorkflowStateMachines.validateCommand}) and then dropped, so serialising its arguments, the
 * workflow's inventory among them, was work thrown away: ≈ 10 % of a replay's CPU
 * (docs/BENCHMARKS.md). Everything read from the history (activity results, failures, update
 * arguments, markers) and everything else written goes through the given converter as before.
 * Replay only: a worker that runs workflows never sees this converter.
 */
final class ReplayDataConverter implements DataConverter {
  private final DataConverter converter;
  private final boolean activityArguments;

  ReplayDataConverter(DataConverter converter) {
    this(converter, false);
  }

  private ReplayDataConverter(DataConverter converter, boolean activityArguments) {
    this.converter = converter;
    this.activityArguments = activityArguments;
  }

  @Override
  public Optional<Payloads> toPayloads(Object... values) {
    return activityArguments ? Optional.empty() : converter.toPayloads(values);
  }

  @Override
  public <T> Optional<Payload> toPayload(T value) {
    return converter.toPayload(value);
  }

  @Override
  public <T> T fromPayload(Payload payload, Class<T> valueClass, Type valueType) {
    return converter.fromPayload(payload, valueClass, valueType);
  }

  @Override
  public <T> T fromPayloads(
      int index, Optional<Payloads> content, Class<T> valueType, Type valueGenericType) {
    return converter.fromPayloads(index, content, valueType, valueGenericType);
  }

  @Override
  public Object[] fromPayloads(
      Optional<Payloads> content, Class<?>[] parameterTypes, Type[] genericParameterTypes) {
    return converter.fromPayloads(content, parameterTypes, genericParameterTypes);
  }

  @Override
  @Nonnull
  public RuntimeException failureToException(@Nonnull Failure failure) {
    return converter.failureToException(failure);
  }

  @Override
  @Nonnull
  public Failure exceptionToFailure(@Nonnull Throwable throwable) {
    return converter.exceptionToFailure(throwable);
  }

  @Override
  @Nonnull
  public DataConverter withContext(@Nonnull SerializationContext context) {
    boolean scheduled = context instanceof ActivitySerializationContext a && !a.isLocal();
    return new ReplayDataConverter(converter.withContext(context), scheduled);
  }
}
