package io.geminiauth.audit.alert;

import io.geminiauth.common.event.AuthEvent;
import io.geminiauth.common.event.AuthEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An alert of its own, not a count: an upstream lost its last Google API key (an {@code
 * API_KEY_REJECTED} event with {@code keysLeft} 0), so it serves nothing until someone acts. One
 * alert per such event, scoped to the event's subject ({@code upstream/key-N}).
 */
final class LastKeyRule {
  static final String KIND = "NO_KEY_LEFT";

  private LastKeyRule() {}

  static List<Alert> check(List<AuthEvent> events, Instant now) {
    List<Alert> alerts = new ArrayList<>();
    for (AuthEvent event : events) {
      if (event.type() == AuthEventType.API_KEY_REJECTED
          && "0".equals(event.attributes().get("keysLeft"))) {
        alerts.add(
            new Alert(
                UUID.randomUUID(),
                now,
                KIND,
                event.subject(),
                event.time(),
                1,
                0,
                0,
                "Upstream "
                    + event.attributes().getOrDefault("upstream", "?")
                    + " lost its last Google API key ("
                    + event.subject()
                    + "): it serves nothing until a key is added or this one is accepted again"));
      }
    }
    return alerts;
  }
}
