package io.geminiauth.gateway;

import static io.geminiauth.gateway.GatewayStandIn.ADMIN_KEY;
import static io.geminiauth.gateway.GatewayStandIn.CLIENT_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.gateway.admin.AdminAuth;
import io.geminiauth.testsupport.fuzz.FuzzCampaign;
import io.geminiauth.testsupport.fuzz.SuiteEndpoints;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seeded subset of the fuzz campaign ({@code bench/fuzz.sh} sends 10,000): malformed requests
 * get no 5xx, no hang, Google's error JSON and no stack trace, and change nothing.
 */
@QuarkusTest
@QuarkusTestResource(GatewayStandIn.class)
class GatewayFuzzTest {
  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @AfterEach
  void clearBreakers() {
    GatewayStandIn.clearFaultsAndBreakers();
  }

  @Test
  void malformedRequests_seeded_noServerErrorNoHangGoogleErrorsNothingChanged() {
    String keysBefore = admin("/admin/v1/client-keys");
    String upstreamsBefore = admin("/admin/v1/upstreams");

    FuzzCampaign.Report report =
        FuzzCampaign.run(
            "gemini-gateway",
            "127.0.0.1",
            port,
            SuiteEndpoints.gateway(CLIENT_KEY, ADMIN_KEY),
            20261204L,
            400);

    assertThat(report.clean()).as(report.summary()).isTrue();
    assertThat(admin("/admin/v1/client-keys")).isEqualTo(keysBefore);
    assertThat(admin("/admin/v1/upstreams")).isEqualTo(upstreamsBefore);
  }

  private static String admin(String path) {
    return given()
        .header(AdminAuth.KEY_HEADER, ADMIN_KEY)
        .get(path)
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }
}
