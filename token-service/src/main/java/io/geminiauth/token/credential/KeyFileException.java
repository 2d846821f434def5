package io.geminiauth.token.credential;

/**
 * A key file that cannot be used, with the file and the field at fault. The message never holds the
 * key's material.
 */
public class KeyFileException extends Exception {
  private final String origin;
  private final String field;

  public KeyFileException(String origin, String field, String problem) {
    super(origin + ": field \"" + field + "\" " + problem);
    this.origin = origin;
    this.field = field;
  }

  public String origin() {
    return origin;
  }

  public String field() {
    return field;
  }
}
