package io.geminiauth.common.event;

/** Which service, and which instance of it, produced an event. */
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record EventSource(String service, String instance) {}
