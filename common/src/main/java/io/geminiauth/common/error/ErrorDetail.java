package io.geminiauth.common.error;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entry of {@code error.details}: a {@code google.protobuf.Any} in JSON form, told apart by its
 * {@code @type} URL. Only the detail types the suite sends or reads are modelled.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ErrorDetail.ErrorInfo.class, name = ErrorDetail.ErrorInfo.TYPE),
  @JsonSubTypes.Type(value = ErrorDetail.RetryInfo.class, name = ErrorDetail.RetryInfo.TYPE),
  @JsonSubTypes.Type(value = ErrorDetail.BadRequest.class, name = ErrorDetail.BadRequest.TYPE),
  @JsonSubTypes.Type(
      value = ErrorDetail.LocalizedMessage.class,
      name = ErrorDetail.LocalizedMessage.TYPE),
  @JsonSubTypes.Type(value = ErrorDetail.Help.class, name = ErrorDetail.Help.TYPE)
})
public sealed interface ErrorDetail {

  /** {@code google.rpc.ErrorInfo}: a machine-readable reason, e.g. {@code API_KEY_INVALID}. */
  record ErrorInfo(String reason, String domain, java.util.Map<String, String> metadata)
      implements ErrorDetail {
    public static final String TYPE = "type.googleapis.com/google.rpc.ErrorInfo";

    public ErrorInfo {
      metadata = metadata == null ? java.util.Map.of() : java.util.Map.copyOf(metadata);
    }
  }

  /**
   * {@code google.rpc.RetryInfo}: how long to wait before retrying, as a protobuf Duration string
   * such as {@code "30s"} or {@code "1.500s"}.
   */
  record RetryInfo(String retryDelay) implements ErrorDetail {
    public static final String TYPE = "type.googleapis.com/google.rpc.RetryInfo";

    /** A RetryInfo for the given delay, written the way Google writes durations. */
    public static RetryInfo of(java.time.Duration delay) {
      return new RetryInfo(ProtoDurations.format(delay));
    }

    /** The delay as a {@link java.time.Duration}. */
    public java.time.Duration delay() {
      return ProtoDurations.parse(retryDelay);
    }
  }

  /** {@code google.rpc.BadRequest}: which request fields were wrong and why. */
  record BadRequest(java.util.List<FieldViolation> fieldViolations) implements ErrorDetail {
    public static final String TYPE = "type.googleapis.com/google.rpc.BadRequest";

    public BadRequest {
      fieldViolations =
          fieldViolations == null ? java.util.List.of() : java.util.List.copyOf(fieldViolations);
    }
  }

  /** {@code google.rpc.LocalizedMessage}. */
  record LocalizedMessage(String locale, String message) implements ErrorDetail {
    public static final String TYPE = "type.googleapis.com/google.rpc.LocalizedMessage";
  }

  /** {@code google.rpc.Help}: links that say what to do next. */
  record Help(java.util.List<Link> links) implements ErrorDetail {
    public static final String TYPE = "type.googleapis.com/google.rpc.Help";

    public Help {
      links = links == null ? java.util.List.of() : java.util.List.copyOf(links);
    }

    /** One help link. */
    public record Link(String description, String url) {}
  }
}
