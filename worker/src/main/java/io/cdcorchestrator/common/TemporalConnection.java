package io.cdcorchestrator.common;

import io.cdcorchestrator.codec.PayloadEncryption;
import io.cdcorchestrator.observability.Observability;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Connects through the SDK's envconfig (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_*, TEMPORAL_PROFILE and the TOML config file), as every samples-java main does, with
 * the project's data converter: payloads encrypted when CDC_CODEC_KEYS / CDC_CODEC_KEY_FILE is set.
 */
public final class TemporalConnection {
  public static final String DEFAULT_ADDRESS = "localhost:7233";

  private static final long CLOSE_WAIT_MILLIS = 1_000;

  private final WorkflowServiceStubs service;
  private final WorkflowClientOptions clientOptions;
  private final String address;
  private final EventLoopGroup eventLoop;
  private WorkflowClient client;

  private TemporalConnection(
      WorkflowServiceStubs service,
      WorkflowClientOptions clientOptions,
      String address,
      EventLoopGroup loop) {
    this.service = service;
    this.clientOptions = clientOptions;
    this.address = address;
    this.eventLoop = loop;
  }

  /** From the environment alone. */
  public static TemporalConnection fromEnvironment() {
    return connect(System.getenv());
  }

  /** From the environment, with the address replaced when {@code address} is not null. */
  public static TemporalConnection connect(String address) {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (address != null) {
      env.put("TEMPORAL_ADDRESS", address);
    }
    return connect(env);
  }

  /**
   * From {@code env} in place of the process environment (the CLI passes its own; tests theirs).
   */
  public static TemporalConnection connect(Map<String, String> env) {
    return connect(env, Observability.off());
  }

  /** As {@link #connect(Map)}, measured and traced as {@code observability} says (a worker's). */
  public static TemporalConnection connect(Map<String, String> env, Observability observability) {
    return load(
        LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env).build(),
        env,
        observability);
  }

  /**
   * A local server this process started: plain gRPC, namespace {@code default}. The user's
   * TEMPORAL_* settings (an API key, TLS, a profile meant for their cluster) must not apply to it.
   */
  public static TemporalConnection local(String address) {
    return local(address, System.getenv());
  }

  /** As {@link #local(String)}; the payload codec keys still come from {@code env}. */
  public static TemporalConnection local(String address, Map<String, String> env) {
    return local(address, env, Observability.off());
  }

  /** As {@link #local(String, Map)}, measured and traced as {@code observability} says. */
  public static TemporalConnection local(
      String address, Map<String, String> env, Observability observability) {
    return load(
        LoadClientConfigProfileOptions.newBuilder()
            .setDisableFile(true)
            .setEnvOverrides(Map.of("TEMPORAL_ADDRESS", address, "TEMPORAL_NAMESPACE", "default"))
            .build(),
        env,
        observability);
  }

  private static TemporalConnection load(
      LoadClientConfigProfileOptions options,
      Map<String, String> env,
      Observability observability) {
    // first, so a bad key fails before anything connects
    var dataConverter = PayloadEncryption.dataConverter(env);
    ClientConfigProfile profile;
    try {
      profile = ClientConfigProfile.load(options);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the Temporal client config file: " + e.getMessage(), e);
    }
    WorkflowServiceStubsOptions profileOptions = profile.toWorkflowServiceStubsOptions();
    String target =
        profileOptions.getTarget() == null ? DEFAULT_ADDRESS : profileOptions.getTarget();
    EventLoopGroup loop = newEventLoop();
    Consumer<ManagedChannelBuilder<?>> profileInitializer = profileOptions.getChannelInitializer();
    WorkflowServiceStubsOptions stubsOptions =
        WorkflowServiceStubsOptions.newBuilder(profileOptions)
            .setChannelInitializer(
                builder -> {
                  if (profileInitializer != null) {
                    profileInitializer.accept(builder);
                  }
                  ((NettyChannelBuilder) builder)
                      .eventLoopGroup(loop)
                      .channelType(
                          loop instanceof EpollEventLoopGroup
                              ? EpollSocketChannel.class
                              : NioSocketChannel.class);
                })
            .build();
    if (observability.temporalScope() != null) { // the SDK's worker metrics report through it
      stubsOptions =
          WorkflowServiceStubsOptions.newBuilder(stubsOptions)
              .setMetricsScope(observability.temporalScope())
              .build();
    }
    WorkflowServiceStubs service;
    try {
      service = WorkflowServiceStubs.newServiceStubs(stubsOptions);
    } catch (RuntimeException e) {
      loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
    WorkflowClientOptions clientOptions =
        WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions())
            .setDataConverter(dataConverter)
            .setInterceptors(
                observability.clientInterceptors().toArray(WorkflowClientInterceptor[]::new))
            .build();
    return new TemporalConnection(service, clientOptions, target, loop);
  }

  /**
   * The connection's own network thread, where gRPC would share a process-wide one that it releases
   * only a second after the last channel closes. A JVM that exits while a thread sits in native
   * code (netty's epoll wait) waits 300 ms for it (HotSpot's VM_Exit), so a short command (status,
   * list) paid that on every run; {@link #close} stops this thread first. Epoll where gRPC would
   * use it.
   */
  private static EventLoopGroup newEventLoop() {
    DefaultThreadFactory threads = new DefaultThreadFactory("cdc-temporal-grpc", true);
    return Epoll.isAvailable()
        ? new EpollEventLoopGroup(1, threads)
        : new NioEventLoopGroup(1, threads);
  }

  /**
   * The SDK's client, made on first use: {@code cdc status} and {@code cdc list} ask the service
   * directly (through {@link #service()}, decoding with {@link #dataConverter()}) and do not pay
   * for its start.
   */
  public synchronized WorkflowClient client() {
    if (client == null) {
      client = WorkflowClient.newInstance(service, clientOptions);
    }
    return client;
  }

  /** The namespace the client works in (the profile's, default {@code default}). */
  public String namespace() {
    String namespace = clientOptions.getNamespace();
    return namespace == null || namespace.isEmpty() ? "default" : namespace; // as the client says
  }

  /** The client's data converter: the payload codec's (encryption) over the SDK's default. */
  public DataConverter dataConverter() {
    return clientOptions.getDataConverter();
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  /** The address tried, for error messages. */
  public String address() {
    return address;
  }

  /** Closes the channel (cancelling calls still in flight) and stops its network thread. */
  public void close() {
    service.shutdownNow();
    service.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    eventLoop
        .shutdownGracefully(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(CLOSE_WAIT_MILLIS);
  }
}
