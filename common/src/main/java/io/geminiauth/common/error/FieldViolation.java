package io.geminiauth.common.error;

/** One entry of {@code google.rpc.BadRequest.fieldViolations}: a field path and what is wrong. */
public record FieldViolation(String field, String description) {}
