package io.geminiauth.audit.alert;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;

/** The alert webhook: one JSON POST per alert. Built at start-up from the configured URL. */
@Consumes(MediaType.APPLICATION_JSON)
interface AlertWebhookClient {
  @POST
  void send(Alert alert);
}
