package io.cdcorchestrator.replay;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodingKeys;
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
 * arguments, markers) and everything else written goes through the given converter as before (plain
 * strings are written by hand, to the same bytes). Replay only: a worker that runs workflows never
 * sees this converter.
 */
final class ReplayDataConverter implements DataConverter {
  private static final ByteString JSON_PLAIN = ByteString.copyFromUtf8("json/plain");

  private final DataConverter converter;
  private final boolean standard; // the SDK's default converter: strings are JSON
  private final boolean activityArguments;

  ReplayDataConverter(DataConverter converter) {
    this(converter, converter == DefaultDataConverter.STANDARD_INSTANCE, false);
  }

  private ReplayDataConverter(
      DataConverter converter, boolean standard, boolean activityArguments) {
    this.converter = converter;
    this.standard = standard;
    this.activityArguments = activityArguments;
  }

  @Override
  public Optional<Payloads> toPayloads(Object... values) {
    return activityArguments ? Optional.empty() : converter.toPayloads(values);
  }

  /**
   * With the SDK's default converter, a plain ASCII string (each activity's and timer's summary,
   * which the SDK writes into every command's metadata) as the JSON payload its Jackson converter
   * writes for it, without Jackson; anything else through the given converter.
   */
  @Override
  public <T> Optional<Payload> toPayload(T value) {
    if (standard && value instanceof String s && plainAscii(s)) {
      byte[] json = new byte[s.length() + 2];
      json[0] = '"';
      for (int i = 0; i < s.length(); i++) {
        json[i + 1] = (byte) s.charAt(i);
      }
      json[json.length - 1] = '"';
      return Optional.of(
          Payload.newBuilder()
              .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, JSON_PLAIN)
              .setData(ByteString.copyFrom(json))
              .build());
    }
    return converter.toPayload(value);
  }

  /** Characters JSON writes as they are: printable ASCII but the quote and the backslash. */
  private static boolean plainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
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
    return new ReplayDataConverter(converter.withContext(context), standard, scheduled);
  }
}
