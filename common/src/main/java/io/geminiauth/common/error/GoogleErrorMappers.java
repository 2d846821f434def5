package io.geminiauth.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.geminiauth.common.redact.Redactor;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Exception mappers shared by every service, so that every error any of them returns has Google's
 * shape. Messages are redacted: a secret echoed by a parser never reaches the client.
 */
public class GoogleErrorMappers {
  private static final Logger LOG = Logger.getLogger(GoogleErrorMappers.class);
  private static final int MAX_MESSAGE_LENGTH = 300;

  @ServerExceptionMapper
  public Response mapGoogleApi(GoogleApiException e) {
    return toResponse(e);
  }

  /** The response for a refusal: its error, with its Retry-After when it has one. */
  public static Response toResponse(GoogleApiException e) {
    return toResponse(e.error(), e.retryAfter().orElse(null));
  }

  @ServerExceptionMapper
  public Response mapWebApplication(
      WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request) {
    int status = e.getResponse().getStatus();
    if (e.getResponse().getEntity() instanceof GoogleError error) {
      return toResponse(error, null);
    }
    if (status == 405) {
      // Quarkus REST does not say which methods the path serves; Allow is passed on if it does.
      String allowed = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
      GoogleError error = GoogleError.methodNotAllowed(request.getMethod(), uri.getPath(), allowed);
      return Response.fromResponse(toResponse(error, null))
          .header(HttpHeaders.ALLOW, allowed)
          .build();
    }
    String message =
        switch (status) {
          case 404 -> "No such resource: " + Redactor.redact(uri.getPath()) + ".";
          case 406 -> "None of the accepted media types can be produced.";
          case 413 -> "Request payload is too large.";
          case 415 ->
              "Unsupported content type "
                  + (headers.getMediaType() == null ? "(none)" : headers.getMediaType())
                  + ".";
          default -> shorten(Redactor.redact(String.valueOf(e.getMessage())));
        };
    return toResponse(
        GoogleError.of(GoogleStatus.forHttpStatus(status), message)
            .withCode(status < 400 ? 500 : status),
        null);
  }

  /**
   * Quarkus REST has its own mapper for this subtype (answering an empty 400); this one, being the
   * application's, wins and answers in Google's shape.
   */
  @ServerExceptionMapper
  public Response mapMismatchedInput(
      com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
    return mapJson(e);
  }

  @ServerExceptionMapper
  public Response mapJsonParse(com.fasterxml.jackson.core.JsonParseException e) {
    return mapJson(e);
  }

  @ServerExceptionMapper
  public Response mapJson(JsonProcessingException e) {
    GoogleApiException wrapped = Causes.find(e, GoogleApiException.class);
    if (wrapped != null) {
      return mapGoogleApi(wrapped);
    }
    String path = JsonPaths.of(e);
    // Jackson's own words name Java types and quote the input: say what JSON was expected.
    String detail = JsonPaths.expected(e);
    return toResponse(
        GoogleError.invalidArgument(
            "Invalid JSON payload received. " + (path.isEmpty() ? "" : path + ": ") + detail,
            path.isEmpty()
                ? java.util.List.of()
                : java.util.List.of(new FieldViolation(path, detail))),
        null);
  }

  @ServerExceptionMapper
  public Response mapUnexpected(Throwable e) {
    GoogleApiException wrapped = Causes.find(e, GoogleApiException.class);
    if (wrapped != null) {
      return mapGoogleApi(wrapped);
    }
    if (Causes.find(e, java.nio.channels.ClosedChannelException.class) != null
        || Causes.find(e, io.vertx.core.http.HttpClosedException.class) != null) {
      // The client closed the connection while its body was read: nobody to answer, no fault.
      LOG.debugf("client left while its request was read: %s", e.getClass().getName());
      return toResponse(GoogleError.invalidArgument("The request was cut off."), null);
    }
    if (Causes.find(e, java.io.IOException.class) != null
        && (Causes.find(e, NumberFormatException.class) != null
            || Causes.find(e, io.netty.handler.codec.DecoderException.class) != null)) {
      // Reading the body failed on its framing (a chunk size that is no number): the client's.
      LOG.debugf("request body with broken framing: %s", e.getClass().getName());
      return toResponse(
          GoogleError.invalidArgument("The request body is not valid HTTP (its chunked encoding)."),
          null);
    }
    // The log filter redacts the message and the exception; the client only learns that it failed.
    LOG.error("Unexpected error while serving a request", e);
    return toResponse(GoogleError.internal("Internal error encountered."), null);
  }

  /** The response for an error: Google's body, JSON, and Retry-After when one is given. */
  public static Response toResponse(GoogleError error, java.time.Duration retryAfter) {
    Response.ResponseBuilder builder =
        Response.status(error.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
    if (retryAfter != null) {
      builder.header(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(retryAfter));
    }
    return builder.build();
  }

  private static String shorten(String message) {
    String firstLine = message.lines().findFirst().orElse("");
    return firstLine.length() <= MAX_MESSAGE_LENGTH
        ? firstLine
        : firstLine.substring(0, MAX_MESSAGE_LENGTH) + "…";
  }
}
