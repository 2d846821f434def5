package io.geminiauth.token.intake;

import io.geminiauth.common.env.Environment;
import io.geminiauth.token.TokenConfig;
import io.geminiauth.token.audit.TokenAudit;
import io.geminiauth.token.credential.Credential;
import io.geminiauth.token.credential.CredentialRegistry;
import io.geminiauth.token.credential.CredentialRetired;
import io.geminiauth.token.credential.CredentialState;
import io.geminiauth.token.credential.KeyFileException;
import io.geminiauth.token.credential.KeyFileParser;
import io.geminiauth.token.credential.ServiceAccountKey;
import io.geminiauth.token.fleet.CredentialDecisions;
import io.geminiauth.token.fleet.Decision;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Loads credentials at start — a key file, {@code GOOGLE_APPLICATION_CREDENTIALS}, a variable
 * holding a key's JSON, a directory of mounted key files, and the configured impersonated and
 * federated accounts — and re-reads the directory so that added, replaced or removed files take
 * effect. A file that cannot be used is refused with its name and field; the others keep serving. A
 * file whose key replaces the account's serving key must first mint ({@link KeyVerification}, as an
 * admin rotation): a key Google refuses leaves the old one serving, and a key that replaced another
 * is a fleet {@link Decision}, as an admin's rotation is. A key the fleet rotated away or revoked
 * is refused, so that a restart does not bring it back. A file read again with the same key keeps
 * the key's known creation time, so that a re-mounted secret does not look new.
 */
@ApplicationScoped
public class KeyLoader {
  private static final Logger LOG = Logger.getLogger(KeyLoader.class);
  static final String APPLICATION_CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS";

  /** Who changed a credential, in audit events, when the key directory did. */
  static final String KEY_DIRECTORY = "key-directory";

  private final TokenConfig.Credentials config;
  private final CredentialRegistry registry;
  private final Event<CredentialRetired> retired;
  private final TokenAudit audit;
  private final KeyVerification verification;
  private final CredentialDecisions decisions;
  private final Environment environment;
  private final Clock clock;

  /** What each directory file was when last read, and which account it gave. */
  private final Map<Path, Seen> directoryFiles = new HashMap<>();

  private record Seen(long modified, long size, String account) {}

  public KeyLoader(
      TokenConfig config,
      CredentialRegistry registry,
      Event<CredentialRetired> retired,
      TokenAudit audit,
      KeyVerification verification,
      CredentialDecisions decisions,
      Environment environment,
      Clock clock) {
    this.config = config.credentials();
    this.registry = registry;
    this.retired = retired;
    this.audit = audit;
    this.verification = verification;
    this.decisions = decisions;
    this.environment = environment;
    this.clock = clock;
  }

  void start(@Observes StartupEvent start) {
    config.keyFile().ifPresent(this::loadFile);
    if (config.useApplicationDefault()) {
      environment.get(APPLICATION_CREDENTIALS).map(Path::of).ifPresent(this::loadFile);
    }
    config
        .keyJsonEnv()
        .ifPresent(
            name ->
                environment
                    .get(name)
                    .ifPresentOrElse(
                        json -> load(json.getBytes(StandardCharsets.UTF_8), "env:" + name, now()),
                        () ->
                            LOG.warnf(
                                "token.credentials.key-json-env names %s, which is unset", name)));
    scanDirectory();
    config
        .impersonated()
        .values()
        .forEach(
            i ->
                register(
                    new Credential.Impersonated(
                        i.targetAccount(), i.sourceAccount(), i.delegates().orElse(List.of())),
                    "config"));
    config
        .federated()
        .forEach(
            (name, f) ->
                register(
                    new Credential.Federated(
                        f.impersonate().orElse(name),
                        f.audience(),
                        f.subjectTokenFile(),
                        f.subjectTokenType(),
                        f.impersonate()),
                    "config"));
  }

  /** Re-reads the key directory: new and changed files load, removed files retire. */
  @Scheduled(
      every = "${token.credentials.directory-poll:10s}",
      delayed = "${token.credentials.directory-poll:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public synchronized void scanDirectory() {
    if (config.keyDirectory().isEmpty()) {
      return;
    }
    Path dir = config.keyDirectory().get();
    Set<Path> present = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        present.add(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        long size = Files.size(file);
        Seen seen = directoryFiles.get(file);
        if (seen == null || seen.modified() != modified || seen.size() != size) {
          String account = loadFile(file);
          // A refused replacement leaves the earlier key serving, so the file still stands for it.
          if (account == null && seen != null) {
            account = seen.account();
          }
          directoryFiles.put(file, new Seen(modified, size, account));
        }
      }
    } catch (IOException e) {
      LOG.warnf("cannot read the key directory %s: %s", dir, e.getClass().getSimpleName());
      return;
    }
    directoryFiles.keySet().removeIf(file -> !present.contains(file) && retire(file));
  }

  /** Loads one file; returns the account it gave, or null when it was refused. */
  private String loadFile(Path file) {
    try {
      return load(
          Files.readAllBytes(file), file.toString(), Files.getLastModifiedTime(file).toInstant());
    } catch (IOException e) {
      refuse(new KeyFileException(file.toString(), "(file)", "cannot be read"));
      return null;
    }
  }

  private String load(byte[] json, String origin, Instant created) {
    ServiceAccountKey key;
    try {
      key = KeyFileParser.parse(json, origin, created);
    } catch (KeyFileException e) {
      refuse(e);
      return null;
    }
    if (decisions.retired(key.keyId())) {
      refuse(
          new KeyFileException(
              origin,
              "private_key_id",
              "names key "
                  + key.keyId()
                  + ", which was rotated away or revoked and never serves again"));
      return null;
    }
    Credential current =
        registry.find(key.clientEmail()).map(CredentialState::credential).orElse(null);
    if (current instanceof Credential.Key serving) {
      if (serving.key().keyId().equals(key.keyId())) {
        // The same key read again (a re-mounted secret): it is as old as it was.
        key = key.madeAt(serving.key().created());
      } else {
        return replace(serving, key, json, origin);
      }
    }
    register(new Credential.Key(key), origin);
    return key.clientEmail();
  }

  /** A new key for an account that has one: it serves only once it has minted. */
  private String replace(
      Credential.Key serving, ServiceAccountKey next, byte[] json, String origin) {
    ServiceAccountKey proven;
    try {
      proven = verification.verify(next);
    } catch (KeyVerification.Failed e) {
      LOG.errorf(
          "refused the key %s of %s in %s: it could not mint a token (%s); key %s keeps serving",
          next.keyId(), next.clientEmail(), origin, e.getMessage(), serving.key().keyId());
      audit.keyVerificationFailed(KEY_DIRECTORY, next.clientEmail(), next.keyId(), e.getMessage());
      return null;
    }
    decisions.decide(
        Decision.key(
            next.clientEmail(),
            next.keyId(),
            serving.key().keyId(),
            json,
            proven.created(),
            KEY_DIRECTORY,
            now()));
    LOG.infof(
        "key %s of %s replaced by %s from %s",
        serving.key().keyId(), next.clientEmail(), next.keyId(), origin);
    audit.keyRotated(KEY_DIRECTORY, next.clientEmail(), serving.key().keyId(), next.keyId());
    return next.clientEmail();
  }

  private void register(Credential credential, String origin) {
    registry.put(credential);
    LOG.infof(
        "loaded %s credential for %s from %s", credential.kind(), credential.account(), origin);
    audit.keyLoaded(credential.account(), credential.kind(), credential.keyId(), origin);
  }

  private void refuse(KeyFileException e) {
    LOG.errorf("refused a key file: %s", e.getMessage());
    audit.keyLoadFailed(e.origin(), e.getMessage(), e.field());
  }

  /** A removed file retires its account's credential (if that file still provides it). */
  private boolean retire(Path file) {
    Seen seen = directoryFiles.get(file);
    if (seen != null && seen.account() != null) {
      registry
          .find(seen.account())
          .filter(
              s ->
                  s.credential() instanceof Credential.Key k
                      && k.key().origin().equals(file.toString()))
          .ifPresent(
              s -> {
                registry.remove(seen.account());
                retired.fire(new CredentialRetired(seen.account(), "key file removed"));
                LOG.infof("key file %s was removed: %s retired", file, seen.account());
                audit.keyFileRemoved(seen.account());
              });
    }
    return true;
  }

  private Instant now() {
    return clock.instant();
  }
}
