package io.osmos;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a driver's raw continuation into an opaque cursor string and back. The string is
 * URL-safe base64 of {@code version(1) | returned(4) | payload | mac(16)}, where the MAC
 * (HMAC-SHA256, truncated) covers the scope (bucket and query) too: a cursor that was edited, or
 * that comes from another query or bucket, is rejected.
 */
final class CursorCodec {
  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 16;
  private final SecretKeySpec key;

  CursorCodec(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** A decoded cursor: how many results earlier pages returned, and the driver's continuation. */
  record Decoded(int returned, byte[] continuation) {}

  String encode(String scope, int returned, byte[] continuation) {
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + continuation.length + MAC_BYTES);
    b.put(VERSION).putInt(returned).put(continuation);
    byte[] mac = mac(scope, b.array(), b.position());
    b.put(mac, 0, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
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
    if (raw.length < 1 + 4 + MAC_BYTES || raw[0] != VERSION) {
      throw new InvalidCursorException("malformed cursor: unknown format");
    }
    int body = raw.length - MAC_BYTES;
    byte[] expected = mac(scope, raw, body);
    if (!MessageDigest.isEqual(
        Arrays.copyOf(expected, MAC_BYTES), Arrays.copyOfRange(raw, body, raw.length))) {
      throw new InvalidCursorException(
          "cursor rejected: it was modified, or it belongs to another query, bucket or process"
              + " (processes share cursors only with the same Osmos cursorSecret)");
    }
    int returned = ByteBuffer.wrap(raw, 1, 4).getInt();
    if (returned < 0) {
      throw new InvalidCursorException("malformed cursor: negative count");
    }
    return new Decoded(returned, Arrays.copyOfRange(raw, 5, body));
  }

  private byte[] mac(String scope, byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      // Length-prefixed, so scope bytes and cursor bytes cannot trade places.
      byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
      mac.update(ByteBuffer.allocate(4).putInt(scopeBytes.length).array());
      mac.update(scopeBytes);
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
