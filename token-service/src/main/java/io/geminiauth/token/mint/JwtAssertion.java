package io.geminiauth.token.mint;

import io.geminiauth.token.credential.ServiceAccountKey;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The JWT-bearer assertion exactly as Google's libraries build it: header {@code alg=RS256,
 * typ=JWT, kid=private_key_id}; claims {@code iss=client_email}, space-separated {@code scope},
 * {@code aud} = Google's token endpoint (whatever token_uri says), {@code iat}, {@code
 * exp=iat+3600}. Nothing else: a {@code sub} would ask for domain-wide delegation.
 */
public final class JwtAssertion {
  /** Google accepts assertions that live at most an hour. */
  static final long LIFETIME_SECONDS = 3600;

  private JwtAssertion() {}

  public static String create(
      ServiceAccountKey key, List<String> scopes, URI audience, Instant now) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(key.clientEmail());
    claims.setStringClaim("scope", String.join(" ", scopes));
    claims.setAudience(audience.toString());
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + LIFETIME_SECONDS));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    jws.setKeyIdHeaderValue(key.keyId());
    jws.setPayload(claims.toJson());
    jws.setKey(key.privateKey());
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("could not sign the assertion for " + key.clientEmail(), e);
    }
  }
}
