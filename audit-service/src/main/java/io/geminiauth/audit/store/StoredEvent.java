package io.geminiauth.audit.store;

import io.geminiauth.common.event.AuthEvent;
import java.time.Instant;

/** An event as stored: the event itself and its place in its writer's hash chain. */
public record StoredEvent(
    AuthEvent event, String chainId, long seq, Instant ingestedAt, String prevHash, String hash) {}
