package io.geminiauth.emulator.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A service-account key file in Google's exact JSON format, as IAM's {@code keys.create} returns it
 * (base64-decoded {@code privateKeyData}).
 */
@RegisterForReflection
@JsonPropertyOrder({
  "type",
  "project_id",
  "private_key_id",
  "private_key",
  "client_email",
  "client_id",
  "auth_uri",
  "token_uri",
  "auth_provider_x509_cert_url",
  "client_x509_cert_url",
  "universe_domain"
})
public record ServiceAccountKeyFile(
    String type,
    @JsonProperty("project_id") String projectId,
    @JsonProperty("private_key_id") String privateKeyId,
    @JsonProperty("private_key") String privateKey,
    @JsonProperty("client_email") String clientEmail,
    @JsonProperty("client_id") String clientId,
    @JsonProperty("auth_uri") String authUri,
    @JsonProperty("token_uri") String tokenUri,
    @JsonProperty("auth_provider_x509_cert_url") String authProviderX509CertUrl,
    @JsonProperty("client_x509_cert_url") String clientX509CertUrl,
    @JsonProperty("universe_domain") String universeDomain) {

  @Override
  public String toString() {
    return "ServiceAccountKeyFile[client_email="
        + clientEmail
        + ", private_key_id="
        + privateKeyId
        + ", private_key=[REDACTED]]";
  }
}
