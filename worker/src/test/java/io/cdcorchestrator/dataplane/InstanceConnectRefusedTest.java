package io.cdcorchestrator.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * EC2 Instance Connect refusing the push, as AWS answers when the caller lacks the IAM permission
 * (moto never refuses): the real SDK call against a local HTTP server that answers with AWS's error
 * document — that answer is the only double here.
 */
class InstanceConnectRefusedTest {

  @Test
  void aRefusedPushIsOneClearNonRetryableLineNamingThePermission() throws Exception {
    try (MockWebServer aws = new MockWebServer()) {
      aws.enqueue(
          new MockResponse()
              .setResponseCode(403)
              .addHeader("x-amzn-ErrorType", "AuthException")
              .addHeader("Content-Type", "application/x-amz-json-1.1")
              .setBody("{\"__type\":\"AuthException\",\"message\":\"Authentication exception.\"}"));
      aws.start();
      try (InstanceConnectKeyPush push =
          new InstanceConnectKeyPush(
              b ->
                  b.endpointOverride(URI.create(aws.url("/").toString()))
                      .credentialsProvider(
                          StaticCredentialsProvider.create(
                              AwsBasicCredentials.create("AKIDEXAMPLE", "x")))
                      .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))))) {
        ApplicationFailure f =
            assertThrows(
                ApplicationFailure.class,
                () -> push.push("us-east-1", "i-0abc", "ec2-user", "ssh-rsa AAAAB3Nza"));
        assertTrue(f.isNonRetryable());
        assertEquals("InstanceConnectRefused", f.getType());
        assertTrue(
            f.getOriginalMessage().contains("i-0abc")
                && f.getOriginalMessage().contains(InstanceConnectKeyPush.PERMISSION),
            f.getOriginalMessage());
        assertFalse(f.getOriginalMessage().contains("\n"));
      }
      RecordedRequest sent = aws.takeRequest();
      assertTrue(
          String.valueOf(sent.getHeader("X-Amz-Target")).endsWith("SendSSHPublicKey"),
          sent.getHeaders().toString());
    }
  }
}
