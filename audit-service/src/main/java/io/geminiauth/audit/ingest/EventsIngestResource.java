package io.geminiauth.audit.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleErrorMappers;
import io.geminiauth.common.event.AuthEventJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/events}: one event, a JSON array, or NDJSON. A single event is answered 201
 * (stored), 200 (duplicate) or with its error; a batch with one result per item.
 */
@Path("/v1/events")
public class EventsIngestResource {
  public static final String NDJSON = "application/x-ndjson";

  private final IngestService ingest;

  public EventsIngestResource(IngestService ingest) {
    this.ingest = ingest;
  }

  @POST
  @Consumes({MediaType.APPLICATION_JSON, NDJSON})
  @Produces(MediaType.APPLICATION_JSON)
  public Response post(String body, HttpHeaders headers) {
    // Read as text: an empty Content-Type passes @Consumes but is no media type to parse.
    String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (type != null && type.trim().toLowerCase(java.util.Locale.ROOT).startsWith(NDJSON)) {
      return Response.ok(ingest.ingest(ndjson(body))).build();
    }
    JsonNode root = parse(body);
    if (root.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      root.forEach(items::add);
      return Response.ok(ingest.ingest(items)).build();
    }
    IngestReport report = ingest.ingest(List.of(root));
    ItemResult result = report.results().get(0);
    return switch (result.status()) {
      case STORED -> Response.status(Response.Status.CREATED).entity(report).build();
      case DUPLICATE -> Response.ok(report).build();
      case REJECTED -> GoogleErrorMappers.toResponse(new GoogleError(result.error()), null);
    };
  }

  private static List<JsonNode> ndjson(String body) {
    List<JsonNode> items = new ArrayList<>();
    for (String line : body.split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        items.add(AuthEventJson.mapper().readTree(line));
      } catch (JsonProcessingException e) {
        items.add(MissingNode.getInstance());
      }
    }
    return items;
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode root = AuthEventJson.mapper().readTree(body);
      if (root == null || !(root.isObject() || root.isArray())) {
        throw new GoogleApiException(
            GoogleError.invalidArgument("The body must be an event object or an array of events."));
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "Invalid JSON payload received: the body is not valid JSON."));
    }
  }
}
