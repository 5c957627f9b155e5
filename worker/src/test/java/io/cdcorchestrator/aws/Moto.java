package io.cdcorchestrator.aws;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.aws.AwsStack;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(Moto.class)}: the JVM's moto server is running, and test methods or
 * constructors may ask for the shared {@link AwsClients} (built exactly as in production, plus the
 * {@link MotoMskGaps} and {@link MotoPreflightGaps} test doubles and the {@link SdkCalls} recorder)
 * or for any of those.
 */
public final class Moto implements BeforeAllCallback, ParameterResolver {
  private static final AtomicInteger PIPELINES = new AtomicInteger();

  /** A fresh pipeline per test, so tests share one server without seeing each other's resources. */
  public static AwsStack newStack(String prefix) {
    return AwsStack.of(prefix + "-" + PIPELINES.incrementAndGet());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    MotoServer.get(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == AwsClients.class
        || type == MotoMskGaps.class
        || type == MotoPreflightGaps.class
        || type == SdkCalls.class
        || type == FaultyClients.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MotoServer.get(context);
    Shared shared =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class);
    Class<?> type = parameter.getParameter().getType();
    if (type == FaultyClients.class) {
      return shared.faulty;
    }
    if (type == MotoPreflightGaps.class) {
      return shared.preflight;
    }
    return type == AwsClients.class
        ? shared.clients
        : type == SdkCalls.class ? shared.calls : shared.msk;
  }

  /**
   * Clients of their own whose calls the {@link AwsFaults} double can fail (same server, same MSK
   * double).
   */
  public record FaultyClients(AwsClients clients, AwsFaults faults) {
    static FaultyClients create(MotoMskGaps msk, MotoPreflightGaps preflight) {
      AwsFaults faults = new AwsFaults();
      return new FaultyClients(
          AwsClients.create(MotoServer.REGION, List.of(msk, preflight, faults)), faults);
    }
  }

  private static final class Shared implements ExtensionContext.Store.CloseableResource {
    final MotoMskGaps msk = new MotoMskGaps();
    final MotoPreflightGaps preflight = new MotoPreflightGaps();
    final SdkCalls calls = new SdkCalls();
    final AwsClients clients = AwsClients.create(MotoServer.REGION, List.of(calls, msk, preflight));
    final FaultyClients faulty = FaultyClients.create(msk, preflight);

    @Override
    public void close() throws Exception {
      clients.close();
      faulty.clients().close();
      msk.close();
    }
  }
}
