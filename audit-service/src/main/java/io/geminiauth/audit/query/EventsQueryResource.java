package io.geminiauth.audit.query;

import io.geminiauth.audit.store.EventStore;
import io.geminiauth.audit.store.StoredEvent;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.event.AuthEvent;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** {@code GET /v1/events} (filters, newest first, keyset pages) and {@code GET /v1/events/{id}}. */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsQueryResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final EventStore store;

  public EventsQueryResource(EventStore store) {
    this.store = store;
  }

  @GET
  public EventPage list(
      @BeanParam FilterParams filters,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor)
      throws SQLException {
    int size = QueryParams.limit("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
    List<StoredEvent> rows =
        store.query(
            filters.toQuery(
                after == null ? null : after.time(), after == null ? null : after.id(), size));
    boolean more = rows.size() > size;
    List<AuthEvent> events = rows.stream().limit(size).map(StoredEvent::event).toList();
    String next = null;
    if (more) {
      AuthEvent last = events.get(events.size() - 1);
      next = new Cursor(last.time(), last.id()).encode();
    }
    return new EventPage(events, next);
  }

  @GET
  @Path("{id}")
  public AuthEvent get(@PathParam("id") String id) throws SQLException {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw QueryParams.invalid("id", "must be a UUID");
    }
    return store
        .findById(uuid)
        .map(StoredEvent::event)
        .orElseThrow(
            () -> new GoogleApiException(GoogleError.notFound("No event with id " + uuid + ".")));
  }
}
