package io.geminiauth.emulator.oauth;

import io.geminiauth.emulator.EmulatorConfig;
import io.geminiauth.emulator.account.ServiceAccount;
import io.geminiauth.emulator.account.ServiceAccountKey;
import io.geminiauth.emulator.account.ServiceAccountRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

/**
 * Checks a service account's signed assertion the way Google's token endpoint does (RFC 7523, the
 * JWT-bearer grant) and says which account and scopes it stands for.
 */
@ApplicationScoped
public class JwtBearerGrant {
  /** Google checks {@code aud} against this exact value, whatever URL the request was sent to. */
  public static final String AUDIENCE = "https://oauth2.googleapis.com/token";

  static final String BAD_SIGNATURE = "Invalid JWT Signature.";
  static final String BAD_TIMEFRAME =
      "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
          + " Check your iat and exp values in the JWT claim.";
  static final String BAD_AUDIENCE =
      "Invalid JWT: Failed audience check. The right audience is " + AUDIENCE;
  static final String ACCOUNT_NOT_FOUND = "Invalid grant: account not found";
  static final String NOT_AN_EMAIL = "Not a valid email or user ID.";
  static final String INVALID_SCOPE = "Invalid OAuth scope or ID token audience provided.";

  private static final Duration MAX_LIFETIME = Duration.ofHours(1);

  private final ServiceAccountRegistry accounts;
  private final Clock clock;
  private final EmulatorConfig config;

  public JwtBearerGrant(ServiceAccountRegistry accounts, Clock clock, EmulatorConfig config) {
    this.accounts = accounts;
    this.clock = clock;
    this.config = config;
  }

  /** What a verified assertion grants. */
  public record Grant(ServiceAccount account, Set<String> scopes) {}

  /** Verifies the assertion; throws {@link OAuthException} with Google's error otherwise. */
  public Grant verify(String assertion) {
    if (assertion == null || assertion.isBlank()) {
      throw OAuthException.invalidRequest("Missing required parameter: assertion");
    }
    JsonWebSignature jws = parse(assertion);
    JwtClaims claims = claims(jws);
    ServiceAccount account = issuer(claims);
    verifySignature(assertion, jws.getKeyIdHeaderValue(), account);
    checkAudience(claims);
    checkTimeframe(claims, clock.instant());
    checkSubject(claims, account);
    return new Grant(account, scopes(claims));
  }

  private static JsonWebSignature parse(String assertion) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(assertion);
      if (!AlgorithmIdentifiers.RSA_USING_SHA256.equals(jws.getAlgorithmHeaderValue())) {
        throw OAuthException.invalidGrant(BAD_SIGNATURE);
      }
      return jws;
    } catch (JoseException e) {
      throw OAuthException.invalidGrant("Invalid JWT: malformed assertion.");
    }
  }

  private static JwtClaims claims(JsonWebSignature jws) {
    try {
      return JwtClaims.parse(jws.getUnverifiedPayload());
    } catch (InvalidJwtException e) {
      throw OAuthException.invalidGrant("Invalid JWT: malformed claims.");
    }
  }

  private ServiceAccount issuer(JwtClaims claims) {
    String iss = stringClaim(claims, "iss");
    if (iss == null || !iss.contains("@")) {
      throw OAuthException.invalidGrant(NOT_AN_EMAIL);
    }
    return accounts
        .find(iss)
        .filter(a -> !a.disabled())
        .orElseThrow(() -> OAuthException.invalidGrant(ACCOUNT_NOT_FOUND));
  }

  /**
   * The key named by {@code kid}, or when there is none, any active key of the issuer that verifies
   * the signature. A disabled or deleted key verifies nothing.
   */
  private static void verifySignature(String assertion, String kid, ServiceAccount account) {
    List<ServiceAccountKey> candidates =
        kid == null
            ? account.keys().stream().filter(ServiceAccountKey::active).toList()
            : account.key(kid).filter(ServiceAccountKey::active).stream().toList();
    for (ServiceAccountKey key : candidates) {
      if (signatureMatches(assertion, key)) {
        return;
      }
    }
    throw OAuthException.invalidGrant(BAD_SIGNATURE);
  }

  private static boolean signatureMatches(String assertion, ServiceAccountKey key) {
    try {
      // A fresh parse per key: a JWS object remembers the outcome of its first verification.
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(assertion);
      jws.setAlgorithmConstraints(
          new AlgorithmConstraints(
              AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256));
      jws.setKey(key.publicKey());
      return jws.verifySignature();
    } catch (JoseException e) {
      return false;
    }
  }

  private static void checkAudience(JwtClaims claims) {
    try {
      if (!claims.hasAudience() || !claims.getAudience().equals(List.of(AUDIENCE))) {
        throw OAuthException.invalidGrant(BAD_AUDIENCE);
      }
    } catch (MalformedClaimException e) {
      throw OAuthException.invalidGrant(BAD_AUDIENCE);
    }
  }

  private void checkTimeframe(JwtClaims claims, Instant now) {
    Duration skew = config.oauth().allowedClockSkew();
    Optional<Instant> iat = instantClaim(claims, "iat");
    Optional<Instant> exp = instantClaim(claims, "exp");
    boolean ok =
        iat.isPresent()
            && exp.isPresent()
            && exp.get().isAfter(iat.get())
            && Duration.between(iat.get(), exp.get()).compareTo(MAX_LIFETIME) <= 0
            && !iat.get().isAfter(now.plus(skew))
            && exp.get().isAfter(now.minus(skew));
    if (!ok) {
      throw OAuthException.invalidGrant(BAD_TIMEFRAME);
    }
  }

  /** Domain-wide delegation ({@code sub} naming a user) is not something the emulator grants. */
  private static void checkSubject(JwtClaims claims, ServiceAccount account) {
    String sub = stringClaim(claims, "sub");
    if (sub != null && !sub.equals(account.email())) {
      throw new OAuthException(
          401,
          "unauthorized_client",
          "Client is unauthorized to retrieve access tokens using this method, or client not"
              + " authorized for any of the scopes requested.");
    }
  }

  private static Set<String> scopes(JwtClaims claims) {
    Set<String> scopes = GoogleScopes.parse(stringClaim(claims, "scope"));
    if (scopes.isEmpty() || !scopes.stream().allMatch(GoogleScopes::isKnown)) {
      throw new OAuthException(400, "invalid_scope", INVALID_SCOPE);
    }
    return scopes;
  }

  private static String stringClaim(JwtClaims claims, String name) {
    Object value = claims.getClaimValue(name);
    return value instanceof String s ? s : null;
  }

  private static Optional<Instant> instantClaim(JwtClaims claims, String name) {
    try {
      NumericDate date = claims.getNumericDateClaimValue(name);
      return Optional.ofNullable(date).map(d -> Instant.ofEpochSecond(d.getValue()));
    } catch (MalformedClaimException e) {
      return Optional.empty();
    }
  }
}
