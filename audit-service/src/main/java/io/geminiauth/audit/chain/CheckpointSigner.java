package io.geminiauth.audit.chain;

import io.geminiauth.audit.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs checkpoints with the service's Ed25519 key (from a PKCS#8 PEM file, or made at start-up)
 * and verifies signatures with any stored public key.
 */
@ApplicationScoped
public class CheckpointSigner {
  public static final String ALGORITHM = "Ed25519";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  public CheckpointSigner(AuditConfig config) {
    KeyPair pair =
        config
            .checkpoint()
            .signingKeyFile()
            .map(CheckpointSigner::load)
            .orElseGet(CheckpointSigner::generate);
    this.privateKey = pair.getPrivate();
    this.publicKey = pair.getPublic();
    this.keyId = keyId(publicKey);
  }

  public String keyId() {
    return keyId;
  }

  /** The public key, X.509 (SubjectPublicKeyInfo) DER in base64, as stored and exported. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  public String sign(String payload) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(privateKey);
      signature.update(payload.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign a checkpoint", e);
    }
  }

  /** Whether {@code signature} is a valid signature of {@code payload} by the given public key. */
  public static boolean verify(String publicKeyBase64, String payload, String signatureBase64) {
    try {
      PublicKey key =
          KeyFactory.getInstance(ALGORITHM)
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(payload.getBytes(StandardCharsets.UTF_8));
      return signature.verify(Base64.getDecoder().decode(signatureBase64));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "ed25519-" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  private static KeyPair load(String file) {
    try {
      String pem = Files.readString(Path.of(file));
      byte[] der =
          Base64.getMimeDecoder()
              .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
      // An Ed25519 PKCS#8 key does not always carry its public half: derive it by signing-free
      // means is not offered by the JDK, so the file must be paired with its public key.
      Path publicFile = Path.of(file + ".pub");
      byte[] pub =
          Base64.getMimeDecoder()
              .decode(
                  Files.readString(publicFile)
                      .replaceAll("-----[A-Z ]+-----", "")
                      .replaceAll("\\s", ""));
      return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(pub)), privateKey);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "audit.checkpoint.signing-key-file: cannot read an Ed25519 PKCS#8 key from "
              + file
              + " and its public key from "
              + file
              + ".pub",
          e);
    }
  }
}
