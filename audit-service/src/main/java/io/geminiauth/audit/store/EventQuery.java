package io.geminiauth.audit.store;

import io.geminiauth.common.event.AuthEventType;
import io.geminiauth.common.event.Outcome;
import java.time.Instant;
import java.util.UUID;

/**
 * A filtered, newest-first page of events. Every filter is optional; {@code afterTime}/{@code
 * afterId} is the keyset position of the previous page's last event.
 */
public record EventQuery(
    AuthEventType type,
    Outcome outcome,
    String principal,
    String subject,
    String source,
    Instant from,
    Instant to,
    Instant afterTime,
    UUID afterId,
    int limit) {}
