package io.geminiauth.gateway.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geminiauth.gateway.GatewayErrors;
import io.geminiauth.gateway.client.Client;
import io.geminiauth.gateway.tenancy.ResourceOwners.Owner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Files, cached contents and batches in an upstream's project belong to the client that made them
 * through the gateway: the gateway records the maker when Google answers the call that made one,
 * before the client learns its name; a call naming one is the maker's only, and goes to the
 * upstream holding it; a listing shows a client its own. Clients granted project-wide access see
 * and use everything. Owners live in the gateway's database, so every replica sees them; the ones
 * looked up are kept here too (an owner never changes; a deleted resource's stale entry only sends
 * a call on to Google's 404).
 */
@Singleton
public class ResourceOwnership {
  private static final Logger LOG = Logger.getLogger(ResourceOwnership.class);
  static final int MAX_CACHED = 10_000;

  /** The fields holding a listing's resources, by kind of list. */
  private static final List<String> LISTED =
      List.of("files", "cachedContents", "operations", "batches", "batchPredictionJobs");

  private final ResourceOwners owners;
  private final Vertx vertx;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Map<String, List<Owner>> known =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Owner>> eldest) {
          return size() > MAX_CACHED;
        }
      };

  public ResourceOwnership(ResourceOwners owners, Vertx vertx, ObjectMapper mapper, Clock clock) {
    this.owners = owners;
    this.vertx = vertx;
    this.mapper = mapper;
    this.clock = clock;
  }

  /**
   * The upstream holding the resources a call names, when {@code client} made them all; null for a
   * project-wide client (any upstream may hold them). Fails with Google's 403 otherwise, the same
   * answer whether the resource exists or not.
   */
  public Future<String> upstreamOf(Client client, List<String> names) {
    if (client.projectWide()) {
      return Future.succeededFuture(null);
    }
    return vertx.executeBlocking(
        () -> {
          String upstream = null;
          for (String name : names) {
            String held = heldBy(client.name(), name);
            if (held == null || (upstream != null && !upstream.equals(held))) {
              throw GatewayErrors.notYourResource(name);
            }
            upstream = held;
          }
          return upstream;
        },
        false);
  }

  /**
   * What to relay of a success to a call that makes or lists resources: a made resource is recorded
   * as {@code client}'s on {@code upstream}; a listing keeps the client's own.
   */
  public Future<Buffer> answered(ResourceCall call, Client client, String upstream, Buffer body) {
    if (call == ResourceCall.LIST && client.projectWide()) {
      return Future.succeededFuture(body);
    }
    return vertx.executeBlocking(
        () -> call == ResourceCall.CREATE ? made(client, upstream, body) : listed(client, body),
        false);
  }

  /** A resource deleted at Google is forgotten. */
  public void deleted(String name, String upstream) {
    vertx.executeBlocking(
        () -> {
          owners.forget(name, upstream);
          synchronized (known) {
            known.remove(name);
          }
          return null;
        },
        false);
  }

  private Buffer made(Client client, String upstream, Buffer body) throws SQLException {
    JsonNode answer = read(body);
    String name = answer == null ? null : ResourceNames.of(nameIn(answer));
    if (name != null) {
      owners.record(name, upstream, client.name(), clock.instant());
      synchronized (known) {
        known.remove(name);
      }
    }
    return body;
  }

  private Buffer listed(Client client, Buffer body) throws SQLException, IOException {
    JsonNode answer = read(body);
    if (!(answer instanceof ObjectNode page)) {
      return body;
    }
    for (String field : LISTED) {
      if (page.get(field) instanceof ArrayNode items) {
        for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
          String name = ResourceNames.of(it.next().path("name").asText(null));
          if (name == null || heldBy(client.name(), name) == null) {
            it.remove();
          }
        }
        if (items.isEmpty()) {
          // As Google answers an empty page: without the field.
          page.remove(field);
        }
      }
    }
    return Buffer.buffer(mapper.writeValueAsBytes(page));
  }

  /** The upstream where {@code client} made {@code name}, or null. */
  private String heldBy(String client, String name) throws SQLException {
    List<Owner> found;
    synchronized (known) {
      found = known.get(name);
    }
    if (found == null) {
      found = List.copyOf(owners.owners(name));
      // Only names that have an owner are kept: one made on another replica just now is found
      // in the database next time.
      if (!found.isEmpty()) {
        synchronized (known) {
          known.put(name, found);
        }
      }
    }
    for (Owner owner : found) {
      if (owner.client().equals(client)) {
        return owner.upstream();
      }
    }
    return null;
  }

  /** A made resource's name: the answer's own, or the uploaded file's. */
  private static String nameIn(JsonNode answer) {
    String name = answer.path("name").asText(null);
    return name != null ? name : answer.path("file").path("name").asText(null);
  }

  private JsonNode read(Buffer body) {
    try {
      return body.length() == 0 ? null : mapper.readTree(body.getBytes());
    } catch (IOException e) {
      LOG.debugf("answer is no JSON (%s): relayed as it is", e.getClass().getSimpleName());
      return null;
    }
  }
}
