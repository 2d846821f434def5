package io.geminiauth.emulator.gemini;

/** Who called the Gemini API: an API key (by uid) or the principal of a bearer token. */
public record Caller(String kind, String id) {}
