package io.cdcorchestrator.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.SecretRef;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code aws-secretsmanager:<arn>:<json key>} against moto's Secrets Manager: the shape of the
 * secret RDS manages for its master user ({@code {"username": …, "password": …}}).
 */
@ExtendWith(Moto.class)
class AwsSecretResolverTest {
  private static final String PASSWORD = "rds-Managed-" + UUID.randomUUID();

  private static String masterSecret(AwsClients aws) {
    return aws.secretsManager()
        .createSecret(
            r ->
                r.name("rds!db-" + UUID.randomUUID())
                    .secretString("{\"username\":\"cdc_admin\",\"password\":\"" + PASSWORD + "\"}"))
        .arn();
  }

  @Test
  void resolvesAJsonKeyOfASecretByItsArn(AwsClients aws) {
    String arn = masterSecret(aws);
    assertEquals(
        PASSWORD,
        SecretResolver.resolve(
            new SecretRef(SecretResolver.AWS_SECRETS_MANAGER + arn + ":password")));
    assertEquals(
        "cdc_admin",
        SecretResolver.resolve(
            new SecretRef(SecretResolver.AWS_SECRETS_MANAGER + arn + ":username")));
  }

  @Test
  void aMissingKeyOrSecretNamesTheReferenceNeverTheValue(AwsClients aws) {
    String arn = masterSecret(aws);
    var missingKey =
        assertThrows(
            SecretResolver.UnresolvableSecret.class,
            () ->
                SecretResolver.resolve(
                    new SecretRef(SecretResolver.AWS_SECRETS_MANAGER + arn + ":token")));
    assertTrue(
        missingKey.getMessage().contains(arn) && missingKey.getMessage().contains("token"),
        missingKey.getMessage());
    assertFalse(missingKey.getMessage().contains(PASSWORD));
    assertFalse(missingKey.retryable());

    String absent = arn.substring(0, arn.lastIndexOf(':') + 1) + "absent-AbCdEf";
    var missingSecret =
        assertThrows(
            SecretResolver.UnresolvableSecret.class,
            () ->
                SecretResolver.resolve(
                    new SecretRef(SecretResolver.AWS_SECRETS_MANAGER + absent + ":password")));
    assertTrue(missingSecret.getMessage().contains(absent), missingSecret.getMessage());

    assertThrows(
        SecretResolver.UnresolvableSecret.class,
        () ->
            SecretResolver.resolve(
                new SecretRef(SecretResolver.AWS_SECRETS_MANAGER + "not-an-arn:password")));
  }

  @Test
  void theConnectorConfigOnAwsNamesTheTaskEnvironmentNeverThePassword(AwsClients aws) {
    String arn = masterSecret(aws);
    SecretRef ref = new SecretRef(SecretResolver.AWS_SECRETS_MANAGER + arn + ":password");
    DataPlaneAccess a =
        new DataPlaneAccess(
            "p",
            "db.internal",
            5432,
            "inventory",
            "cdc_admin",
            ref,
            "cdc_admin",
            ref,
            true,
            "http://connect.internal",
            null,
            PipelineNames.CONNECTOR_NAME,
            "p",
            "slot_p",
            "pub_p");
    Map<String, String> config = ConnectorConfig.debezium(a);
    assertEquals("${env:CDC_DATABASE_PASSWORD}", config.get("database.password"));
    assertFalse(config.toString().contains(PASSWORD));
  }
}
