package io.geminiauth.token.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a service-account key file in Google's JSON format and refuses, naming the field, anything
 * Google's own libraries would choke on later: a wrong type, a missing or malformed field, a
 * private key that is not PKCS#8 RSA, an account whose email does not belong to the file's project.
 */
public final class KeyFileParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EMAIL = Pattern.compile("[a-z0-9-]{1,100}@[a-z0-9.-]+\\.[a-z]+");
  private static final String USER_MANAGED_DOMAIN = ".iam.gserviceaccount.com";

  private KeyFileParser() {}

  /** Parses {@code json}; {@code origin} names the file or variable in every error. */
  public static ServiceAccountKey parse(byte[] json, String origin, Instant created)
      throws KeyFileException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      // Jackson's message quotes the input, which may be key material: say only where.
      throw new KeyFileException(origin, "(document)", "is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new KeyFileException(origin, "(document)", "is not a JSON object");
    }
    String type = text(root, "type", origin);
    if (!"service_account".equals(type)) {
      throw new KeyFileException(
          origin, "type", "must be \"service_account\" (this file is \"" + safe(type) + "\")");
    }
    String email = text(root, "client_email", origin).toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(email).matches()) {
      throw new KeyFileException(origin, "client_email", "is not a service-account email");
    }
    String keyId = text(root, "private_key_id", origin);
    if (!keyId.matches("[0-9a-fA-F]{8,64}")) {
      throw new KeyFileException(origin, "private_key_id", "is not a key id (hex)");
    }
    String projectId = root.path("project_id").isTextual() ? root.get("project_id").asText() : null;
    if (projectId != null
        && email.endsWith(USER_MANAGED_DOMAIN)
        && !email.endsWith("@" + projectId + USER_MANAGED_DOMAIN)) {
      throw new KeyFileException(
          origin,
          "client_email",
          "does not belong to project_id \"" + safe(projectId) + "\": the file is mismatched");
    }
    URI tokenUri = tokenUri(text(root, "token_uri", origin), origin);
    RSAPrivateKey key = privateKey(text(root, "private_key", origin), origin);
    return new ServiceAccountKey(email, keyId, key, tokenUri, projectId, origin, created);
  }

  private static String text(JsonNode root, String field, String origin) throws KeyFileException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new KeyFileException(origin, field, "is missing");
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new KeyFileException(origin, field, "must be a non-empty string");
    }
    return node.asText();
  }

  private static URI tokenUri(String value, String origin) throws KeyFileException {
    try {
      URI uri = new URI(value);
      if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new KeyFileException(origin, "token_uri", "is not an http(s) URL");
  }

  private static RSAPrivateKey privateKey(String pem, String origin) throws KeyFileException {
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new KeyFileException(origin, "private_key", "is not a PEM PKCS#8 private key");
    }
    try {
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      throw new KeyFileException(origin, "private_key", "is not a readable RSA private key");
    }
  }

  /** Echoes short, harmless values only (a type or a project id), never anything long. */
  private static String safe(String value) {
    return value.length() > 64 || !value.matches("[A-Za-z0-9_.:-]*") ? "…" : value;
  }
}
