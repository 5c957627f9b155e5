package io.cdcorchestrator.model;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the pipeline adopts instead of creating: the spec's {@code database.existing}, {@code
 * network.existing} and {@code kafka.existing}. Adopted resources are read and checked, never
 * created or deleted; on an adopted database the pipeline creates (and later drops) only its own
 * slot, publication, replication user, heartbeat and signal tables. No secret here: the admin's
 * password is a reference.
 *
 * @param database null: the target creates one
 * @param network null: the target creates one (AWS only)
 * @param kafka null: the target creates one
 */
public record Existing(Database database, Network network, Kafka kafka) {

  /**
   * The same resources, without {@code up}'s options ({@code --allow-reboot}): what apply compares.
   */
  public Existing resources() {
    return new Existing(database == null ? null : database.withAllowReboot(false), network, kafka);
  }

  /** True when the spec adopts anything at all. */
  public boolean any() {
    return database != null || network != null || kafka != null;
  }

  /**
   * @param jdbcUrl {@code jdbc:postgresql://host[:port]/database} (sandbox, or AWS by endpoint)
   * @param instanceId an RDS instance identifier (AWS alternative to {@code jdbcUrl})
   * @param user the admin that creates the pipeline's replication role and publication
   * @param passwordRef {@code file:<path>:<key>} or {@code aws-secretsmanager:<arn>:<key>}; null:
   *     no password (trust or peer authentication)
   * @param database AWS by instance id: the database to capture from; null: the instance's own
   *     initial database, else {@value #DEFAULT_DATABASE} (absent in sandbox runs: the URL names
   *     it)
   * @param allowReboot {@code cdc up --allow-reboot} (AWS, by instance id): the run may set {@code
   *     rds.logical_replication=1} and reboot the instance; false: the preflight says what to run
   */
  public record Database(
      String jdbcUrl,
      String instanceId,
      String user,
      String passwordRef,
      String database,
      boolean allowReboot) {
    public static final String DEFAULT_USER = "postgres";

    public static final String DEFAULT_DATABASE = "postgres";

    /** On AWS the secret's key ECS hands Kafka Connect (with {@code username}). */
    public static final String AWS_PASSWORD_KEY = "password";

    /** A sandbox database, named by its URL. */
    public Database(String jdbcUrl, String instanceId, String user, String passwordRef) {
      this(jdbcUrl, instanceId, user, passwordRef, null);
    }

    public Database(
        String jdbcUrl, String instanceId, String user, String passwordRef, String database) {
      this(jdbcUrl, instanceId, user, passwordRef, database, false);
    }

    public Database withAllowReboot(boolean allow) {
      return new Database(jdbcUrl, instanceId, user, passwordRef, database, allow);
    }

    private static final Pattern URL =
        Pattern.compile(
            "jdbc:postgresql://([A-Za-z0-9.-]+|\\[[0-9a-fA-F:]+\\])(?::(\\d{1,5}))?/([^/?#]+)");

    public Database {
      user = user == null || user.isBlank() ? DEFAULT_USER : user;
    }

    /** Null when valid, otherwise why (for {@code database.existing.jdbcUrl}). */
    public static String invalidUrl(String jdbcUrl) {
      if (jdbcUrl == null || !URL.matcher(jdbcUrl).matches()) {
        return "'"
            + jdbcUrl
            + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host[:port]/database, no parameters)";
      }
      int port = port(match(jdbcUrl));
      return port < 1 || port > 65535 ? "port " + port + " is out of range (1-65535)" : null;
    }

    public String host() {
      return match(jdbcUrl).group(1);
    }

    public int port() {
      return port(match(jdbcUrl));
    }

    /** The database the URL names (the sandbox's, or AWS by endpoint). */
    public String databaseName() {
      return match(jdbcUrl).group(3);
    }

    public SecretRef password() {
      return passwordRef == null ? SecretRef.NONE : new SecretRef(passwordRef);
    }

    private static Matcher match(String url) {
      Matcher m = URL.matcher(url);
      if (!m.matches()) {
        throw new IllegalStateException("not a PostgreSQL JDBC URL: " + url);
      }
      return m;
    }

    private static int port(Matcher m) {
      return m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
    }
  }

  /** AWS: the VPC and the subnets the pipeline's resources go into. */
  public record Network(String vpcId, List<String> privateSubnetIds, List<String> publicSubnetIds) {
    public Network {
      privateSubnetIds = privateSubnetIds == null ? List.of() : List.copyOf(privateSubnetIds);
      publicSubnetIds = publicSubnetIds == null ? List.of() : List.copyOf(publicSubnetIds);
    }
  }

  /**
   * @param clusterArn AWS: an MSK cluster
   * @param bootstrap sandbox: a Kafka bootstrap address {@code host:port}
   */
  public record Kafka(String clusterArn, String bootstrap) {}
}
