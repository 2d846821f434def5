package io.geminiauth.token.rest;

/**
 * Who is calling: the name the policy knows them by, how they proved it ({@code key} or {@code
 * oidc}), and whether they may use the admin API.
 */
public record Caller(String name, String via, boolean admin) {}
