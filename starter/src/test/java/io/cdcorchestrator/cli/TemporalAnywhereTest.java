package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TemporalConnection;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connecting to a Temporal of one's own (a TLS cluster, Temporal Cloud) through envconfig alone:
 * what the client puts on the wire, checked on a recording TLS frontend on 127.0.0.1.
 */
class TemporalAnywhereTest {
  @TempDir Path dir;

  @Test
  void apiKey_reachesTheServerAsABearerToken_overTls() throws Exception {
    try (RecordingFrontend frontend = new RecordingFrontend(RecordingFrontend.Tls.SERVER)) {
      TemporalConnection c =
          TemporalConnection.connect(
              Map.of(
                  "TEMPORAL_ADDRESS",
                  frontend.address(),
                  "TEMPORAL_NAMESPACE",
                  "prod.a1b2c",
                  "TEMPORAL_API_KEY",
                  "test-api-key",
                  "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
                  RecordingFrontend.path("ca.pem")));
      try {
        systemInfo(c);
        assertEquals("prod.a1b2c", c.client().getOptions().getNamespace());
      } finally {
        c.close();
      }
      assertEquals(
          List.of(new RecordingFrontend.Call("GetSystemInfo", "Bearer test-api-key", null)),
          frontend.calls);
    }
  }

  @Test
  void mutualTls_clientCertificateReachesTheServer() throws Exception {
    try (RecordingFrontend frontend = new RecordingFrontend(RecordingFrontend.Tls.MUTUAL)) {
      TemporalConnection c =
          TemporalConnection.connect(
              Map.of(
                  "TEMPORAL_ADDRESS", frontend.address(),
                  "TEMPORAL_TLS_CLIENT_CERT_PATH", RecordingFrontend.path("client.pem"),
                  "TEMPORAL_TLS_CLIENT_KEY_PATH", RecordingFrontend.path("client.key"),
                  "TEMPORAL_TLS_SERVER_CA_CERT_PATH", RecordingFrontend.path("ca.pem"),
                  "TEMPORAL_TLS_SERVER_NAME", "localhost"));
      try {
        systemInfo(c);
      } finally {
        c.close();
      }
      assertEquals(
          List.of(new RecordingFrontend.Call("GetSystemInfo", null, "CN=cdc-test-client")),
          frontend.calls);
    }
  }

  @Test
  void profileFromTheConfigFile_selectedByTemporalProfile() throws Exception {
    try (RecordingFrontend frontend = new RecordingFrontend(RecordingFrontend.Tls.SERVER)) {
      Path toml = dir.resolve("temporal.toml");
      Files.writeString(
          toml,
          """
          [profile.default]
          address = "127.0.0.1:1"

          [profile.cloud]
          address = "%s"
          namespace = "cloud-ns.a1b2c"
          api_key = "key-from-profile"

          [profile.cloud.tls]
          server_ca_cert_path = "%s"
          """
              .formatted(frontend.address(), RecordingFrontend.path("ca.pem")));
      TemporalConnection c =
          TemporalConnection.connect(
              Map.of("TEMPORAL_CONFIG_FILE", toml.toString(), "TEMPORAL_PROFILE", "cloud"));
      try {
        systemInfo(c);
        assertEquals("cloud-ns.a1b2c", c.client().getOptions().getNamespace());
        assertEquals(frontend.address(), c.address());
      } finally {
        c.close();
      }
      assertEquals("Bearer key-from-profile", frontend.calls.get(0).authorization());
    }
  }

  @Test
  void theCliReadsTheSameVariables() throws Exception {
    try (RecordingFrontend frontend = new RecordingFrontend(RecordingFrontend.Tls.MUTUAL)) {
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "TEMPORAL_API_KEY", "cli-key",
                  "TEMPORAL_TLS_CLIENT_CERT_PATH", RecordingFrontend.path("client.pem"),
                  "TEMPORAL_TLS_CLIENT_KEY_PATH", RecordingFrontend.path("client.key"),
                  "TEMPORAL_TLS_SERVER_CA_CERT_PATH", RecordingFrontend.path("ca.pem")));
      Cli cli = new Cli().address(frontend.address());
      env.forEach(cli::env);
      // the double answers only GetSystemInfo: the command gets past the connection check, then
      // fails
      Cli.Result r = cli.run("status", "demo");
      assertEquals("GetSystemInfo", frontend.calls.get(0).method(), r::toString);
      assertEquals("Bearer cli-key", frontend.calls.get(0).authorization(), r::toString);
      assertEquals("CN=cdc-test-client", frontend.calls.get(0).clientSubject(), r::toString);
      assertTrue(frontend.calls.size() > 1, "went on past the check: " + r);
    }
  }

  private static void systemInfo(TemporalConnection c) {
    c.service()
        .blockingStub()
        .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
  }
}
