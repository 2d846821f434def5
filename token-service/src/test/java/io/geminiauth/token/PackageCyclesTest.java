package io.geminiauth.token;

import io.geminiauth.testsupport.PackageGraph;
import org.junit.jupiter.api.Test;

/** The token-service's packages use each other in one direction only. */
class PackageCyclesTest {

  @Test
  void featurePackages_freeOfCycles() {
    PackageGraph.assertFreeOfCycles("io.geminiauth.token");
  }
}
