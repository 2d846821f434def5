package io.geminiauth.audit.store;

/** The last link of a writer's chain: its sequence number and hash. */
public record ChainHead(String chainId, long seq, String hash) {}
