package io.geminiauth.gateway.tenancy;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project resources a call names, as {@code kind/id} ({@code files/abc}, {@code
 * cachedContents/c1}, {@code batches/b9}, {@code batchPredictionJobs/7}): in its path, or in the
 * fields of its body that refer to one (a prompt's {@code fileData.fileUri}, its {@code
 * cachedContent}). Only those fields count: a prompt whose text mentions "files/x" names nothing.
 */
public final class ResourceNames {
  private static final String KINDS = "(?:files|cachedContents|batches|batchPredictionJobs)";
  private static final Pattern IN_PATH = Pattern.compile("/(" + KINDS + "/[A-Za-z0-9_-]+)");
  private static final Pattern IN_NAME = Pattern.compile("(?:^|/)(" + KINDS + "/[A-Za-z0-9_-]+)");
  private static final byte[][] FIELDS = {
    ascii("\"fileUri\""),
    ascii("\"file_uri\""),
    ascii("\"cachedContent\""),
    ascii("\"cached_content\"")
  };

  private ResourceNames() {}

  /** Every resource the call names, path first; empty when it names none. */
  public static List<String> named(String path, Buffer body) {
    List<String> names = List.of();
    // The cheap test first: most calls name a model, not a resource.
    if (path.indexOf("files/") >= 0
        || path.indexOf("cachedContents/") >= 0
        || path.indexOf("batches/") >= 0
        || path.indexOf("batchPredictionJobs/") >= 0) {
      Matcher inPath = IN_PATH.matcher(path);
      if (inPath.find()) {
        names = add(names, inPath.group(1));
      }
    }
    if (body == null || body.length() == 0) {
      return names;
    }
    // One pass from quote to quote (Netty's search); nothing is copied unless a field is found.
    // Every request with a body comes here.
    ByteBuf bytes = body.getByteBuf();
    int base = bytes.readerIndex();
    int end = body.length();
    for (int found = bytes.indexOf(base, base + end, (byte) '"');
        found >= 0;
        found = bytes.indexOf(found + 1, base + end, (byte) '"')) {
      int quote = found - base;
      byte next = quote + 1 < end ? body.getByte(quote + 1) : 0;
      if (next == 'f' || next == 'c') {
        names = withField(body, quote, names);
      }
    }
    return names;
  }

  /** {@code names}, and the resource of the field that starts at {@code at}, if it is one. */
  private static List<String> withField(Buffer body, int at, List<String> names) {
    for (byte[] field : FIELDS) {
      if (matches(body, at, field)) {
        String value = stringAfter(body, at + field.length);
        // A field name inside a JSON string is escaped (\"fileUri\"): not a field.
        String name = value == null || (at > 0 && body.getByte(at - 1) == '\\') ? null : of(value);
        return name == null || names.contains(name) ? names : add(names, name);
      }
    }
    return names;
  }

  /**
   * The {@code kind/id} of a resource name or URL ({@code projects/p/locations/l/cachedContents/1},
   * {@code https://generativelanguage.googleapis.com/v1beta/files/abc}); null if it names none.
   */
  public static String of(String name) {
    if (name == null) {
      return null;
    }
    Matcher m = IN_NAME.matcher(name);
    String found = null;
    while (m.find()) {
      found = m.group(1);
    }
    return found;
  }

  /** The JSON string value after a field name at {@code at} ({@code : "value"}), or null. */
  private static String stringAfter(Buffer bytes, int at) {
    int i = skipSpaces(bytes, at);
    if (i >= bytes.length() || bytes.getByte(i) != ':') {
      return null;
    }
    i = skipSpaces(bytes, i + 1);
    if (i >= bytes.length() || bytes.getByte(i) != '"') {
      return null;
    }
    int start = i + 1;
    int end = start;
    // A resource name or URL needs no escapes; a value with one is not one of ours.
    while (end < bytes.length() && end - start < 2048) {
      byte b = bytes.getByte(end);
      if (b == '"') {
        return bytes.getString(start, end, "UTF-8");
      }
      if (b == '\\') {
        return null;
      }
      end++;
    }
    return null;
  }

  /** Whether {@code field} stands in {@code body} at {@code at}. */
  private static boolean matches(Buffer body, int at, byte[] field) {
    if (at + field.length > body.length()) {
      return false;
    }
    for (int k = 0; k < field.length; k++) {
      if (body.getByte(at + k) != field[k]) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaces(Buffer bytes, int i) {
    while (i < bytes.length()) {
      byte b = bytes.getByte(i);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return i;
      }
      i++;
    }
    return i;
  }

  private static List<String> add(List<String> names, String name) {
    List<String> more = new ArrayList<>(names);
    more.add(name);
    return more;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
