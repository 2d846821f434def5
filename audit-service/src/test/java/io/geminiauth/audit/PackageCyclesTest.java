package io.geminiauth.audit;

import io.geminiauth.testsupport.PackageGraph;
import org.junit.jupiter.api.Test;

/** The audit-service's packages use each other in one direction only. */
class PackageCyclesTest {

  @Test
  void featurePackages_freeOfCycles() {
    PackageGraph.assertFreeOfCycles("io.geminiauth.audit");
  }
}
