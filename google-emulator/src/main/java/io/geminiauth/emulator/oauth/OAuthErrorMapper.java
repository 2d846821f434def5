package io.geminiauth.emulator.oauth;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** OAuth endpoints answer errors in RFC 6749's shape, not in google.rpc.Status. */
public class OAuthErrorMapper {

  @ServerExceptionMapper
  public Response map(OAuthException e) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put("error_description", e.description());
    return Response.status(e.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "no-store")
        .entity(body)
        .build();
  }
}
