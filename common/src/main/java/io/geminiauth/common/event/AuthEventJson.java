package io.geminiauth.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.geminiauth.common.error.Causes;
import io.geminiauth.common.error.FieldViolation;
import io.geminiauth.common.error.JsonPaths;
import io.geminiauth.common.json.StrictJson;
import java.util.Arrays;
import java.util.List;

/**
 * The one JSON mapping of {@link AuthEvent}: strict on input (unknown fields, wrong types, numbers
 * for times and trailing data are refused with the field's path, never ignored) and canonical on
 * output (fixed field order, sorted attributes, UTC times), so the bytes of an event are stable
 * enough to hash.
 */
public final class AuthEventJson {
  private static final ObjectMapper MAPPER =
      StrictJson.strict(
          JsonMapper.builder()
              .addModule(new JavaTimeModule())
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
              .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
              .build());

  private AuthEventJson() {}

  /** Parses one event; throws {@link InvalidAuthEventException} naming the offending field. */
  public static AuthEvent read(String json) {
    try {
      return MAPPER.readValue(json, AuthEvent.class);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    }
  }

  /** Converts an already parsed JSON node (one element of a batch) into an event. */
  public static AuthEvent read(JsonNode node) {
    try {
      return MAPPER.treeToValue(node, AuthEvent.class);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof JsonProcessingException cause) {
        throw invalid(cause);
      }
      throw e;
    }
  }

  /** The canonical JSON of an event. */
  public static String write(AuthEvent event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an auth event could not be written as JSON", e);
    }
  }

  /** The canonical JSON of an event as UTF-8 bytes, the input of the audit hash chain. */
  public static byte[] canonicalBytes(AuthEvent event) {
    return write(event).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The strict mapper, for callers that parse batches as trees first. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static InvalidAuthEventException invalid(JsonProcessingException e) {
    InvalidAuthEventException invalid = Causes.find(e, InvalidAuthEventException.class);
    if (invalid != null) {
      return invalid;
    }
    String path = JsonPaths.of(e);
    String field = path.isEmpty() ? "(event)" : path;
    // Descriptions never quote the offending value: it might be a secret sent by mistake.
    String description;
    if (e instanceof UnrecognizedPropertyException unknown) {
      field = path.isEmpty() ? unknown.getPropertyName() : path;
      description = "is not a field of an auth event";
    } else if (e instanceof InvalidFormatException format && format.getTargetType().isEnum()) {
      description = "must be one of " + Arrays.toString(format.getTargetType().getEnumConstants());
    } else if (e instanceof InvalidFormatException format
        && format.getTargetType() == java.util.UUID.class) {
      description = "must be a UUID";
    } else if (e instanceof MismatchedInputException mismatch
        && mismatch.getTargetType() == java.time.Instant.class) {
      description = "must be an RFC 3339 timestamp with an offset, such as 2026-01-01T00:00:00Z";
    } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      description = "has the wrong JSON type (expected " + jsonKind(mismatch.getTargetType()) + ")";
    } else {
      description = "is not valid JSON";
    }
    return new InvalidAuthEventException(List.of(new FieldViolation(field, description)));
  }

  private static String jsonKind(Class<?> type) {
    if (type == String.class || type.isEnum() || type == java.util.UUID.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }
}
