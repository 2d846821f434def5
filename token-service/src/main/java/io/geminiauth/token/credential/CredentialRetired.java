package io.geminiauth.token.credential;

/**
 * A credential left the registry without an admin asking (its key file was removed): whoever holds
 * tokens minted with it drops them. Fired synchronously, so they are gone before the removal is
 * reported.
 */
public record CredentialRetired(String account, String reason) {}
