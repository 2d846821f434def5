package io.geminiauth.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.geminiauth.testsupport.PackageGraph;
import org.junit.jupiter.api.Test;

/**
 * The gateway's packages use each other in one direction only: admin, then proxy, then upstream,
 * then credential, then the root's domain types; audit is a leaf every layer may call.
 */
class PackageCyclesTest {
  static final String BASE = "io.geminiauth.gateway";

  @Test
  void featurePackages_freeOfCycles() {
    PackageGraph.assertFreeOfCycles(BASE);
  }

  @Test
  void layers_dependDownwardOnly_auditALeaf() {
    JavaClasses classes = PackageGraph.of(BASE);
    below("proxy", "admin").check(classes);
    below("upstream", "admin", "proxy").check(classes);
    below("credential", "admin", "proxy", "upstream").check(classes);
    below("audit", "admin", "proxy", "upstream", "credential", "client", "retry", "usage")
        .check(classes);
  }

  /** No class of {@code layer} uses a class of the {@code above} packages. */
  private static com.tngtech.archunit.lang.ArchRule below(String layer, String... above) {
    String[] packages = new String[above.length];
    for (int i = 0; i < above.length; i++) {
      packages[i] = BASE + "." + above[i] + "..";
    }
    return noClasses()
        .that()
        .resideInAPackage(BASE + "." + layer + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages);
  }
}
