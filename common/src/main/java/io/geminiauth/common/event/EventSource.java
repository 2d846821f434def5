package io.geminiauth.common.event;

/** Which service, and which instance of it, produced an event. */
public record EventSource(String service, String instance) {}
