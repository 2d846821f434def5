package io.geminiauth.token.mint;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.token.mint.MintFailure.Kind;
import org.junit.jupiter.api.Test;

class MintFailureTest {

  @Test
  void of_statusAndOAuthError_classifiedAsGoogleDocuments() {
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
      assertThat(MintFailure.of("e", status, null, null).kind())
          .as("%d", status)
          .isEqualTo(Kind.RETRYABLE);
    }
    for (String code :
        new String[] {"internal_failure", "server_error", "temporarily_unavailable"}) {
      assertThat(MintFailure.of("e", 400, code, "x").kind()).as(code).isEqualTo(Kind.RETRYABLE);
    }
    assertThat(MintFailure.of("e", 400, "invalid_grant", "Invalid JWT Signature.").kind())
        .isEqualTo(Kind.CREDENTIAL_REJECTED);
    assertThat(MintFailure.of("e", 400, "invalid_scope", "x").kind()).isEqualTo(Kind.PERMANENT);
    assertThat(MintFailure.of("e", 403, "PERMISSION_DENIED", "x").kind()).isEqualTo(Kind.PERMANENT);
    assertThat(MintFailure.of("e", 401, "invalid_client", "x").kind()).isEqualTo(Kind.PERMANENT);
  }

  @Test
  void message_descriptionWithSecret_redacted() {
    MintFailure failure =
        MintFailure.of("e", 400, "invalid_request", "bad token ya29.a0AfB_secretsecretsecret");
    assertThat(failure.getMessage())
        .doesNotContain("ya29.a0AfB_secretsecretsecret")
        .contains("invalid_request");
  }
}
