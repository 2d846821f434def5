package io.geminiauth.gateway.admin;

import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.common.error.GoogleStatus;
import io.geminiauth.gateway.ModelPatterns;
import io.geminiauth.gateway.audit.GatewayAudit;
import io.geminiauth.gateway.client.Client;
import io.geminiauth.gateway.client.ClientRegistry;
import io.geminiauth.gateway.client.ClientStore.StoredClient;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Clients (teams) managed at run time: created, changed (models, limits), disabled, enabled and
 * deleted through the admin API, stored for the fleet and seen by every replica at once. Clients in
 * configuration are listed too, but change only with the configuration. Every change is audited
 * (POLICY_CHANGED); a bad request changes nothing and says which field is wrong.
 */
@Singleton
public class ClientAdmin {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern MODEL = Pattern.compile("(models/)?[a-z0-9.*-]{1,128}");

  private final ClientRegistry clients;
  private final GatewayAudit audit;
  private final Clock clock;

  public ClientAdmin(ClientRegistry clients, GatewayAudit audit, Clock clock) {
    this.clients = clients;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * A client's settings as the admin API takes them; absent fields keep their value (or default).
   */
  public record ClientSpec(
      String name,
      List<String> models,
      Integer requestsPerMinute,
      Integer maxConcurrent,
      Long dailyTokenBudget,
      Boolean projectWide) {}

  /** A client as the admin API shows it. */
  public record ClientView(
      String name,
      String source,
      List<String> models,
      int requestsPerMinute,
      int maxConcurrent,
      long dailyTokenBudget,
      boolean projectWide,
      boolean disabled,
      String updatedBy,
      Instant updateTime) {

    static ClientView configured(Client c) {
      return new ClientView(
          c.name(),
          "configuration",
          c.models().patterns(),
          c.requestsPerMinute(),
          c.maxConcurrent(),
          c.dailyTokenBudget(),
          c.projectWide(),
          false,
          null,
          null);
    }

    static ClientView stored(StoredClient s) {
      Client c = s.client();
      return new ClientView(
          c.name(),
          "admin",
          c.models().patterns(),
          c.requestsPerMinute(),
          c.maxConcurrent(),
          c.dailyTokenBudget(),
          c.projectWide(),
          s.disabled(),
          s.changedBy(),
          s.changedAt());
    }
  }

  public List<ClientView> list() {
    List<ClientView> views = new ArrayList<>();
    clients.configuredClients().forEach(c -> views.add(ClientView.configured(c)));
    clients.storedClients().forEach(s -> views.add(ClientView.stored(s)));
    return views;
  }

  public ClientView get(String name) {
    return clients
        .configured(name)
        .map(ClientView::configured)
        .orElseGet(() -> ClientView.stored(requireStored(name)));
  }

  public ClientView create(ClientSpec spec, String admin) {
    if (spec == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(
              "The body must be a client: {\"name\", \"models\", \"requestsPerMinute\","
                  + " \"maxConcurrent\", \"dailyTokenBudget\", \"projectWide\"}."));
    }
    if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
      throw invalid("name", "must be 1 to 63 lower-case letters, digits or hyphens, from a letter");
    }
    if (clients.exists(spec.name())) {
      throw new GoogleApiException(
          GoogleError.of(GoogleStatus.ALREADY_EXISTS, "Client " + spec.name() + " exists."));
    }
    if (spec.models() == null || spec.models().isEmpty()) {
      throw invalid("models", "must name the models the client may call (\"*\" for all)");
    }
    Client client =
        client(
            spec.name(),
            spec.models(),
            orDefault(spec.requestsPerMinute(), 600),
            orDefault(spec.maxConcurrent(), 32),
            spec.dailyTokenBudget() == null ? 0 : spec.dailyTokenBudget(),
            spec.projectWide() != null && spec.projectWide());
    StoredClient stored = new StoredClient(client, false, admin, clock.instant());
    if (!write(() -> clients.store().insert(stored))) {
      throw new GoogleApiException(
          GoogleError.of(GoogleStatus.ALREADY_EXISTS, "Client " + spec.name() + " exists."));
    }
    return changed(stored, "created", admin);
  }

  /** Changes the fields {@code spec} sets; the name, if given, must be the client's. */
  public ClientView update(String name, ClientSpec spec, String admin) {
    StoredClient current = requireStored(name);
    if (spec == null) {
      throw new GoogleApiException(
          GoogleError.invalidArgument("The body must be a client's fields."));
    }
    if (spec.name() != null && !spec.name().equals(name)) {
      throw invalid("name", "cannot change; create a client of the new name instead");
    }
    Client c = current.client();
    Client client =
        client(
            name,
            spec.models() == null ? c.models().patterns() : spec.models(),
            orDefault(spec.requestsPerMinute(), c.requestsPerMinute()),
            orDefault(spec.maxConcurrent(), c.maxConcurrent()),
            spec.dailyTokenBudget() == null ? c.dailyTokenBudget() : spec.dailyTokenBudget(),
            spec.projectWide() == null ? c.projectWide() : spec.projectWide());
    return replace(new StoredClient(client, current.disabled(), admin, clock.instant()), "updated");
  }

  public ClientView setDisabled(String name, boolean disabled, String admin) {
    StoredClient current = requireStored(name);
    return replace(
        new StoredClient(current.client(), disabled, admin, clock.instant()),
        disabled ? "disabled" : "enabled");
  }

  /** Deletes the client: its issued keys stop working at once on every replica. */
  public void delete(String name, String admin) {
    StoredClient current = requireStored(name);
    if (!write(() -> clients.store().delete(name))) {
      throw notFound(name);
    }
    clients.reload();
    audit.clientChanged(admin, name, "deleted", settings(current.client()));
  }

  private ClientView replace(StoredClient next, String action) {
    if (!write(() -> clients.store().update(next))) {
      throw notFound(next.client().name());
    }
    return changed(next, action, next.changedBy());
  }

  private ClientView changed(StoredClient stored, String action, String admin) {
    clients.reload();
    audit.clientChanged(admin, stored.client().name(), action, settings(stored.client()));
    return ClientView.stored(stored);
  }

  private static Client client(
      String name, List<String> models, int rpm, int concurrent, long budget, boolean projectWide) {
    for (String model : models) {
      if (model == null || !MODEL.matcher(model).matches()) {
        throw invalid("models", "each must be a model name, a prefix ending in *, or *");
      }
    }
    if (rpm < 1 || rpm > 1_000_000) {
      throw invalid("requestsPerMinute", "must be from 1 to 1000000");
    }
    if (concurrent < 1 || concurrent > 100_000) {
      throw invalid("maxConcurrent", "must be from 1 to 100000");
    }
    if (budget < 0) {
      throw invalid("dailyTokenBudget", "must be 0 (no budget) or more");
    }
    return new Client(name, ModelPatterns.of(models), rpm, concurrent, budget, projectWide);
  }

  private static Map<String, String> settings(Client c) {
    return Map.of(
        "models", String.join(",", c.models().patterns()),
        "requestsPerMinute", Integer.toString(c.requestsPerMinute()),
        "maxConcurrent", Integer.toString(c.maxConcurrent()),
        "dailyTokenBudget", Long.toString(c.dailyTokenBudget()),
        "projectWide", Boolean.toString(c.projectWide()));
  }

  private StoredClient requireStored(String name) {
    if (clients.configured(name).isPresent()) {
      throw new GoogleApiException(
          GoogleError.of(
              GoogleStatus.FAILED_PRECONDITION,
              "Client "
                  + name
                  + " is set in configuration (gateway.clients."
                  + name
                  + "); change it there."));
    }
    return clients.stored(name).orElseThrow(() -> notFound(name));
  }

  private static GoogleApiException notFound(String name) {
    return new GoogleApiException(GoogleError.notFound("No client named " + name + "."));
  }

  private static GoogleApiException invalid(String field, String rule) {
    return new GoogleApiException(
        GoogleError.invalidArgument(field + " " + rule + ".", new FieldViolation(field, rule)));
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private interface Write {
    boolean run() throws SQLException;
  }

  private static boolean write(Write write) {
    try {
      return write.run();
    } catch (SQLException e) {
      throw new GoogleApiException(
          GoogleError.unavailable(
              "The shared client record could not be written; nothing changed. Retry later.",
              Duration.ofSeconds(5)),
          Duration.ofSeconds(5));
    }
  }
}
