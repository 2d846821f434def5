package io.geminiauth.token.rest;

import java.util.List;

/** The body of {@code POST /v1/tokens}. */
public record TokenRequest(String serviceAccount, List<String> scopes) {}
