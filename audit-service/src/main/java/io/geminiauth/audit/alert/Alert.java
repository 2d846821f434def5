package io.geminiauth.audit.alert;

import java.time.Instant;
import java.util.UUID;

/**
 * A raised alert. {@code kind}: THRESHOLD (failed or denied events in a window reached the
 * configured number), SPIKE (a window far above the trailing baseline), or NO_KEY_LEFT (an upstream
 * lost its last Google API key); {@code scope}: "*" for all principals, otherwise the principal, or
 * for NO_KEY_LEFT the event's subject.
 */
public record Alert(
    UUID id,
    Instant firedAt,
    String kind,
    String scope,
    Instant windowStart,
    long count,
    double baseline,
    double threshold,
    String message) {}
