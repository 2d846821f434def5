package io.geminiauth.common.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property-based (QuickTheories): whatever the secret and whatever surrounds it, nothing of it
 * survives redaction, and redacting twice changes nothing more.
 */
class RedactorPropertiesTest {
  private static final String TOKEN_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
  private static final String PROSE_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 .:/-{}[]\"'=&";

  /** A secret as it appears in text, and the part of it that must never be seen again. */
  record Secret(String text, String core) {}

  @Test
  void redact_anyGeneratedSecretInAnyContext_leavesNothingOfIt() {
    qt().withExamples(2000)
        .forAll(secrets(), prose(), separators(), separators())
        .checkAssert(
            (secret, surrounding, left, right) -> {
              String text = surrounding + left + secret.text() + right + surrounding;
              assertThat(Redactor.redact(text)).as(text).doesNotContain(secret.core());
            });
  }

  @Test
  void redact_isIdempotent() {
    qt().withExamples(1000)
        .forAll(prose(), secrets(), prose())
        .checkAssert(
            (before, secret, after) -> {
              String once = Redactor.redact(before + " " + secret.text() + " " + after);
              assertThat(Redactor.redact(once)).isEqualTo(once);
            });
  }

  private static Gen<Secret> secrets() {
    return Generate.oneOf(
        core(20, 180).map(c -> new Secret("ya29." + c, c)),
        core(35, 35).map(c -> new Secret("AIza" + c, c)),
        core(40, 80).map(c -> new Secret("AQ." + c, c)),
        core(28, 28).map(c -> new Secret("GOCSPX-" + c, c)),
        core(20, 100).map(c -> new Secret("1//" + c, c)),
        core(24, 48).map(c -> new Secret(Redactor.CLIENT_KEY_PREFIX + c, c)),
        jwts(),
        pems(),
        named());
  }

  private static Gen<Secret> jwts() {
    return core(10, 60)
        .zip(
            core(20, 300),
            core(40, 342),
            (h, p, s) -> {
              String header = b64("{\"alg\":\"RS256\",\"kid\":\"" + h + "\"}");
              String payload = b64("{\"iss\":\"" + p + "\"}");
              return new Secret(header + "." + payload + "." + s, s);
            });
  }

  private static Gen<Secret> pems() {
    Gen<byte[]> der =
        Generate.byteArrays(
            Generate.range(48, 600), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    return der.zip(
        Generate.pick(List.of("\n", "\\n", "\r\n")),
        Generate.pick(List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")),
        (bytes, nl, kind) -> {
          String body =
              Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(bytes).replace("\n", nl);
          String pem =
              "-----BEGIN " + kind + "-----" + nl + body + nl + "-----END " + kind + "-----";
          // The first 32 base64 characters are enough to identify a key.
          return new Secret(pem, body.substring(0, 32));
        });
  }

  private static Gen<Secret> named() {
    Gen<String> name =
        Generate.pick(
            List.of(
                "assertion",
                "client_secret",
                "refresh_token",
                "access_token",
                "subject_token",
                "private_key",
                "password",
                "id_token"));
    // The value is an opaque string or a whole JWT (e.g. assertion=eyJ…): both must vanish.
    Gen<Secret> value = Generate.oneOf(core(8, 64).map(c -> new Secret(c, c)), jwts());
    return name.zip(
        value,
        Generate.range(0, 3),
        (n, v, form) ->
            switch (form) {
              case 0 -> new Secret(n + "=" + v.text(), v.core());
              case 1 -> new Secret("\"" + n + "\": \"" + v.text() + "\"", v.core());
              case 2 -> new Secret("Authorization: Bearer " + v.text(), v.core());
              default -> new Secret("/v1beta/models?alt=sse&key=" + v.text(), v.core());
            });
  }

  private static Gen<String> prose() {
    return text(PROSE_CHARS, 0, 40);
  }

  private static Gen<String> separators() {
    return Generate.pick(List.of(" ", "\n", ", ", "\"", "(", "; ", "\t"));
  }

  private static Gen<String> core(int min, int max) {
    // A core made only of '-' or '_' cannot identify a secret; real ones never look like that.
    return text(TOKEN_CHARS, min, max)
        .assuming(s -> s.chars().filter(Character::isLetterOrDigit).count() >= 6);
  }

  private static Gen<String> text(String alphabet, int min, int max) {
    List<Character> chars = alphabet.chars().mapToObj(c -> (char) c).toList();
    Gen<Character> one = Generate.pick(chars);
    return Generate.range(min, max)
        .flatMap(
            length ->
                rnd ->
                    java.util.stream.IntStream.range(0, length)
                        .mapToObj(i -> String.valueOf(one.generate(rnd)))
                        .collect(Collectors.joining()));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
  }
}
