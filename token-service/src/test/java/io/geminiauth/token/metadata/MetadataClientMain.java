package io.geminiauth.token.metadata;

import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * An unmodified Google client, run as its own process with {@code GCE_METADATA_HOST} pointing at
 * the token-service: Application Default Credentials must find the "GCE metadata server", get and
 * refresh a token, and the GenAI SDK (Vertex AI) must send it. Prints fingerprints, never tokens.
 *
 * <p>Arguments: the Vertex AI base URL (the emulator), the project.
 */
public final class MetadataClientMain {
  public static void main(String[] args) throws Exception {
    GoogleCredentials credentials = GoogleCredentials.getApplicationDefault();
    System.out.println("class=" + credentials.getClass().getSimpleName());
    System.out.println("account=" + ((ComputeEngineCredentials) credentials).getAccount());
    credentials.refresh();
    System.out.println("token1=" + fingerprint(credentials.getAccessToken().getTokenValue()));
    System.out.flush();
    // The parent drops the cached token at the service, then lets us go on.
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    credentials.refresh();
    System.out.println("token2=" + fingerprint(credentials.getAccessToken().getTokenValue()));
    Client client =
        Client.builder()
            .vertexAI(true)
            .project(args[1])
            .location("us-central1")
            .credentials(credentials)
            .httpOptions(HttpOptions.builder().baseUrl(args[0]).build())
            .build();
    GenerateContentResponse response =
        client.models.generateContent("gemini-2.5-flash", "Say hello", null);
    System.out.println("vertex=" + (response.text() != null && !response.text().isBlank()));
    System.out.flush();
  }

  static String fingerprint(String token) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 16);
  }
}
