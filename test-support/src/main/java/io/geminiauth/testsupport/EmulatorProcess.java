package io.geminiauth.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The suite's google-emulator, run as its own process on a free loopback port from the jar the
 * reactor built ({@code ./mvnw verify} builds google-emulator before the services), with helpers
 * for its admin API. Services' tests use it as Google.
 */
public final class EmulatorProcess implements AutoCloseable {
  private final ServiceProcess process;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  private EmulatorProcess(ServiceProcess process) {
    this.process = process;
    this.baseUrl = process.baseUrl();
  }

  /**
   * Starts the emulator with extra {@code -D} settings ({@code emulator.oidc.clients...}) and waits
   * until it is ready; its output goes to {@code target/google-emulator-for-tests.log}.
   */
  public static EmulatorProcess start(List<String> systemProperties) {
    int port = freePort();
    List<String> settings = new ArrayList<>();
    settings.add("emulator.public-url=http://127.0.0.1:" + port);
    settings.addAll(systemProperties);
    return new EmulatorProcess(ServiceProcess.start("google-emulator", port, settings, Map.of()));
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** GET on the emulator; returns the body, or throws on a status other than 200. */
  public String get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), 200);
  }

  /** POST of a JSON body; returns the answer's body, or throws on a status other than 200. */
  public String post(String path, String json) {
    return withBody("POST", path, "application/json", json);
  }

  /** DELETE on the emulator. */
  public String delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE(), 200);
  }

  /** DELETE with a JSON body (the emulator's grant revocation takes one). */
  public String delete(String path, String json) {
    return withBody("DELETE", path, "application/json", json);
  }

  /** A form POST, for token endpoints; returns the body, or throws on a status other than 200. */
  public String postForm(String path, String form) {
    return withBody("POST", path, "application/x-www-form-urlencoded", form);
  }

  private String withBody(String method, String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body)),
        200);
  }

  /** A client-credentials token from the emulator's OIDC issuer. */
  public String oidcToken(String clientId, String secret, String audience) {
    String body =
        postForm(
            "/oidc/token",
            "grant_type=client_credentials&audience="
                + audience
                + "&client_id="
                + clientId
                + "&client_secret="
                + secret);
    return body.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
  }

  /** How many requests a route has served (the emulator's counters), 0 if none. */
  public long counter(String route) {
    String counters = get("/emulator/counters");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(route) + "\":(\\d+)")
            .matcher(counters);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private String send(HttpRequest.Builder request, int expected) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            "emulator answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("emulator unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }

  /** A free loopback port (there is a small race; tests accept it). */
  public static int freePort() {
    return ServiceProcess.freePort();
  }
}
