package io.geminiauth.audit.alert;

import io.geminiauth.audit.AuditConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * POSTs alerts to the configured webhook, off the ingest path, retried with exponential backoff and
 * jitter (SmallRye Fault Tolerance; override with {@code
 * quarkus.fault-tolerance."io.geminiauth.audit.alert.AlertNotifier/send".retry.*}).
 */
@ApplicationScoped
public class AlertNotifier {
  private final Optional<AlertWebhookClient> client;

  public AlertNotifier(AuditConfig config) {
    this.client =
        config
            .alerts()
            .webhookUrl()
            .filter(url -> !url.isBlank())
            .map(
                url ->
                    QuarkusRestClientBuilder.newBuilder()
                        .baseUri(URI.create(url))
                        .build(AlertWebhookClient.class));
  }

  public boolean enabled() {
    return client.isPresent();
  }

  @Asynchronous
  @Retry(
      maxRetries = 5,
      delay = 500,
      jitter = 200,
      maxDuration = 2,
      durationUnit = ChronoUnit.MINUTES)
  @ExponentialBackoff(maxDelay = 30_000)
  @Timeout(10_000)
  public CompletionStage<Void> send(Alert alert) {
    client.ifPresent(c -> c.send(alert));
    return CompletableFuture.completedFuture(null);
  }
}
