package io.geminiauth.emulator;

import io.geminiauth.testsupport.PackageGraph;
import org.junit.jupiter.api.Test;

/** The google-emulator's packages use each other in one direction only. */
class PackageCyclesTest {

  @Test
  void featurePackages_freeOfCycles() {
    PackageGraph.assertFreeOfCycles("io.geminiauth.emulator");
  }
}
