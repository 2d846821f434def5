package io.geminiauth.token.mint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geminiauth.token.credential.ServiceAccountKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtAssertionTest {
  static final URI GOOGLE = URI.create("https://oauth2.googleapis.com/token");

  @Test
  void create_googleWireFormat_exactHeaderClaimsAndValidSignature() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    ServiceAccountKey key =
        new ServiceAccountKey(
            "sa@proj.iam.gserviceaccount.com",
            "0123456789abcdef",
            (RSAPrivateKey) pair.getPrivate(),
            // token_uri elsewhere: the audience stays Google's.
            URI.create("http://127.0.0.1:9999/token"),
            "proj",
            "test",
            Instant.EPOCH);
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    String jwt = JwtAssertion.create(key, List.of("https://a/x", "https://b/y"), GOOGLE, now);

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.toString())
        .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"0123456789abcdef\"}");
    assertThat(claims.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("iss", "scope", "aud", "iat", "exp");
    assertThat(claims.get("iss").asText()).isEqualTo("sa@proj.iam.gserviceaccount.com");
    assertThat(claims.get("scope").asText()).isEqualTo("https://a/x https://b/y");
    assertThat(claims.get("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");
    assertThat(claims.get("iat").asLong()).isEqualTo(now.getEpochSecond());
    assertThat(claims.get("exp").asLong()).isEqualTo(now.getEpochSecond() + 3600);
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(pair.getPublic());
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }
}
