package io.geminiauth.audit.alert;

import io.geminiauth.audit.query.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/alerts}: the alerts raised, newest first. */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {
  private final AlertService alerts;

  public AlertsResource(AlertService alerts) {
    this.alerts = alerts;
  }

  @GET
  public Map<String, List<Alert>> list(@QueryParam("limit") String limit) throws SQLException {
    int size = QueryParams.limit("limit", limit, 100, 1, 1000);
    return Map.of("alerts", alerts.list(size));
  }
}
