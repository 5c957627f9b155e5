package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.preflight.Finding;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;

/**
 * {@code rds:DescribeDBEngineVersions}: RDS offers the spec's PostgreSQL (the major, or the exact
 * minor when the spec names one) in this region.
 */
final class PostgresVersionCheck implements AwsCheck {
  static final String ID = "aws.database.version";
  static final String ENGINE = "postgres";

  @Override
  public List<Finding> run(AwsFacts facts) {
    AwsSpec.Database db = facts.spec.database();
    String wanted = db.engineVersion();
    List<String> versions =
        Ask.aws(
            () ->
                facts
                    .clients
                    .rds()
                    .describeDBEngineVersionsPaginator(
                        r -> r.engine(ENGINE).dbParameterGroupFamily(ENGINE + db.engineMajor()))
                    .dbEngineVersions()
                    .stream()
                    .map(DBEngineVersion::engineVersion)
                    .toList());
    boolean offered =
        wanted.contains(".")
            ? versions.contains(wanted)
            : versions.stream().anyMatch(v -> v.startsWith(wanted + "."));
    if (offered) {
      return List.of(Finding.ok(ID, "RDS offers PostgreSQL " + wanted));
    }
    TreeSet<String> choices = new TreeSet<>(versions);
    if (choices.isEmpty()) {
      Ask.aws(
              () ->
                  facts
                      .clients
                      .rds()
                      .describeDBEngineVersionsPaginator(r -> r.engine(ENGINE))
                      .dbEngineVersions()
                      .stream()
                      .toList())
          .forEach(v -> choices.add(v.engineVersion().split("\\.")[0]));
    }
    return List.of(
        Finding.blocker(
            ID,
            "RDS in " + facts.spec.region() + " does not offer PostgreSQL " + wanted,
            "set database.engineVersion to one of " + String.join(", ", choices)));
  }
}
