package io.cdcorchestrator.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.model.SecretRef;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Turns a {@link SecretRef} into the secret, at run time, in the data-plane worker only. The value
 * is never logged and never put into an exception message; messages name the reference.
 *
 * <p>Two kinds: {@code file:<path>:<key>} (a Java properties file, the sandbox) and {@code
 * aws-secretsmanager:<arn>:<json key>} (a JSON secret such as the one RDS manages for its master
 * user), read with the SDK's default credentials chain in the region the ARN names.
 */
public final class SecretResolver {
  public static final String FILE = "file:";
  public static final String AWS_SECRETS_MANAGER = "aws-secretsmanager:";

  /**
   * One client set per region, built on first use: a sandbox-only worker never needs AWS
   * credentials.
   */
  private static final Map<String, AwsClients> CLIENTS = new ConcurrentHashMap<>();

  private SecretResolver() {}

  /** The reference cannot be resolved; the message names the reference, never a value. */
  public static class UnresolvableSecret extends RuntimeException {
    private final boolean retryable;

    UnresolvableSecret(String message) {
      this(message, false);
    }

    UnresolvableSecret(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    /** Secrets Manager unreachable or throttling: a later attempt may succeed. */
    public boolean retryable() {
      return retryable;
    }
  }

  /** The secret, or null for {@code none} (no password: trust authentication). */
  public static String resolve(SecretRef ref) {
    if (ref == null || ref.isNone()) {
      return null;
    }
    String uri = ref.uri();
    int keyAt = uri.lastIndexOf(':');
    if (uri.startsWith(AWS_SECRETS_MANAGER) && keyAt > AWS_SECRETS_MANAGER.length()) {
      return fromSecretsManager(
          uri.substring(AWS_SECRETS_MANAGER.length(), keyAt), uri.substring(keyAt + 1));
    }
    if (!uri.startsWith(FILE) || keyAt <= FILE.length()) {
      throw new UnresolvableSecret(
          "unsupported secret reference '"
              + uri
              + "' (expected none, file:<path>:<key> or aws-secretsmanager:<arn>:<json key>)");
    }
    Path file = Path.of(uri.substring(FILE.length(), keyAt));
    String key = uri.substring(keyAt + 1);
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(r);
    } catch (IOException e) {
      throw new UnresolvableSecret(
          "cannot read secret file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    String value = props.getProperty(key);
    if (value == null || value.isEmpty()) {
      throw new UnresolvableSecret("secret file " + file + " has no key '" + key + "'");
    }
    return value;
  }

  /**
   * arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME: the client goes to the region the secret
   * lives in.
   */
  private static String fromSecretsManager(String arn, String key) {
    String[] parts = arn.split(":");
    if (parts.length < 7 || !"secretsmanager".equals(parts[2]) || parts[3].isEmpty()) {
      throw new UnresolvableSecret("'" + arn + "' is not a Secrets Manager secret ARN");
    }
    String json;
    try {
      json =
          CLIENTS
              .computeIfAbsent(parts[3], AwsClients::create)
              .secretsManager()
              .getSecretValue(r -> r.secretId(arn))
              .secretString();
    } catch (ResourceNotFoundException e) {
      throw new UnresolvableSecret("secret " + arn + " does not exist");
    } catch (AwsClients.MissingSetupException e) {
      throw new UnresolvableSecret("cannot read secret " + arn + ": " + e.getMessage());
    } catch (SdkException e) {
      // the SDK's message names the operation and the error code, never the secret's value
      throw new UnresolvableSecret(
          "cannot read secret " + arn + ": " + AwsErrors.describe(e),
          AwsErrors.classify(e) == AwsErrors.Kind.RETRYABLE);
    }
    JsonNode value;
    try {
      value = json == null ? null : ConnectApi.JSON.readTree(json).get(key);
    } catch (JsonProcessingException e) {
      throw new UnresolvableSecret(
          "secret " + arn + " is not JSON, so it has no key '" + key + "'");
    }
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new UnresolvableSecret("secret " + arn + " has no key '" + key + "'");
    }
    return value.asText();
  }
}
