package io.geminiauth.common.rest;

/**
 * A Google-style custom method named in one path segment ({@code key-3:promote}, {@code
 * sa@p.iam.gserviceaccount.com:rotate}): what it acts on and the verb, split at the last colon.
 * Quarkus REST cannot match a literal after a template in one segment, so the admin APIs take the
 * whole segment and split it here.
 *
 * @param target what the method acts on (the whole segment when it has no colon)
 * @param verb the method, empty when the segment has no colon
 */
public record CustomMethod(String target, String verb) {

  public static CustomMethod of(String segment) {
    int colon = segment.lastIndexOf(':');
    return colon < 0
        ? new CustomMethod(segment, "")
        : new CustomMethod(segment.substring(0, colon), segment.substring(colon + 1));
  }
}
