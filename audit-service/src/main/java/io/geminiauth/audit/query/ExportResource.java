package io.geminiauth.audit.query;

import io.geminiauth.audit.store.EventStore;
import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventJson;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * {@code GET /v1/events/export?format=ndjson|csv}: every event the filters select, newest first,
 * streamed from a database cursor as rows arrive (never the whole result in memory).
 */
@Path("/v1/events/export")
public class ExportResource {
  static final String CSV_HEADER =
      "id,time,type,outcome,source_service,source_instance,principal,subject,reason,scopes,"
          + "caller_ip,user_agent,trace_id";

  private final EventStore store;

  public ExportResource(EventStore store) {
    this.store = store;
  }

  @GET
  public Response export(@BeanParam FilterParams filters, @QueryParam("format") String format) {
    boolean csv = "csv".equals(format);
    if (!csv && format != null && !"ndjson".equals(format)) {
      throw QueryParams.invalid("format", "must be ndjson or csv");
    }
    var query = filters.toQuery(null, null, 0); // validates before the first byte goes out
    StreamingOutput body =
        output -> {
          Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
          if (csv) {
            out.write(CSV_HEADER + "\n");
          }
          try {
            store.stream(
                query,
                stored -> {
                  try {
                    out.write(csv ? csvLine(stored.event()) : AuthEventJson.write(stored.event()));
                    out.write('\n');
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
          } catch (SQLException e) {
            throw new IOException("the export stopped: the store failed", e);
          }
          out.flush();
        };
    return Response.ok(body)
        .type(csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
        .header(
            "Content-Disposition",
            "attachment; filename=\"audit-events." + (csv ? "csv" : "ndjson") + "\"")
        .build();
  }

  static String csvLine(AuthEvent e) {
    return String.join(
        ",",
        cell(e.id().toString()),
        cell(e.time().toString()),
        cell(e.type().name()),
        cell(e.outcome().name()),
        cell(e.source().service()),
        cell(e.source().instance()),
        cell(e.principal()),
        cell(e.subject()),
        cell(e.reason()),
        cell(String.join(" ", e.scopes())),
        cell(e.callerIp()),
        cell(e.userAgent()),
        cell(e.traceId()));
  }

  /** RFC 4180 quoting; a leading formula character is neutralised for spreadsheet safety. */
  private static String cell(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    return v.contains(",") || v.contains("\"") || v.contains("\n") || !v.equals(value)
        ? "\"" + v.replace("\"", "\"\"") + "\""
        : v;
  }
}
