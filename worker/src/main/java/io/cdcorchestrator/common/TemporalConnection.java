package io.cdcorchestrator.common;

import io.cdcorchestrator.codec.PayloadEncryption;
import io.cdcorchestrator.observability.Observability;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Connects through the SDK's envconfig (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_*, TEMPORAL_PROFILE and the TOML config file), as every samples-java main does, with
 * the project's data converter: payloads encrypted when CDC_CODEC_KEYS / CDC_CODEC_KEY_FILE is set.
 */
public final class TemporalConnection {
  public static final String DEFAULT_ADDRESS = "localhost:7233";

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final String address;

  private TemporalConnection(WorkflowServiceStubs service, WorkflowClient client, String address) {
    this.service = service;
    this.client = client;
    this.address = address;
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
    WorkflowServiceStubsOptions stubsOptions = profile.toWorkflowServiceStubsOptions();
    String target = stubsOptions.getTarget() == null ? DEFAULT_ADDRESS : stubsOptions.getTarget();
    if (observability.temporalScope() != null) { // the SDK's worker metrics report through it
      stubsOptions =
          WorkflowServiceStubsOptions.newBuilder(stubsOptions)
              .setMetricsScope(observability.temporalScope())
              .build();
    }
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(stubsOptions);
    WorkflowClientOptions clientOptions =
        WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions())
            .setDataConverter(dataConverter)
            .setInterceptors(
                observability.clientInterceptors().toArray(WorkflowClientInterceptor[]::new))
            .build();
    WorkflowClient client = WorkflowClient.newInstance(service, clientOptions);
    return new TemporalConnection(service, client, target);
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  /** The address tried, for error messages. */
  public String address() {
    return address;
  }

  public void close() {
    service.shutdown();
  }
}
