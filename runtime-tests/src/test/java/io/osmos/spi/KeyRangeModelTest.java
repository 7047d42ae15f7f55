package io.osmos.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.memory.fixtures.Token;
import io.osmos.memory.fixtures.Token_;
import io.osmos.memory.fixtures.Visit;
import io.osmos.memory.fixtures.Visit_;
import io.osmos.query.Condition;
import io.osmos.query.Query;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Key ranges of conditions on a model's fields: {@code Visit} has key (region, user, seq), {@code
 * Token} a UUID key.
 */
class KeyRangeModelTest {
  private static final List<String> USERS = List.of("a", "b", "ba", "bb", "c");

  /** The users whose key (user, seq) is in the range {@code where} selects after no prefix. */
  private static List<String> selected(Query<Visit> where) {
    KeyRange r = KeyRange.ALL;
    for (Condition<Visit> c : where.conditions()) {
      r = r.intersect(KeyRange.of(c, new byte[0]));
    }
    KeyRange range = r;
    return USERS.stream().filter(u -> range.contains(TupleKey.encode(u, 7L))).toList();
  }

  @Test
  void conditionsOnTheLeadingElementAreRangesOfWholeTuples() {
    assertEquals(List.of("b"), selected(Visit_.user.eq("b")));
    assertEquals(List.of("b", "ba", "bb"), selected(Visit_.user.prefix("b")));
    assertEquals(List.of("ba", "bb", "c"), selected(Visit_.user.gt("b")));
    assertEquals(List.of("b", "ba", "bb", "c"), selected(Visit_.user.gte("b")));
    assertEquals(List.of("a"), selected(Visit_.user.lt("b")));
    assertEquals(
        List.of("a", "b"),
        selected(Visit_.user.lte("b")),
        "an inclusive upper bound takes the tuples that start with it, not longer strings");
    assertEquals(List.of("b", "ba"), selected(Visit_.user.between("b", "ba")));
  }

  @Test
  void aConditionAfterAPrefixStaysWithinIt() {
    byte[] region = TupleKey.encode("r1");
    KeyRange r = KeyRange.of(Visit_.user.gt("b").conditions().get(0), region);
    assertTrue(r.contains(TupleKey.encode("r1", "c", 1L)));
    assertFalse(r.contains(TupleKey.encode("r1", "b", 1L)));
    assertFalse(r.contains(TupleKey.encode("r2", "a", 1L)), "past the prefix");
    assertFalse(r.contains(TupleKey.encode("r1", null, 1L)), "a range never takes null");
  }

  @Test
  void singleValuesMatchTheirConditionsAndNullMatchesNone() {
    Condition<Visit> gte = Visit_.user.gte("b").conditions().get(0);
    assertTrue(KeyRange.matches(gte, "ba"));
    assertFalse(KeyRange.matches(gte, "a"));
    assertFalse(KeyRange.matches(gte, null));
    assertFalse(KeyRange.matches(Visit_.user.lt("b").conditions().get(0), null));
  }

  @Test
  void betweenTakesBoundsInTheOrderTheRangesUse() {
    // By UTF-16 unit U+1F600 (a surrogate pair) is below U+FFFF; by code point, as stored, above.
    Condition<Visit> c = Visit_.user.between("\uFFFF", "\uD83D\uDE00").conditions().get(0);
    assertTrue(KeyRange.matches(c, "\uFFFFa"));
    assertThrows(
        IllegalArgumentException.class, () -> Visit_.user.between("\uD83D\uDE00", "\uFFFF"));
    // UUIDs as unsigned 128 bits (as stored), where compareTo compares signed halves.
    UUID low = new UUID(1, 0);
    UUID high = new UUID(-1, 0);
    Condition<Token> u = Token_.id.between(low, high).conditions().get(0);
    assertTrue(KeyRange.matches(u, new UUID(Long.MIN_VALUE, 0)));
    assertThrows(IllegalArgumentException.class, () -> Token_.id.between(high, low));
  }
}
