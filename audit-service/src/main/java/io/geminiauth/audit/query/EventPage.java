package io.geminiauth.audit.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.geminiauth.common.event.AuthEvent;
import java.util.List;

/** One page of events, newest first, and the cursor of the next page when there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventPage(List<AuthEvent> events, String nextCursor) {}
