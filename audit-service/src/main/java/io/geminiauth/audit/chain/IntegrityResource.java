package io.geminiauth.audit.chain;

import io.geminiauth.audit.query.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/integrity} verifies the chains and checkpoints; {@code GET /v1/checkpoints}
 * exports the signed checkpoints and their public keys for auditors to keep elsewhere.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrityResource {
  private final IntegrityService integrity;
  private final CheckpointService checkpoints;

  public IntegrityResource(IntegrityService integrity, CheckpointService checkpoints) {
    this.integrity = integrity;
    this.checkpoints = checkpoints;
  }

  @GET
  @Path("integrity")
  public IntegrityReport verify(@QueryParam("from") String from, @QueryParam("to") String to)
      throws SQLException {
    return integrity.verify(QueryParams.time("from", from), QueryParams.time("to", to));
  }

  @GET
  @Path("checkpoints")
  public Map<String, List<?>> export() throws SQLException {
    return Map.of("checkpoints", checkpoints.checkpoints(), "keys", checkpoints.keys());
  }
}
