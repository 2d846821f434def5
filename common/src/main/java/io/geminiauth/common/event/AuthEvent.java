package io.geminiauth.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.geminiauth.common.error.FieldViolation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One auth event, the record every producer sends to the audit-service (DESIGN.md, "The auth
 * event"). Immutable and valid by construction: the constructor throws {@link
 * InvalidAuthEventException} listing every violated rule. Never holds a secret: {@code subject}
 * names an account or key by id, not by value.
 *
 * <p>{@code time} is kept to the microsecond, the precision of the audit store, so an event reads
 * back from the store exactly as it was sent and hashes the same.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "id",
  "time",
  "type",
  "source",
  "principal",
  "subject",
  "outcome",
  "reason",
  "scopes",
  "callerIp",
  "userAgent",
  "traceId",
  "attributes"
})
public record AuthEvent(
    UUID id,
    @JsonDeserialize(using = Rfc3339InstantDeserializer.class) Instant time,
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

  public AuthEvent {
    time = time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    scopes =
        scopes == null
            ? List.of()
            : Collections.unmodifiableList(new java.util.ArrayList<>(scopes));
    // Sorted, so that the canonical JSON of an event does not depend on the producer's map order.
    attributes =
        attributes == null
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(withoutNullKeys(attributes)));
    List<FieldViolation> violations =
        AuthEventRules.check(
            id,
            time,
            type,
            source,
            principal,
            subject,
            outcome,
            reason,
            scopes,
            callerIp,
            userAgent,
            traceId,
            attributes);
    if (!violations.isEmpty()) {
      throw new InvalidAuthEventException(violations);
    }
  }

  /** A builder for producers; {@code id} and {@code time} must be set (or use {@link #now}). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with a fresh random id and the given time. */
  public static Builder now(Instant time) {
    return new Builder().id(UUID.randomUUID()).time(time);
  }

  private static Map<String, String> withoutNullKeys(Map<String, String> attributes) {
    if (attributes.keySet().stream().anyMatch(java.util.Objects::isNull)) {
      throw new InvalidAuthEventException(
          List.of(new FieldViolation("attributes", "keys must not be null")));
    }
    return attributes;
  }

  /** Mutable builder for the many optional parts of an event. */
  public static final class Builder {
    private UUID id;
    private Instant time;
    private AuthEventType type;
    private EventSource source;
    private String principal;
    private String subject;
    private Outcome outcome;
    private String reason;
    private List<String> scopes;
    private String callerIp;
    private String userAgent;
    private String traceId;
    private Map<String, String> attributes;

    private Builder() {}

    public Builder id(UUID id) {
      this.id = id;
      return this;
    }

    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public Builder type(AuthEventType type) {
      this.type = type;
      return this;
    }

    public Builder source(String service, String instance) {
      this.source = new EventSource(service, instance);
      return this;
    }

    public Builder source(EventSource source) {
      this.source = source;
      return this;
    }

    public Builder principal(String principal) {
      this.principal = principal;
      return this;
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder outcome(Outcome outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder scopes(List<String> scopes) {
      this.scopes = scopes;
      return this;
    }

    public Builder callerIp(String callerIp) {
      this.callerIp = callerIp;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public Builder attributes(Map<String, String> attributes) {
      this.attributes = attributes;
      return this;
    }

    /** The event; throws {@link InvalidAuthEventException} when a rule is broken. */
    public AuthEvent build() {
      return new AuthEvent(
          id,
          time,
          type,
          source,
          principal,
          subject,
          outcome,
          reason,
          scopes,
          callerIp,
          userAgent,
          traceId,
          attributes);
    }
  }
}
