package io.geminiauth.emulator.gemini;

import io.geminiauth.common.error.ErrorDetail;
import io.geminiauth.common.error.GoogleApiException;
import io.geminiauth.common.error.GoogleError;
import io.geminiauth.emulator.fault.Fault;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Built-in behaviours keyed by model-name prefix, matching the scenarios under which the official
 * SDKs' requests in {@code shared/reference/sdk-requests.txt} were recorded:
 *
 * <ul>
 *   <li>{@code flaky-*}: the first two calls of each such model get 429 with RetryInfo, then 200;
 *   <li>{@code badkey-*}: 400 {@code API_KEY_INVALID};
 *   <li>{@code midstreamerror-*}: one stream chunk, then an error event.
 * </ul>
 */
@ApplicationScoped
public class Scenarios {
  private static final int FLAKY_FAILURES = 2;
  private final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();

  static boolean isScenario(String model) {
    return model.startsWith("flaky-")
        || model.startsWith("badkey-")
        || model.startsWith("midstreamerror-");
  }

  /** Throws the scenario's error for this call, if it has one now. */
  public void before(String model) {
    if (model.startsWith("badkey-")) {
      throw new GoogleApiException(
          GoogleError.invalidArgument(GeminiAuthenticator.KEY_INVALID)
              .withReason(
                  "API_KEY_INVALID",
                  "googleapis.com",
                  Map.of("service", GeminiAuthenticator.SERVICE))
              .withDetail(
                  new ErrorDetail.LocalizedMessage("en-US", GeminiAuthenticator.KEY_INVALID)));
    }
    if (model.startsWith("flaky-")
        && flakyCalls.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet()
            <= FLAKY_FAILURES) {
      throw new GoogleApiException(
          GoogleError.resourceExhausted(
              "Resource has been exhausted (e.g. check quota).", Duration.ofSeconds(1)));
    }
  }

  /** The stream fault a scenario model acts out, if any. */
  public Optional<Fault> streamFault(String model) {
    if (model.startsWith("midstreamerror-")) {
      return Optional.of(new Fault(503, null, null, null, null, null, null, 1, null, null));
    }
    return Optional.empty();
  }

  public void clear() {
    flakyCalls.clear();
  }
}
