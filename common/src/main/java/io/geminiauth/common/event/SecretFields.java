package io.geminiauth.common.event;

import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.redact.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds values in an event that look like secrets (what {@link Redactor} would mask), and makes the
 * masked copy of an event. The audit log must never become a store of credentials. The
 * audit-service refuses (or masks) what this finds; the producers' tests hold their events to the
 * same rule through the test audit sink, so a producer cannot emit an event the service refuses.
 */
public final class SecretFields {
  private SecretFields() {}

  /** The fields holding something secret-looking; never the values themselves. */
  public static List<FieldViolation> scan(AuthEvent e) {
    List<FieldViolation> found = new ArrayList<>();
    check(found, "source.instance", e.source().instance());
    check(found, "principal", e.principal());
    check(found, "subject", e.subject());
    check(found, "reason", e.reason());
    check(found, "userAgent", e.userAgent());
    check(found, "traceId", e.traceId());
    for (int i = 0; i < e.scopes().size(); i++) {
      check(found, "scopes[" + i + "]", e.scopes().get(i));
    }
    e.attributes()
        .forEach(
            (k, v) -> {
              if (Redactor.isSecretName(k)) {
                found.add(
                    new FieldViolation(
                        "attributes." + k,
                        "looks like a secret (its name says so); send an id, not the value"));
              } else {
                check(found, "attributes." + k, v);
              }
            });
    return found;
  }

  /** The event with every secret-looking value masked. */
  public static AuthEvent mask(AuthEvent e) {
    Map<String, String> attributes = new LinkedHashMap<>();
    e.attributes()
        .forEach(
            (k, v) ->
                attributes.put(k, Redactor.isSecretName(k) ? Redactor.MASK : Redactor.redact(v)));
    return new AuthEvent(
        e.id(),
        e.time(),
        e.type(),
        new EventSource(e.source().service(), Redactor.redact(e.source().instance())),
        Redactor.redact(e.principal()),
        Redactor.redact(e.subject()),
        e.outcome(),
        Redactor.redact(e.reason()),
        e.scopes().stream().map(Redactor::redact).toList(),
        e.callerIp(),
        Redactor.redact(e.userAgent()),
        Redactor.redact(e.traceId()),
        attributes);
  }

  private static void check(List<FieldViolation> found, String field, String value) {
    if (value != null && !Objects.equals(Redactor.redact(value), value)) {
      found.add(
          new FieldViolation(
              field, "looks like a secret (a key, token or password); send an id, not the value"));
    }
  }
}
