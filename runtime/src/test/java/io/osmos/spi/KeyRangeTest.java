package io.osmos.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Key ranges as byte ranges. Ranges of conditions on a model's fields are tested in the
 * runtime-tests module (KeyRangeModelTest), where models are compiled.
 */
class KeyRangeTest {
  @Test
  void intersectAfterAndEmpty() {
    KeyRange b = KeyRange.prefix(TupleKey.encode("b"));
    assertTrue(b.intersect(KeyRange.prefix(TupleKey.encode("c"))).isEmpty());
    assertFalse(b.isEmpty());
    assertFalse(KeyRange.ALL.isEmpty());
    assertEquals(b, b.intersect(KeyRange.ALL), "ALL changes nothing");
    byte[] b1 = TupleKey.encode("b", 1L);
    KeyRange rest = b.after(b1);
    assertFalse(rest.contains(b1));
    assertTrue(rest.contains(TupleKey.encode("b", 2L)));
    assertEquals(b, b.after(null));
    assertEquals(b, b.after(TupleKey.encode("a")), "a key before the range leaves it whole");
    assertNull(KeyRange.ALL.end());
  }

  @Test
  void rangesAreEqualByTheirBytes() {
    assertEquals(KeyRange.prefix(TupleKey.encode("b")), KeyRange.prefix(TupleKey.encode("b")));
    assertEquals(
        KeyRange.prefix(TupleKey.encode("b")).hashCode(),
        KeyRange.prefix(TupleKey.encode("b")).hashCode());
    assertFalse(
        Stream.of(KeyRange.prefix(TupleKey.encode("c")))
            .anyMatch(KeyRange.prefix(TupleKey.encode("b"))::equals));
  }
}
