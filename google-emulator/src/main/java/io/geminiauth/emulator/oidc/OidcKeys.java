package io.geminiauth.emulator.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/** The OIDC issuer's signing key: made at start-up, published as a JWKS, never persisted. */
@ApplicationScoped
public class OidcKeys {
  private final RsaJsonWebKey key;
  private final java.time.Clock clock;

  public OidcKeys(java.time.Clock clock) {
    this.clock = clock;
    try {
      key = RsaJwkGenerator.generateJwk(2048);
      key.setKeyId(UUID.randomUUID().toString());
      key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
      key.setUse("sig");
    } catch (JoseException e) {
      throw new IllegalStateException("could not make the OIDC signing key", e);
    }
  }

  /** The public JWKS document. */
  public String jwksJson() {
    return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  public RsaJsonWebKey key() {
    return key;
  }

  /** The standard claims of a token this issuer mints now. */
  public JwtClaims claims(
      String issuer, String subject, String audience, java.time.Duration lifetime) {
    long now = clock.instant().getEpochSecond();
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setSubject(subject);
    claims.setAudience(audience);
    claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
    claims.setNotBefore(org.jose4j.jwt.NumericDate.fromSeconds(now));
    claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + lifetime.toSeconds()));
    claims.setJwtId(java.util.UUID.randomUUID().toString());
    return claims;
  }

  /** Signs claims as a compact RS256 JWT with this issuer's key id. */
  public String sign(JwtClaims claims) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(key.getPrivateKey());
      jws.setKeyIdHeaderValue(key.getKeyId());
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
      jws.setHeader("typ", "JWT");
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("could not sign a token", e);
    }
  }
}
