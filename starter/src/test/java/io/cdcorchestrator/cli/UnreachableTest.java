package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Temporal unreachable or not speaking the expected TLS: exit 1, one clear line with the address
 * tried, a stack trace only with --verbose. A bad codec key is bad input (exit 2) before
 * connecting.
 */
class UnreachableTest {
  private final String address = "127.0.0.1:" + FreePort.find();
  private final Cli cli = new Cli().address(address);

  @Test
  void everyServerCommandSaysWhereItTried() {
    String[][] commands = {
      {"status", "demo"},
      {"up", "demo", "--target", "sandbox"},
      {"down", "demo"},
      {"list"},
      {"history", "demo"},
      {"events", "demo"},
      {"worker"}
    };
    for (String[] args : commands) {
      Cli.Result r = cli.run(args);
      assertEquals(1, r.code(), r::toString);
      assertEquals(
          "cannot reach Temporal at " + address + " (is a server running? try ./cdc dev-server)",
          r.err().strip(),
          r::toString);
      assertFalse(r.err().contains("Exception"), r::toString);
    }
  }

  @Test
  void verboseAddsTheStackTrace() {
    Cli.Result r = cli.run("--verbose", "status", "demo");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().startsWith("cannot reach Temporal at " + address), r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
  }

  @Test
  void verboseWorksAfterTheSubcommandToo() {
    Cli.Result r = cli.run("status", "demo", "--verbose");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
  }

  @Test
  void tlsClient_plaintextServer_saysTheHandshakeFailed() throws Exception {
    try (RecordingFrontend plain = new RecordingFrontend(RecordingFrontend.Tls.NONE)) {
      Cli.Result r = new Cli().address(plain.address()).env("TEMPORAL_TLS", "true").run("list");
      assertOneLineFailure(
          r,
          "TLS handshake with Temporal at "
              + plain.address()
              + " failed (the server does not speak TLS)");
      assertTrue(plain.calls.isEmpty(), "no call got through");
    }
  }

  @Test
  void plaintextClient_tlsServer_suggestsTemporalTls() throws Exception {
    try (RecordingFrontend tls = new RecordingFrontend(RecordingFrontend.Tls.SERVER)) {
      Cli.Result r = new Cli().address(tls.address()).run("list");
      assertOneLineFailure(
          r,
          "Temporal at "
              + tls.address()
              + " closed the connection before answering; if it expects "
              + "TLS, set TEMPORAL_TLS=true");
    }
  }

  @Test
  void serverCertificateFromAnotherCa_saysTheHandshakeFailed() throws Exception {
    try (RecordingFrontend tls = new RecordingFrontend(RecordingFrontend.Tls.SERVER)) {
      Cli.Result r =
          new Cli()
              .address(tls.address())
              .env("TEMPORAL_TLS_SERVER_CA_CERT_PATH", RecordingFrontend.path("other-ca.pem"))
              .run("list");
      assertOneLineFailure(r, "TLS handshake with Temporal at " + tls.address() + " failed (");
      assertTrue(r.err().contains("certification path"), r::toString);
    }
  }

  @Test
  void mutualTlsServer_withoutAClientCertificate_isRefused() throws Exception {
    try (RecordingFrontend mtls = new RecordingFrontend(RecordingFrontend.Tls.MUTUAL)) {
      Cli.Result r =
          new Cli()
              .address(mtls.address())
              .env("TEMPORAL_TLS_SERVER_CA_CERT_PATH", RecordingFrontend.path("ca.pem"))
              .run("list");
      assertEquals(1, r.code(), r::toString);
      assertTrue(r.err().contains(mtls.address()), r::toString);
      assertTrue(r.err().contains("TEMPORAL_TLS"), r::toString);
      assertFalse(r.err().contains("\tat "), r::toString);
      assertTrue(mtls.calls.isEmpty());
    }
  }

  @Test
  void missingClientCertificateFile_namesTheFile() {
    Cli.Result r =
        cli.env("TEMPORAL_TLS_CLIENT_CERT_PATH", "/nonexistent/client.pem")
            .env("TEMPORAL_TLS_CLIENT_KEY_PATH", "/nonexistent/client.key")
            .run("list");
    assertOneLineFailure(
        r,
        "cannot configure the Temporal connection: Unable to create SSL context (/nonexistent/client.pem)");
  }

  @Test
  void badCodecKey_isBadInput_beforeConnecting() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    String port = Integer.toString(FreePort.withUiPort());
    for (String[] args :
        new String[][] {
          {"status", "demo"}, {"worker"}, {"codec-server"}, {"demo", "--port", port}
        }) {
      Cli.Result r = cli.env("CDC_CODEC_KEYS", "k1=" + shortKey).run(args);
      assertEquals(2, r.code(), r::toString);
      assertEquals(
          "CDC_CODEC_KEYS: key 'k1' is 16 bytes; it must be 32 (AES-256), base64-encoded",
          r.err().strip(),
          r::toString);
      assertEquals("", r.out(), "nothing started: " + r);
    }
  }

  @Test
  void codecServerWithoutKeys_isBadInput() {
    Cli.Result r = new Cli().run("codec-server");
    assertEquals(2, r.code(), r::toString);
    assertEquals(
        "CDC_CODEC_KEYS: not set (nor CDC_CODEC_KEY_FILE); the codec server needs the keys the worker "
            + "encrypts with",
        r.err().strip(),
        r::toString);
    Cli.Result origin =
        new Cli()
            .env("CDC_CODEC_KEYS", "k=" + Base64.getEncoder().encodeToString(new byte[32]))
            .run("codec-server", "--ui-origin", "http://localhost:8080/");
    assertEquals(2, origin.code(), origin::toString);
    assertTrue(
        origin.err().startsWith("ui-origin: 'http://localhost:8080/' is not an origin"),
        origin::toString);
  }

  private static void assertOneLineFailure(Cli.Result r, String expectedStart) {
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().startsWith(expectedStart), r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
  }
}
