package io.geminiauth.emulator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** Test helpers that drive the emulator's admin API and build assertions like a client would. */
public final class Fixtures {
  public static final String GEMINI_SCOPE = "https://www.googleapis.com/auth/generative-language";
  public static final String CLOUD_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  public static final String AUDIENCE = "https://oauth2.googleapis.com/token";
  private static final AtomicInteger SEQ = new AtomicInteger();

  private Fixtures() {}

  /** Creates a fresh account and returns its key file as JSON. */
  public static JsonPath newAccount() {
    String body =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"accountId\":\"test-sa-"
                    + System.nanoTime() % 1_000_000
                    + "-"
                    + SEQ.incrementAndGet()
                    + "\",\"projectId\":\"test-project\"}")
            .post("/emulator/service-accounts")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return JsonPath.from(body);
  }

  public static String newAccountKeyFile() {
    return newAccount().prettify();
  }

  public static PrivateKey privateKey(JsonPath keyFile) {
    String pem = keyFile.getString("private_key");
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An assertion exactly as google-auth-library builds it, with hooks to break it. */
  public static String assertion(
      JsonPath keyFile, String kid, String aud, Instant iat, Instant exp, String scope) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(keyFile.getString("client_email"));
    claims.setAudience(aud);
    claims.setIssuedAt(NumericDate.fromSeconds(iat.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
    if (scope != null) {
      claims.setClaim("scope", scope);
    }
    return sign(claims, privateKey(keyFile), kid);
  }

  public static String validAssertion(JsonPath keyFile, String scope) {
    Instant now = Instant.now();
    return assertion(
        keyFile, keyFile.getString("private_key_id"), AUDIENCE, now, now.plusSeconds(3600), scope);
  }

  public static String sign(JwtClaims claims, PrivateKey key, String kid) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
      jws.setHeader("typ", "JWT");
      if (kid != null) {
        jws.setKeyIdHeaderValue(kid);
      }
      jws.setKey(key);
      return jws.getCompactSerialization();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Exchanges a valid assertion for an access token. */
  public static String accessToken(JsonPath keyFile, String scope) {
    return given()
        .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
        .formParam("assertion", validAssertion(keyFile, scope))
        .post("/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }
}
