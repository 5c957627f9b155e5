package io.cdcorchestrator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The layers point one way (docs/ARCHITECTURE.md): every rule of {@link Layers} holds on the
 * product's classes, and fails on the deliberately bad classes under {@code
 * io.cdcorchestrator.archfixture}, naming the class that breaks it.
 */
class ArchitectureTest {
  private static final String FIXTURE = "io.cdcorchestrator.archfixture";

  /** The rule, and the fixture class its failure message must name. */
  private static final Map<String, String> BROKEN_BY =
      Map.of(
          "no package cycle", "archfixture.pipeline.LeakyWorkflow",
          "workflow code does no I/O and never sees the AWS SDK", "java.sql.Connection",
          "workflow code sees only activity interfaces, the model and common constants",
              "archfixture.aws.FixtureActivitiesImpl",
          "activity implementations never import workflow code",
              "archfixture.pipeline.LeakyWorkflow",
          "the data plane never imports the AWS activities", "archfixture.dataplane.FixtureProbe",
          "the AWS activities never import the sandbox", "archfixture.sandbox.FixtureProcess",
          "the sandbox never imports the AWS activities", "archfixture.sandbox.FixtureProcess",
          "the model imports no other project package", "archfixture.model.FixtureRecord");

  @TestFactory
  Stream<DynamicTest> everyRuleHoldsOnTheProductAndFailsOnAViolation() {
    JavaClasses product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cdcorchestrator");
    assertTrue(
        product.contain("io.cdcorchestrator.pipeline.PipelineWorkflowImpl") && product.size() > 100,
        "the product's classes were imported: " + product.size());
    JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
    Map<String, ArchRule> rules = Layers.all("io.cdcorchestrator");
    Map<String, ArchRule> fixtureRules = Layers.all(FIXTURE);
    assertTrue(
        BROKEN_BY.keySet().equals(rules.keySet()), "every rule has a fixture that breaks it");
    List<DynamicTest> tests = new ArrayList<>();
    rules.forEach(
        (name, rule) -> {
          tests.add(dynamicTest("holds: " + name, () -> rule.check(product)));
          tests.add(
              dynamicTest(
                  "fails on a violation: " + name,
                  () -> {
                    AssertionError e =
                        assertThrows(
                            AssertionError.class, () -> fixtureRules.get(name).check(fixture));
                    assertTrue(
                        e.getMessage().contains(BROKEN_BY.get(name)),
                        "the failure names " + BROKEN_BY.get(name) + ":\n" + e.getMessage());
                  }));
        });
    return tests.stream();
  }
}
