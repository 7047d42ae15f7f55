package io.osmos.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osmos.exceptions.InvalidCursorException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LookupCursorTest {
  private static final int STREAM = 0x0A0B0C0D;

  private static String rejection(byte[] bytes) {
    return assertThrows(InvalidCursorException.class, () -> LookupCursor.decode(bytes, STREAM, 2))
        .getMessage();
  }

  @Test
  void everyTypeRoundTrips() {
    assertEquals(
        new LookupCursor.Log(3, 9),
        LookupCursor.decode(new LookupCursor.Log(3, 9).encode(STREAM), STREAM, 2));
    LookupCursor.Log open =
        assertInstanceOf(
            LookupCursor.Log.class,
            LookupCursor.decode(new LookupCursor.Log(4, -1).encode(STREAM), STREAM, 2));
    assertEquals(true, open.open());
    assertEquals(
        new LookupCursor.Peek(12),
        LookupCursor.decode(new LookupCursor.Peek(12).encode(STREAM), STREAM, 2));
    LookupCursor.Index index =
        assertInstanceOf(
            LookupCursor.Index.class,
            LookupCursor.decode(
                new LookupCursor.Index(2, new byte[] {5, 6}, null).encode(STREAM), STREAM, 2));
    assertEquals(2, index.index());
    assertArrayEquals(new byte[] {5, 6}, index.from());
    assertNull(index.to());
    LookupCursor.Index bounded =
        assertInstanceOf(
            LookupCursor.Index.class,
            LookupCursor.decode(
                new LookupCursor.Index(0, new byte[0], new byte[] {7}).encode(STREAM), STREAM, 2));
    assertArrayEquals(new byte[] {7}, bounded.to());
  }

  @Test
  void theBytesAreVersionStreamTypeAndBody() {
    assertArrayEquals(
        new byte[] {1, 0x0A, 0x0B, 0x0C, 0x0D, 1, 0, 0, 0, 0, 0, 0, 0, 12},
        new LookupCursor.Peek(12).encode(STREAM));
    assertArrayEquals(
        new byte[] {1, 0x0A, 0x0B, 0x0C, 0x0D, 2, 1, 0, 0, 0, 1, 9, -1, -1, -1, -1},
        new LookupCursor.Index(1, new byte[] {9}, null).encode(STREAM));
  }

  @Test
  void badBytesAreRejectedSayingWhy() {
    byte[] log = new LookupCursor.Log(3, 9).encode(STREAM);
    assertEquals("malformed or corrupted cursor: null", rejection(null));
    assertEquals("malformed or corrupted cursor (truncated)", rejection(new byte[0]));
    assertEquals(
        "malformed or corrupted cursor (truncated)", rejection(Arrays.copyOf(log, log.length - 1)));
    assertEquals(
        "malformed or corrupted cursor (trailing bytes)",
        rejection(Arrays.copyOf(log, log.length + 1)));
    byte[] version = log.clone();
    version[0] = 2;
    assertEquals("malformed or corrupted cursor (unknown version)", rejection(version));
    assertEquals(
        "cursor rejected: it belongs to another stream",
        assertThrows(InvalidCursorException.class, () -> LookupCursor.decode(log, STREAM + 1, 2))
            .getMessage());
    byte[] type = log.clone();
    type[5] = -3;
    assertEquals("malformed or corrupted cursor (unknown type -3)", rejection(type));
    assertEquals(
        "malformed or corrupted cursor (bad log range)",
        rejection(new LookupCursor.Log(9, 3).encode(STREAM)));
    assertEquals(
        "malformed or corrupted cursor (bad peek position)",
        rejection(new LookupCursor.Peek(-1).encode(STREAM)));
    assertEquals(
        "malformed or corrupted cursor (unknown index 3)",
        rejection(new LookupCursor.Index(3, new byte[0], null).encode(STREAM)));
    byte[] length = new LookupCursor.Index(1, new byte[] {9}, null).encode(STREAM);
    length[7] = 1; // fromLength 0x01000001
    assertEquals("malformed or corrupted cursor (bad length)", rejection(length));
  }

  @Test
  void anotherFormatCanShareTheFrameAndBodies() {
    byte[] stream = {'a', 'b', 'c'};
    ByteBuffer b = LookupCursor.frame(stream, 7, 1 + new LookupCursor.Peek(5).bodySize());
    b.put((byte) 42);
    new LookupCursor.Peek(5).writeBody(b);
    byte[] bytes = b.array();
    assertEquals(
        new LookupCursor.Peek(5),
        LookupCursor.decode(
            bytes,
            stream,
            (t, in) -> {
              assertEquals(7, t);
              assertEquals(42, in.get());
              return LookupCursor.Peek.readBody(in);
            }));
    assertEquals(
        "cursor rejected: it belongs to another stream",
        assertThrows(
                InvalidCursorException.class,
                () -> LookupCursor.decode(bytes, new byte[] {'a', 'b', 'd'}, (t, in) -> null))
            .getMessage());
  }
}
