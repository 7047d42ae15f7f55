package io.osmos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.exceptions.InvalidCursorException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CursorCodecTest {
  private static final String SCOPE = "find|users|age>=18";
  private final CursorCodec codec = new CursorCodec("secret".getBytes(StandardCharsets.UTF_8));
  private final Random random = new Random(99);

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static String url(byte[] raw) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  @Test
  void roundTrips() {
    for (int n = 0; n < 64; n++) {
      byte[] continuation = randomBytes(n);
      for (int returned : new int[] {0, 1, 50, Integer.MAX_VALUE}) {
        String cursor = codec.encode(SCOPE, returned, continuation);
        CursorCodec.Decoded d = codec.decode(SCOPE, cursor);
        assertEquals(returned, d.returned());
        assertArrayEquals(continuation, d.continuation());
      }
    }
  }

  @Test
  void cursorsAreUrlSafeText() {
    for (int n = 0; n < 64; n++) {
      String cursor = codec.encode(SCOPE, n, randomBytes(n));
      assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
    }
  }

  @Test
  void aFlippedBitAnywhereInTheTextIsRejected() {
    for (int n = 0; n < 8; n++) { // every length mod 3, so every amount of base64 padding bits
      String cursor = codec.encode(SCOPE, 3, randomBytes(n));
      for (int i = 0; i < cursor.length(); i++) {
        for (int bit = 0; bit < 8; bit++) {
          char[] c = cursor.toCharArray();
          c[i] ^= (char) (1 << bit);
          String tampered = new String(c);
          assertThrows(
              InvalidCursorException.class,
              () -> codec.decode(SCOPE, tampered),
              () -> "accepted " + tampered + " for " + cursor);
        }
      }
    }
  }

  @Test
  void aFlippedBitAnywhereInTheBytesIsRejected() {
    byte[] raw = Base64.getUrlDecoder().decode(codec.encode(SCOPE, 7, randomBytes(20)));
    for (int i = 0; i < raw.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] b = raw.clone();
        b[i] ^= (byte) (1 << bit);
        String tampered = url(b);
        assertThrows(InvalidCursorException.class, () -> codec.decode(SCOPE, tampered));
      }
    }
  }

  @Test
  void aCursorForAnotherScopeIsRejected() {
    String cursor = codec.encode(SCOPE, 10, randomBytes(12));
    for (String other :
        List.of(
            "find|users|age>=19",
            "find|people|age>=18",
            "",
            SCOPE + " ",
            SCOPE + "\0",
            SCOPE.substring(1))) {
      InvalidCursorException e =
          assertThrows(InvalidCursorException.class, () -> codec.decode(other, cursor));
      assertTrue(e.getMessage().contains("another query"), e.getMessage());
    }
  }

  /**
   * The MAC input must not let scope bytes and cursor bytes trade places: from a cursor of scope
   * {@code s} whose continuation starts with 0x00 0x01, one could otherwise build a cursor that
   * passes for scope {@code s + "\0\1" + <count bytes>}.
   */
  @Test
  void aScopeCannotBorrowBytesFromTheCursor() {
    byte[] continuation = {0x00, 0x01, 0, 0, 0, 0, 42};
    String cursor = codec.encode("s", 5, continuation);
    byte[] raw = Base64.getUrlDecoder().decode(cursor);
    // Whatever the layout, reusing a cursor's last 16 bytes under a longer scope must fail.
    byte[] mac = Arrays.copyOfRange(raw, raw.length - 16, raw.length);
    byte[] forged =
        ByteBuffer.allocate(1 + 4 + 1 + 16).put((byte) 1).putInt(0).put((byte) 42).put(mac).array();
    String longerScope = "s\0\u0001\0\0\0\u0005";
    assertThrows(InvalidCursorException.class, () -> codec.decode(longerScope, url(forged)));
  }

  @Test
  void aCursorFromAnotherSecretIsRejected() {
    String cursor = new CursorCodec(new byte[] {1, 2, 3}).encode(SCOPE, 1, new byte[] {9});
    assertThrows(InvalidCursorException.class, () -> codec.decode(SCOPE, cursor));
  }

  @Test
  void garbageIsRejected() {
    String valid = codec.encode(SCOPE, 1, randomBytes(5));
    List<String> garbage =
        List.of(
            "",
            " ",
            "null",
            "abc",
            "!!!!",
            "a b",
            "=",
            "====",
            valid + "=",
            valid + "==",
            valid.substring(0, valid.length() - 1),
            valid + "A",
            " " + valid,
            valid + "\n",
            valid.replace('-', '+').replace('_', '/'),
            url(randomBytes(40)),
            url(new byte[21]),
            "x".repeat(10_000),
            "😀");
    for (String g : garbage) {
      if (g.equals(valid)) {
        continue; // the '+'/'/' variant of a cursor without '-' or '_'
      }
      assertThrows(
          InvalidCursorException.class, () -> codec.decode(SCOPE, g), () -> "accepted " + g);
    }
  }
}
