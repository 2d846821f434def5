package io.geminiauth.common.event;

import io.geminiauth.common.error.FieldViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** The schema limits of an auth event, checked all at once so a producer sees every mistake. */
final class AuthEventRules {
  static final int MAX_NAME = 256;
  static final int MAX_REASON = 1024;
  static final int MAX_USER_AGENT = 512;
  static final int MAX_TRACE_ID = 128;
  static final int MAX_SCOPES = 50;
  static final int MAX_ATTRIBUTES = 32;
  static final int MAX_ATTRIBUTE_KEY = 64;
  static final int MAX_ATTRIBUTE_VALUE = 1024;

  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
  private static final Pattern TRACE_ID = Pattern.compile("[A-Za-z0-9._:-]+");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private AuthEventRules() {}

  /** Every rule the given event components break; empty when the event is valid. */
  @SuppressWarnings("java:S107") // mirrors the record's components
  static List<FieldViolation> check(
      UUID id,
      Instant time,
      AuthEventType type,
      EventSource source,
      String principal,
      String subject,
      Outcome outcome,
      String reason,
      List<String> scopes,
      String callerIp,
      String userAgent,
      String traceId,
      Map<String, String> attributes) {
    List<FieldViolation> v = new ArrayList<>();
    required(v, "id", id);
    if (id != null && id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0) {
      // The nil UUID is what an unset id looks like: it would make every such event "the same".
      v.add(new FieldViolation("id", "must not be the nil UUID; give each event its own"));
    }
    required(v, "time", time);
    required(v, "type", type);
    required(v, "outcome", outcome);
    if (source == null) {
      v.add(new FieldViolation("source", "is required"));
    } else {
      if (source.service() == null || !SERVICE.matcher(source.service()).matches()) {
        v.add(
            new FieldViolation(
                "source.service", "is required: lower-case letters, digits and '-', at most 63"));
      }
      text(v, "source.instance", source.instance(), MAX_NAME);
    }
    text(v, "principal", principal, MAX_NAME);
    text(v, "subject", subject, MAX_NAME);
    text(v, "reason", reason, MAX_REASON);
    text(v, "userAgent", userAgent, MAX_USER_AGENT);
    if (traceId != null
        && (traceId.length() > MAX_TRACE_ID || !TRACE_ID.matcher(traceId).matches())) {
      v.add(new FieldViolation("traceId", "must be 1–128 characters of [A-Za-z0-9._:-]"));
    }
    if (callerIp != null && !isIpLiteral(callerIp)) {
      v.add(new FieldViolation("callerIp", "must be an IPv4 or IPv6 address"));
    }
    scopes(v, scopes);
    attributes(v, attributes);
    return v;
  }

  private static void required(List<FieldViolation> v, String field, Object value) {
    if (value == null) {
      v.add(new FieldViolation(field, "is required"));
    }
  }

  private static void text(List<FieldViolation> v, String field, String value, int max) {
    if (value == null) {
      return;
    }
    if (value.isBlank()) {
      v.add(new FieldViolation(field, "must not be blank (leave it out instead)"));
    } else if (value.length() > max) {
      v.add(new FieldViolation(field, "is longer than " + max + " characters"));
    } else if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
      v.add(new FieldViolation(field, "must not contain control characters"));
    }
  }

  private static void scopes(List<FieldViolation> v, List<String> scopes) {
    if (scopes.size() > MAX_SCOPES) {
      v.add(new FieldViolation("scopes", "has more than " + MAX_SCOPES + " entries"));
      return;
    }
    for (int i = 0; i < scopes.size(); i++) {
      String scope = scopes.get(i);
      if (scope == null) {
        v.add(new FieldViolation("scopes[" + i + "]", "must not be null"));
      } else {
        text(v, "scopes[" + i + "]", scope, MAX_NAME);
        if (scope.contains(" ")) {
          v.add(new FieldViolation("scopes[" + i + "]", "must be one scope, without spaces"));
        }
      }
    }
  }

  private static void attributes(List<FieldViolation> v, Map<String, String> attributes) {
    if (attributes.size() > MAX_ATTRIBUTES) {
      v.add(new FieldViolation("attributes", "has more than " + MAX_ATTRIBUTES + " entries"));
      return;
    }
    attributes.forEach(
        (key, value) -> {
          if (key == null
              || key.length() > MAX_ATTRIBUTE_KEY
              || !ATTRIBUTE_KEY.matcher(key).matches()) {
            v.add(
                new FieldViolation(
                    "attributes",
                    "key '"
                        + (key == null ? "null" : key.substring(0, Math.min(key.length(), 64)))
                        + "' must be at most 64 characters of [A-Za-z0-9_.-], starting with a"
                        + " letter"));
          } else if (value == null) {
            v.add(new FieldViolation("attributes." + key, "must not be null"));
          } else if (value.length() > MAX_ATTRIBUTE_VALUE) {
            v.add(
                new FieldViolation(
                    "attributes." + key, "is longer than " + MAX_ATTRIBUTE_VALUE + " characters"));
          } else if (value.chars().anyMatch(Character::isISOControl)) {
            v.add(new FieldViolation("attributes." + key, "must not contain control characters"));
          }
        });
  }

  static boolean isIpLiteral(String ip) {
    if (ip.length() > 45) {
      return false;
    }
    if (IPV4.matcher(ip).matches()) {
      return true;
    }
    if (!ip.contains(":") || !IPV6_CHARS.matcher(ip).matches()) {
      return false;
    }
    try {
      // A string with ':' is parsed as an IPv6 literal: no name lookup happens.
      java.net.InetAddress.getByName(ip);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
