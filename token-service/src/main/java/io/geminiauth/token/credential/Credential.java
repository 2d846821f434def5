package io.geminiauth.token.credential;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Something the service can mint an account's tokens from. */
public sealed interface Credential {

  /** The service account whose tokens this credential yields. */
  String account();

  /** What kind it is, as the admin API lists it. */
  String kind();

  /** The id of the key it signs with ({@code private_key_id}), or null for a keyless one. */
  default String keyId() {
    return null;
  }

  /** A key file: JWT-bearer grant at the key's token_uri. */
  record Key(ServiceAccountKey key) implements Credential {
    @Override
    public String account() {
      return key.clientEmail();
    }

    @Override
    public String kind() {
      return "service_account_key";
    }

    @Override
    public String keyId() {
      return key.keyId();
    }
  }

  /** Keyless: another configured account's token calls IAM generateAccessToken. */
  record Impersonated(String account, String sourceAccount, List<String> delegates)
      implements Credential {
    public Impersonated {
      delegates = List.copyOf(delegates);
    }

    @Override
    public String kind() {
      return "impersonated";
    }
  }

  /**
   * Workload identity federation: the external token in {@code subjectTokenFile} is exchanged at
   * STS, then, when {@code impersonate} is set, used to impersonate that account.
   */
  record Federated(
      String account,
      String audience,
      Path subjectTokenFile,
      String subjectTokenType,
      Optional<String> impersonate)
      implements Credential {
    @Override
    public String kind() {
      return "external_account";
    }
  }
}
