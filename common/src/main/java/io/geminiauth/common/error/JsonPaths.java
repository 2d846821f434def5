package io.geminiauth.common.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The field path ({@code contents[0].parts}) a Jackson error points at, and what JSON was expected
 * there, for field violations in words a client understands (no Java type, no echo of the input).
 */
public final class JsonPaths {
  private JsonPaths() {}

  public static String of(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping)) {
      return "";
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** What was wrong at the path, in JSON's terms. */
  public static String expected(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "is not a known field";
    }
    if (e instanceof MismatchedInputException m) {
      return "must be " + jsonType(m.getTargetType());
    }
    if (e instanceof JsonParseException) {
      return "is not valid JSON";
    }
    return "is not valid here";
  }

  private static String jsonType(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Long.class
        || type == Integer.class
        || type == Short.class
        || type == long.class
        || type == int.class
        || type == short.class
        || type == java.math.BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.isEnum()) {
      return "one of the allowed values";
    }
    if (type == java.util.UUID.class) {
      return "a UUID";
    }
    if (type == java.time.Instant.class) {
      return "an RFC 3339 timestamp";
    }
    if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "of another type";
  }
}
