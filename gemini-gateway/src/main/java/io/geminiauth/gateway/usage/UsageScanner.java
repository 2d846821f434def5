package io.geminiauth.gateway.usage;

import io.vertx.core.buffer.Buffer;

/**
 * Reads the token counts of {@code usageMetadata} out of a Gemini answer as its bytes pass by,
 * without parsing or holding the body: a JSON answer or a stream of events, whose every event
 * carries the counts so far (the last one seen is the total, also when a stream is cut short).
 * Fields split across two chunks are found too.
 */
public final class UsageScanner {
  private static final byte[][] FIELDS = {
    "\"promptTokenCount\"".getBytes(),
    "\"candidatesTokenCount\"".getBytes(),
    "\"totalTokenCount\"".getBytes()
  };
  private static final int PROMPT = 0;
  private static final int CANDIDATES = 1;
  private static final int TOTAL = 2;

  /** Per field: how many bytes of its name have matched so far. */
  private final int[] matched = new int[FIELDS.length];

  private final long[] last = new long[FIELDS.length];

  /** The field whose value is being read, or -1. */
  private int reading = -1;

  private boolean sawColon;
  private long value;
  private boolean inDigits;

  /** Feeds the next part of the answer. */
  public void feed(Buffer chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      feed(chunk.getByte(i));
    }
  }

  private void feed(byte b) {
    if (reading >= 0) {
      if (readValue(b)) {
        return;
      }
    }
    for (int f = 0; f < FIELDS.length; f++) {
      byte[] name = FIELDS[f];
      if (name[matched[f]] == b) {
        matched[f]++;
        if (matched[f] == name.length) {
          matched[f] = 0;
          reading = f;
          sawColon = false;
          inDigits = false;
          value = 0;
        }
      } else {
        matched[f] = name[0] == b ? 1 : 0;
      }
    }
  }

  /** Reads {@code : 123}; returns whether the byte was part of it. */
  private boolean readValue(byte b) {
    if (!sawColon) {
      if (b == ':') {
        sawColon = true;
        return true;
      }
      if (isSpace(b)) {
        return true;
      }
      reading = -1;
      return false;
    }
    if (b >= '0' && b <= '9') {
      inDigits = true;
      value = Math.min(Long.MAX_VALUE / 10, value) * 10 + (b - '0');
      return true;
    }
    if (!inDigits && isSpace(b)) {
      return true;
    }
    if (inDigits) {
      last[reading] = value;
    }
    reading = -1;
    return false;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  /** The prompt's tokens, as last reported. */
  public long promptTokens() {
    return last[PROMPT];
  }

  /** The answer's tokens, as last reported. */
  public long candidatesTokens() {
    return last[CANDIDATES];
  }

  /** All tokens, as last reported (Google's total includes thinking tokens). */
  public long totalTokens() {
    return last[TOTAL];
  }
}
