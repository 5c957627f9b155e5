package io.cdcorchestrator.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.cdcorchestrator.pipeline.PipelineWorkflow;
import io.cdcorchestrator.pipeline.SweepWorkflow;
import org.junit.jupiter.api.Test;

/**
 * The CLI talks to the workflows only through their interfaces ({@link PipelineWorkflow}, {@link
 * SweepWorkflow}) and the model, plan and spec: never a workflow or activity implementation, never
 * the saga's internals (docs/ARCHITECTURE.md). The same rule fails on a deliberately bad command
 * under {@code io.cdcorchestrator.archfixture.cli}.
 */
class CliBoundaryTest {
  /** Workflow code other than the two workflow interfaces, and any implementation class. */
  private static final DescribedPredicate<JavaClass> BEHIND_THE_INTERFACES =
      DescribedPredicate.describe(
          "workflow code other than PipelineWorkflow and SweepWorkflow, or an *Impl",
          c ->
              (resideInAPackage("io.cdcorchestrator.pipeline..").test(c)
                      && !isOrIsNestedIn(c, PipelineWorkflow.class)
                      && !isOrIsNestedIn(c, SweepWorkflow.class))
                  || (resideInAPackage("io.cdcorchestrator..").test(c)
                      && simpleNameEndingWith("Impl").test(c)));

  static ArchRule cliReachesWorkflowsThroughTheirInterfaces(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".cli..")
        .should()
        .dependOnClassesThat(BEHIND_THE_INTERFACES);
  }

  @Test
  void theCliReachesWorkflowsOnlyThroughTheirInterfaces() {
    JavaClasses cli =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cdcorchestrator.cli");
    assertTrue(cli.contain(UpCommand.class), "the CLI's classes were imported");
    cliReachesWorkflowsThroughTheirInterfaces("io.cdcorchestrator").check(cli);
  }

  @Test
  void theRuleFailsOnACommandThatUsesTheWorkflowImplementation() {
    JavaClasses fixture =
        new ClassFileImporter().importPackages("io.cdcorchestrator.archfixture.cli");
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                cliReachesWorkflowsThroughTheirInterfaces("io.cdcorchestrator.archfixture")
                    .check(fixture));
    assertTrue(e.getMessage().contains("PipelineWorkflowImpl"), e.getMessage());
    assertTrue(e.getMessage().contains("pipeline.saga.Inventory"), e.getMessage());
  }

  private static boolean isOrIsNestedIn(JavaClass c, Class<?> type) {
    return c.getName().equals(type.getName()) || c.getName().startsWith(type.getName() + "$");
  }
}
