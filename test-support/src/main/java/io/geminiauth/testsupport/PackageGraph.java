package io.geminiauth.testsupport;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * A service's main classes as ArchUnit sees them, and the rule every module keeps: its feature
 * packages depend on each other in one direction only, so the graph stays a layer cake.
 */
public final class PackageGraph {
  private PackageGraph() {}

  /** The production classes under {@code basePackage} (tests left out). */
  public static JavaClasses of(String basePackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(basePackage);
  }

  /** Fails, naming every cycle, when two packages below {@code basePackage} use each other. */
  public static void assertFreeOfCycles(String basePackage) {
    slices()
        .matching(basePackage + ".(*)..")
        .should()
        .beFreeOfCycles()
        .because("packages depend on each other in one direction (ARCHITECTURE.md)")
        .check(of(basePackage));
  }
}
