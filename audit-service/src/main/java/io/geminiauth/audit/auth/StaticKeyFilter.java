package io.geminiauth.audit.auth;

import io.geminiauth.audit.AuditConfig;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleErrorMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Producers write with a key in {@code x-audit-key}, readers read with theirs. Keys are stored only
 * as SHA-256 hashes. Writes and reads are refused without a known key.
 */
public class StaticKeyFilter {
  public static final String HEADER = "x-audit-key";

  private final Set<String> producers;
  private final Set<String> readers;

  public StaticKeyFilter(AuditConfig config) {
    this.producers = normalise(config.auth().producerKeyHashes().orElse(List.of()));
    this.readers = normalise(config.auth().readerKeyHashes().orElse(List.of()));
  }

  @ServerRequestFilter
  public Response check(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/v1/")) {
      return null;
    }
    boolean write = "POST".equals(request.getMethod());
    String key = request.getHeaderString(HEADER);
    if (key == null || key.isBlank()) {
      return refuse(
          GoogleError.unauthenticated(
              "Send the "
                  + (write ? "producer" : "reader")
                  + " key in the "
                  + HEADER
                  + " header."));
    }
    String hash = sha256(key.trim());
    if (write ? producers.contains(hash) : readers.contains(hash)) {
      return null;
    }
    if (producers.contains(hash) || readers.contains(hash)) {
      return refuse(
          GoogleError.permissionDenied(
              "This key may not " + (write ? "write events" : "read the audit log") + "."));
    }
    return refuse(GoogleError.unauthenticated("The " + HEADER + " key is not known."));
  }

  private static Response refuse(GoogleError error) {
    return GoogleErrorMappers.toResponse(error, null);
  }

  static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> normalise(List<String> hashes) {
    return hashes.stream()
        .map(h -> h.trim().toLowerCase(java.util.Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }
}
