package io.geminiauth.gateway.usage;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the token counts of {@code usageMetadata} out of a Gemini answer as its bytes pass by,
 * without parsing or holding the body: a JSON answer or a stream of events, whose every event
 * carries the counts so far (the last one seen is the total, also when a stream is cut short). A
 * field split across two chunks is found too: the end of each chunk is kept and looked at again
 * with the next one (reading a count twice is harmless: the last value wins).
 */
public final class UsageScanner {
  private static final byte[] SUFFIX = "TokenCount\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] NAMES = {
    "\"prompt".getBytes(StandardCharsets.US_ASCII),
    "\"candidates".getBytes(StandardCharsets.US_ASCII),
    "\"total".getBytes(StandardCharsets.US_ASCII)
  };

  /** Enough to hold the longest field name and a count: what may straddle two chunks. */
  private static final int CARRY = 64;

  private final long[] last = new long[NAMES.length];
  private byte[] carry = new byte[0];

  /** Feeds the next part of the answer. */
  public void feed(Buffer chunk) {
    byte[] bytes = chunk.getBytes();
    byte[] text = bytes;
    if (carry.length > 0) {
      text = new byte[carry.length + bytes.length];
      System.arraycopy(carry, 0, text, 0, carry.length);
      System.arraycopy(bytes, 0, text, carry.length, bytes.length);
    }
    scan(text);
    int keep = Math.min(CARRY, text.length);
    carry = new byte[keep];
    System.arraycopy(text, text.length - keep, carry, 0, keep);
  }

  private void scan(byte[] text) {
    for (int at = indexOf(text, 0); at >= 0; at = indexOf(text, at + SUFFIX.length)) {
      int field = fieldEndingAt(text, at);
      if (field >= 0) {
        long value = numberAfter(text, at + SUFFIX.length);
        if (value >= 0) {
          last[field] = value;
        }
      }
    }
  }

  /** The next {@code TokenCount"} from {@code from}, or -1. */
  private static int indexOf(byte[] text, int from) {
    outer:
    for (int i = from; i <= text.length - SUFFIX.length; i++) {
      if (text[i] != 'T') {
        continue;
      }
      for (int j = 1; j < SUFFIX.length; j++) {
        if (text[i + j] != SUFFIX[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Which field's name ends just before {@code at} ({@code "prompt}, …), or -1. */
  private static int fieldEndingAt(byte[] text, int at) {
    for (int f = 0; f < NAMES.length; f++) {
      byte[] name = NAMES[f];
      int start = at - name.length;
      if (start < 0) {
        continue;
      }
      boolean match = true;
      for (int j = 0; j < name.length && match; j++) {
        match = text[start + j] == name[j];
      }
      if (match) {
        return f;
      }
    }
    return -1;
  }

  /** The number after {@code : } at {@code from}; -1 if it is not (yet) all there. */
  private static long numberAfter(byte[] text, int from) {
    int i = from;
    while (i < text.length && isSpace(text[i])) {
      i++;
    }
    if (i >= text.length || text[i] != ':') {
      return -1;
    }
    i++;
    while (i < text.length && isSpace(text[i])) {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < text.length && text[i] >= '0' && text[i] <= '9') {
      value = Math.min(Long.MAX_VALUE / 10, value) * 10 + (text[i] - '0');
      digits++;
      i++;
    }
    // A number that runs to the end of the chunk may go on in the next one.
    return digits == 0 || i >= text.length ? -1 : value;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  /** The prompt's tokens, as last reported. */
  public long promptTokens() {
    return last[0];
  }

  /** The answer's tokens, as last reported. */
  public long candidatesTokens() {
    return last[1];
  }

  /** All tokens, as last reported (Google's total includes thinking tokens). */
  public long totalTokens() {
    return last[2];
  }
}
