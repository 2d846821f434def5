package io.geminiauth.token.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyFileParserTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static String pem;

  @BeforeAll
  static void generateKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
  }

  static ObjectNode valid() {
    ObjectNode file = JSON.createObjectNode();
    file.put("type", "service_account");
    file.put("project_id", "proj-1");
    file.put("private_key_id", "abcdef0123456789");
    file.put("private_key", pem);
    file.put("client_email", "sa-one@proj-1.iam.gserviceaccount.com");
    file.put("client_id", "1234567890");
    file.put("token_uri", "https://oauth2.googleapis.com/token");
    return file;
  }

  static ServiceAccountKey parse(ObjectNode file) throws KeyFileException {
    return KeyFileParser.parse(
        file.toString().getBytes(StandardCharsets.UTF_8), "/keys/sa.json", Instant.EPOCH);
  }

  @Test
  void parse_googleKeyFile_allFieldsRead() throws Exception {
    ServiceAccountKey key = parse(valid());
    assertThat(key.clientEmail()).isEqualTo("sa-one@proj-1.iam.gserviceaccount.com");
    assertThat(key.keyId()).isEqualTo("abcdef0123456789");
    assertThat(key.tokenUri()).hasToString("https://oauth2.googleapis.com/token");
    assertThat(key.toString()).doesNotContain("PRIVATE KEY").contains("[REDACTED]");
  }

  @Test
  void parse_eachBrokenField_refusedNamingFileAndField() {
    expectRefusal(valid().put("type", "authorized_user"), "type");
    expectRefusal(valid().without("client_email"), "client_email");
    expectRefusal(valid().put("client_email", "not-an-email"), "client_email");
    expectRefusal(
        valid().put("client_email", "sa@other-proj.iam.gserviceaccount.com"), "client_email");
    expectRefusal(valid().put("private_key_id", "zz"), "private_key_id");
    expectRefusal(
        valid().put("private_key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
        "private_key");
    expectRefusal(valid().put("private_key", "MIIEvQ"), "private_key");
    expectRefusal(valid().put("token_uri", "ftp://x"), "token_uri");
    expectRefusal(valid().put("token_uri", 3), "token_uri");
  }

  @Test
  void parse_notJson_refusedWithoutEchoingTheContent() {
    assertThatThrownBy(
            () ->
                KeyFileParser.parse(
                    ("{\"private_key\": \"" + pem.substring(0, 80))
                        .getBytes(StandardCharsets.UTF_8),
                    "/keys/bad.json",
                    Instant.EPOCH))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("/keys/bad.json")
        .hasMessageNotContaining("BEGIN");
  }

  private static void expectRefusal(ObjectNode file, String field) {
    assertThatThrownBy(() -> parse(file))
        .as(field)
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("/keys/sa.json")
        .hasMessageContaining("\"" + field + "\"")
        .hasMessageNotContaining("BEGIN PRIVATE KEY")
        .satisfies(e -> assertThat(((KeyFileException) e).field()).isEqualTo(field));
  }
}
