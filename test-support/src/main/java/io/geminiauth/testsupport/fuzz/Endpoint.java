package io.geminiauth.testsupport.fuzz;

import java.util.Map;

/**
 * One endpoint to attack: a valid request to start the mutations from.
 *
 * @param method the HTTP method a valid request uses
 * @param path the path and query of a valid request
 * @param headers the headers a valid request carries (credentials, content type)
 * @param body a valid body, or null for none
 */
public record Endpoint(String method, String path, Map<String, String> headers, String body) {
  public static Endpoint get(String path, Map<String, String> headers) {
    return new Endpoint("GET", path, headers, null);
  }

  public static Endpoint post(String path, Map<String, String> headers, String body) {
    return new Endpoint("POST", path, headers, body);
  }
}
