package io.geminiauth.emulator.account;

import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The emulator's service accounts and their keys, in memory. */
@ApplicationScoped
public class ServiceAccountRegistry {
  /** IAM's rule for account ids: 6–30 characters, lower-case letters, digits and hyphens. */
  private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");

  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");

  private final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  public ServiceAccountRegistry(Clock clock) {
    this.clock = clock;
  }

  /** Creates an account with one key and returns that key's file. */
  public ServiceAccountKeyFile create(String accountId, String projectId, String baseUrl) {
    if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "accountId must be 6-30 characters of lower-case letters, digits and hyphens,"
                  + " starting with a letter."));
    }
    if (!PROJECT_ID.matcher(projectId).matches()) {
      throw new GoogleApiException(GoogleError.invalidArgument("Invalid project id."));
    }
    String email = accountId + "@" + projectId + ".iam.gserviceaccount.com";
    ServiceAccount account = new ServiceAccount(email, projectId, numericId());
    if (accounts.putIfAbsent(email, account) != null) {
      throw new GoogleApiException(
          GoogleError.of(
              io.geminiauth.common.error.GoogleStatus.ALREADY_EXISTS,
              "Service account "
                  + accountId
                  + " already exists within project "
                  + projectId
                  + "."));
    }
    return addKey(account, baseUrl, clock.instant());
  }

  /**
   * Adds a new key to an existing account and returns its key file; {@code madeAt} (null: now) is
   * when IAM says it was made, so that tests can hold an old key.
   */
  public ServiceAccountKeyFile addKey(String email, String baseUrl, Instant madeAt) {
    return addKey(require(email), baseUrl, madeAt == null ? clock.instant() : madeAt);
  }

  public Optional<ServiceAccount> find(String email) {
    return Optional.ofNullable(accounts.get(email));
  }

  public ServiceAccount require(String email) {
    return find(email)
        .orElseThrow(
            () ->
                new GoogleApiException(
                    GoogleError.notFound("Service account " + email + " does not exist.")));
  }

  public Collection<ServiceAccount> all() {
    return accounts.values();
  }

  public void setKeyState(String email, String keyId, KeyState state) {
    requireKey(email, keyId).state(state);
  }

  public void deleteKey(String email, String keyId) {
    requireKey(email, keyId);
    require(email).removeKey(keyId);
  }

  public void setAccountDisabled(String email, boolean disabled) {
    require(email).disabled(disabled);
  }

  public void clear() {
    accounts.clear();
  }

  private ServiceAccountKey requireKey(String email, String keyId) {
    return require(email)
        .key(keyId)
        .orElseThrow(
            () ->
                new GoogleApiException(
                    GoogleError.notFound("Key " + keyId + " of " + email + " does not exist.")));
  }

  private ServiceAccountKeyFile addKey(ServiceAccount account, String baseUrl, Instant madeAt) {
    KeyPair pair = newRsaKeyPair();
    byte[] id = new byte[20];
    random.nextBytes(id);
    String keyId = HexFormat.of().formatHex(id);
    account.addKey(new ServiceAccountKey(keyId, (RSAPublicKey) pair.getPublic(), madeAt));
    String encodedEmail = URLEncoder.encode(account.email(), StandardCharsets.UTF_8);
    return new ServiceAccountKeyFile(
        "service_account",
        account.projectId(),
        keyId,
        pkcs8Pem(pair),
        account.email(),
        account.uniqueId(),
        baseUrl + "/o/oauth2/auth",
        baseUrl + "/token",
        baseUrl + "/oauth2/v1/certs",
        baseUrl + "/robot/v1/metadata/x509/" + encodedEmail,
        "googleapis.com");
  }

  private static String pkcs8Pem(KeyPair pair) {
    String body =
        Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private static KeyPair newRsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  private String numericId() {
    StringBuilder id = new StringBuilder("1");
    for (int i = 0; i < 20; i++) {
      id.append(random.nextInt(10));
    }
    return id.toString();
  }
}
