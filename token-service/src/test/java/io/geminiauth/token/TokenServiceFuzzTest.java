package io.geminiauth.token;

import static io.geminiauth.token.GoogleStandIn.BATCH_KEY;
import static io.geminiauth.token.GoogleStandIn.account;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.testsupport.fuzz.FuzzCampaign;
import io.geminiauth.testsupport.fuzz.SuiteEndpoints;
import io.geminiauth.token.rest.CallerAuthenticator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The seeded subset of the fuzz campaign ({@code bench/fuzz.sh} sends 10,000): malformed token and
 * admin requests get no 5xx, no hang, Google's error JSON and no stack trace, and leave the
 * credentials as they were.
 */
@QuarkusTest
@QuarkusTestResource(GoogleStandIn.class)
class TokenServiceFuzzTest {
  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @Test
  void malformedRequests_seeded_noServerErrorNoHangGoogleErrorsNothingChanged() {
    String credentialsBefore = credentials();

    FuzzCampaign.Report report =
        FuzzCampaign.run(
            "token-service",
            "127.0.0.1",
            port,
            SuiteEndpoints.tokenService(BATCH_KEY, BATCH_KEY, account("batch-jobs")),
            20261204L,
            400);

    assertThat(report.clean()).as(report.summary()).isTrue();
    assertThat(credentials()).isEqualTo(credentialsBefore);
  }

  /** The credentials as the admin API lists them, or its refusal: either must not change. */
  private static String credentials() {
    return given()
        .header(CallerAuthenticator.KEY_HEADER, BATCH_KEY)
        .get("/v1/admin/credentials")
        .then()
        .extract()
        .asString();
  }
}
