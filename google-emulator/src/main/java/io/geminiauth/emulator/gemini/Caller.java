package io.geminiauth.emulator.gemini;

/**
 * Who called the Gemini API: an API key (by uid) or the principal of a bearer token, and the Cloud
 * project it belongs to, which owns what the call creates (files, upload sessions).
 */
public record Caller(String kind, String id, String project) {}
