package io.osmos;

import io.osmos.exceptions.InvalidCursorException;
import io.osmos.schema.ModelSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a driver's raw continuation into an opaque cursor string and back. The string is unpadded
 * URL-safe base64 of {@code version(1) | nonce(12) | AES-GCM(returned(4) | payload) | tag(16)},
 * with the scope ({@link #scope}: what the cursor continues, the driver's registry name, the model
 * and its bucket, the query) as associated data. So a cursor reveals nothing of the keys or index
 * values it holds, and one that was edited, or that comes from another query, model, bucket, driver
 * or registry, is rejected.
 */
final class CursorCodec {
  private static final byte VERSION = 3;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MIN_BYTES = 1 + NONCE_BYTES + 4 + TAG_BITS / 8;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  CursorCodec(byte[] secret) {
    this.key = new SecretKeySpec(deriveKey(secret), "AES");
  }

  /**
   * The scope a cursor is sealed to: what it continues ({@code use}: a find, a log read, a
   * warehouse job or result), the registry name of the driver it was made on, the model (its name
   * and bucket) and {@code detail} (the canonical query, the warehouse table). Each part is
   * length-prefixed, so no part can pass for another.
   */
  static String scope(String use, String driverName, ModelSchema<?, ?> model, String detail) {
    StringBuilder b = new StringBuilder();
    for (String part : new String[] {use, driverName, model.modelName(), model.bucket(), detail}) {
      b.append(part.length()).append(':').append(part);
    }
    return b.toString();
  }

  /** A decoded cursor: how many results earlier pages returned, and the driver's continuation. */
  record Decoded(int returned, byte[] continuation) {}

  String encode(String scope, int returned, byte[] continuation) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] plain =
        ByteBuffer.allocate(4 + continuation.length).putInt(returned).put(continuation).array();
    byte[] sealed;
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, scope);
      sealed = c.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is not available", e);
    }
    byte[] raw =
        ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
            .put(VERSION)
            .put(nonce)
            .put(sealed)
            .array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  Decoded decode(String scope, String cursor) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw new InvalidCursorException("malformed cursor: not URL-safe base64");
    }
    // The decoder ignores padding and the unused low bits of the last char; only the exact text
    // encode produces is a cursor, so no edit of it is accepted.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(cursor)) {
      throw new InvalidCursorException(
          "malformed cursor: not in canonical unpadded URL-safe base64 (was it modified?)");
    }
    if (raw.length < MIN_BYTES || raw[0] != VERSION) {
      throw new InvalidCursorException("malformed cursor: unknown format");
    }
    byte[] plain;
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(raw, 1, 1 + NONCE_BYTES), scope);
      plain = c.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new InvalidCursorException(
          "cursor rejected: it was modified, or it belongs to another query, model, driver or"
              + " process (processes share cursors only with the same Osmos cursorSecret)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is not available", e);
    }
    int returned = ByteBuffer.wrap(plain, 0, 4).getInt();
    if (returned < 0) {
      throw new InvalidCursorException("malformed cursor: negative count");
    }
    return new Decoded(returned, Arrays.copyOfRange(plain, 4, plain.length));
  }

  private Cipher cipher(int mode, byte[] nonce, String scope) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    // Length-prefixed, so scope bytes and cursor bytes cannot trade places.
    byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
    c.updateAAD(ByteBuffer.allocate(4).putInt(scopeBytes.length).array());
    c.updateAAD(scopeBytes);
    return c;
  }

  /** An AES-128 key from the registry's secret (HMAC-SHA256 as the key-derivation function). */
  private static byte[] deriveKey(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // HMAC takes keys of any length; an empty secret is refused by the builder already.
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal("osmos cursor key v2".getBytes(StandardCharsets.UTF_8)), 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
