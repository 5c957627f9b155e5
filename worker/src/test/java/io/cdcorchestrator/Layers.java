package io.cdcorchestrator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import io.temporal.activity.ActivityInterface;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layer rules of docs/ARCHITECTURE.md as ArchUnit rules, over the packages under {@code root}:
 * {@code io.cdcorchestrator} for the product, a fixture package for the proof that each rule fails
 * on a violation.
 */
final class Layers {
  /** What workflow code must not touch: it runs in the replayer, so no I/O and no AWS SDK. */
  static final String[] IO_AND_SDK = {
    "software.amazon..",
    "java.sql..",
    "org.postgresql..",
    "okhttp3..",
    "org.apache.kafka..",
    "java.io..",
    "java.net..",
    "java.nio.file.."
  };

  /**
   * An {@code @ActivityInterface}, or an interface one extends (the verbs the AWS activity
   * interfaces share): the only face of the activity layers workflow code sees.
   */
  static final DescribedPredicate<JavaClass> ACTIVITY_INTERFACE =
      DescribedPredicate.describe(
          "an @ActivityInterface (or an interface one extends)",
          c ->
              c.isInterface()
                  && (c.isAnnotatedWith(ActivityInterface.class)
                      || c.getAllSubclasses().stream()
                          .anyMatch(s -> s.isAnnotatedWith(ActivityInterface.class))));

  private Layers() {}

  /** Every rule by a short name, in the order docs/ARCHITECTURE.md lists them. */
  static Map<String, ArchRule> all(String root) {
    Map<String, ArchRule> rules = new LinkedHashMap<>();
    rules.put(
        "no package cycle",
        slices().matching(root + ".(**)").namingSlices("$1").should().beFreeOfCycles());
    rules.put(
        "workflow code does no I/O and never sees the AWS SDK",
        noClasses()
            .that()
            .resideInAPackage(root + ".pipeline..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(IO_AND_SDK));
    rules.put(
        "workflow code sees only activity interfaces, the model and common constants",
        classes()
            .that()
            .resideInAPackage(root + ".pipeline..")
            .should()
            .onlyDependOnClassesThat(
                resideOutsideOfPackage(root + "..")
                    .or(resideInAnyPackage(root + ".pipeline..", root + ".model.."))
                    .or(resideInAPackage(root + ".common"))
                    .or(are(ACTIVITY_INTERFACE))));
    rules.put(
        "activity implementations never import workflow code",
        noClasses()
            .that()
            .resideInAnyPackage(
                root + ".aws..", root + ".sandbox..", root + ".dataplane..", root + ".preflight..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(root + ".pipeline.."));
    rules.put(
        "the data plane never imports the AWS activities",
        noClasses()
            .that()
            .resideInAPackage(root + ".dataplane..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(root + ".aws.."));
    rules.put(
        "the AWS activities never import the sandbox",
        noClasses()
            .that()
            .resideInAPackage(root + ".aws..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(root + ".sandbox.."));
    rules.put(
        "the sandbox never imports the AWS activities",
        noClasses()
            .that()
            .resideInAPackage(root + ".sandbox..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(root + ".aws.."));
    rules.put(
        "the model imports no other project package",
        classes()
            .that()
            .resideInAPackage(root + ".model..")
            .should()
            .onlyDependOnClassesThat(
                resideOutsideOfPackage(root + "..").or(resideInAPackage(root + ".model.."))));
    return rules;
  }
}
