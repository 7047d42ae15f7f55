package io.osmos.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.memory.fixtures.Account;
import io.osmos.memory.fixtures.Account_;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryEvaluatorTest {
  private static Account account(String id, String note, int visits, Long points) {
    return new Account(id, id + "@x.org", visits, 0.5, points, note, List.of(), 0);
  }

  @Test
  void likeWildcardsAndEscape() {
    assertTrue(QueryEvaluator.like("abc", "a%c", null, false));
    assertTrue(QueryEvaluator.like("abc", "a_c", null, false));
    assertTrue(QueryEvaluator.like("", "%", null, false));
    assertTrue(QueryEvaluator.like("", "", null, false));
    assertFalse(QueryEvaluator.like("ab", "a_c", null, false));
    assertFalse(QueryEvaluator.like("abc", "ab", null, false), "a pattern matches whole");
    assertTrue(QueryEvaluator.like("a%", "a!%", '!', false));
    assertFalse(QueryEvaluator.like("ab", "a!%", '!', false));
    assertTrue(QueryEvaluator.like("a\\b", "a\\b", null, false), "no escape: backslash literal");
    // One code point, even outside the BMP.
    assertTrue(QueryEvaluator.like("a\uD83D\uDE00c", "a_c", null, false));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> QueryEvaluator.like("a", "a!", '!', false));
    assertTrue(e.getMessage().contains("ends with its escape character '!'"), e.getMessage());
  }

  @Test
  void likeHasNoBacktrackingBlowUp() {
    String text = "a".repeat(5000);
    assertFalse(QueryEvaluator.like(text, "%a%a%a%a%a%a%a%a%b", null, false));
    assertTrue(QueryEvaluator.like(text + "b", "%a%a%a%a%a%a%a%a%b", null, false));
  }

  @Test
  void ignoringCaseLowersBothSides() {
    assertEquals("\u00e4rger", QueryEvaluator.lower("\u00c4RGER"));
    assertTrue(QueryEvaluator.like("\u00c4RGER", "\u00e4r%", null, true));
    assertEquals(0, QueryEvaluator.compare("ANN", "ann", true));
    assertTrue(QueryEvaluator.compare("ANN", "ann", false) < 0);
  }

  @Test
  void valuesCompareInIndexOrder() {
    assertEquals(0, QueryEvaluator.compare(10, 10.0, false));
    assertEquals(0, QueryEvaluator.compare(10L, new BigDecimal("10.00"), false));
    assertTrue(QueryEvaluator.compare(3, 2.5, false) > 0);
    assertTrue(QueryEvaluator.compare(Double.NaN, Double.POSITIVE_INFINITY, false) > 0);
    // By code point: U+1F600 after U+FFFF, though its UTF-16 units come first.
    assertTrue(QueryEvaluator.compare("\uFFFF", "\uD83D\uDE00", false) < 0);
    assertTrue("\uFFFF".compareTo("\uD83D\uDE00") > 0);
    // UUIDs as unsigned numbers.
    assertTrue(QueryEvaluator.compare(new UUID(1, 0), new UUID(-1, 0), false) < 0);
    assertTrue(QueryEvaluator.compare(false, true, false) < 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QueryEvaluator.compare("a", 1, false));
    assertEquals("cannot compare 'a' (String) with '1' (Integer)", e.getMessage());
  }

  @Test
  void threeValuedLogic() {
    Account noNote = account("a", null, 1, null);
    Condition<Account> noteIsX = Condition.eq(Account_.note, "x");
    Condition<Account> visitsIsOne = Condition.eq(Account_.visits, 1);
    Condition<Account> visitsIsTwo = Condition.eq(Account_.visits, 2);
    assertNull(QueryEvaluator.evaluate(noteIsX, noNote));
    assertNull(QueryEvaluator.evaluate(Filter.not(noteIsX), noNote));
    assertEquals(true, QueryEvaluator.evaluate(Filter.or(noteIsX, visitsIsOne), noNote));
    assertNull(QueryEvaluator.evaluate(Filter.or(noteIsX, visitsIsTwo), noNote));
    assertEquals(false, QueryEvaluator.evaluate(Filter.and(noteIsX, visitsIsTwo), noNote));
    assertNull(QueryEvaluator.evaluate(Filter.and(noteIsX, visitsIsOne), noNote));
    assertEquals(true, QueryEvaluator.evaluate(Condition.isNull(Account_.note), noNote));
    assertFalse(QueryEvaluator.matches(Query.where(Filter.not(noteIsX)), noNote));
    assertNull(QueryEvaluator.evaluate(Condition.in(Account_.note), noNote));
    assertEquals(false, QueryEvaluator.evaluate(Condition.in(Account_.visits), noNote));
  }

  @Test
  void rangesAndIn() {
    Account a = account("a", "n", 5, 7L);
    assertEquals(true, QueryEvaluator.evaluate(Condition.between(Account_.visits, 5, 6), a));
    assertEquals(false, QueryEvaluator.evaluate(Condition.gt(Account_.visits, 5), a));
    assertEquals(true, QueryEvaluator.evaluate(Condition.lte(Account_.points, 7.0), a));
    assertEquals(true, QueryEvaluator.evaluate(Condition.in(Account_.visits, 1, 5), a));
    assertThrows(
        IllegalStateException.class,
        () -> QueryEvaluator.evaluate(Condition.eq(Account_.visits, Query.param(1)), a));
  }

  @Test
  void sortKeysThenTheTieBreakAbsentValuesLastAscending() {
    List<Account> all =
        new ArrayList<>(
            List.of(
                account("a", null, 1, 3L),
                account("b", "x", 2, null),
                account("c", "y", 1, 3L),
                account("d", "z", 1, 1L)));
    Comparator<Account> byKey = Comparator.comparing(Account::id);
    all.sort(QueryEvaluator.comparator(Query.<Account>all().orderBy(Account_.points.asc()), byKey));
    assertEquals(List.of("d", "a", "c", "b"), all.stream().map(Account::id).toList());
    all.sort(
        QueryEvaluator.comparator(
            Query.<Account>all().orderBy(Account_.points.desc(), Account_.note.desc()), byKey));
    assertEquals(List.of("b", "a", "c", "d"), all.stream().map(Account::id).toList());
  }
}
