package io.osmos.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.fixtures.Reading;
import io.osmos.memory.fixtures.Reading_;
import io.osmos.memory.fixtures.Visit;
import io.osmos.memory.fixtures.Visit_;
import io.osmos.query.Query;
import org.junit.jupiter.api.Test;

/** Index choice and entry ranges; {@code Visit} has key (region, user, seq) and index user. */
class IndexRangeTest {

  private static IndexRange plan(Query<Visit> where) {
    return IndexRange.plan(Visit_.MODEL, where);
  }

  @Test
  void equalityOnALeftmostPrefixIsAPrefixOfTheEntries() {
    assertEquals(
        new IndexRange(0, KeyRange.startingWith(TupleKey.encode("r1", "u1"))),
        plan(Visit_.region.eq("r1").and(Visit_.user.eq("u1"))),
        "the primary index first");
    assertEquals(
        new IndexRange(1, KeyRange.startingWith(TupleKey.encode("u1"))),
        plan(Visit_.user.eq("u1")),
        "then the first index that can");
    assertEquals(new IndexRange(0, KeyRange.ALL), plan(Query.all()), "no condition: everything");
  }

  @Test
  void oneMoreConditionOnTheNextFieldIsARange() {
    byte[] region = TupleKey.encode("r1");
    assertEquals(
        new IndexRange(
            0,
            KeyRange.startingWith(region)
                .intersect(KeyRange.of(Visit_.user.gte("m").conditions().get(0), region))),
        plan(Visit_.region.eq("r1").and(Visit_.user.gte("m"))));
  }

  @Test
  void anOrderPicksAnIndexThatStartsWithIt() {
    assertEquals(
        1, plan(Visit_.user.eq("u1").and(Visit_.region.eq("r1")).orderBy(Visit_.user)).index());
    assertEquals(0, plan(Visit_.region.eq("r1").orderBy(Visit_.region)).index());
  }

  @Test
  void anIndexedKeyFieldMetAgainEndsThePrefix() {
    // The index's entries are (user, region, user, seq): seq is the fourth element, not the third.
    UnsupportedQueryException e =
        assertThrows(
            UnsupportedQueryException.class,
            () ->
                plan(
                    Visit_.user
                        .eq("u1")
                        .and(Visit_.region.eq("r1"))
                        .and(Visit_.seq.lt(2L))
                        .orderBy(Visit_.user)));
    assertTrue(
        e.getMessage()
            .contains("with its indexes [(region, user, seq), (user, region," + " user, seq)]"),
        e.getMessage());
  }

  @Test
  void otherQueriesAreRejectedNamingTheIndexes() {
    UnsupportedQueryException e =
        assertThrows(
            UnsupportedQueryException.class,
            () ->
                IndexRange.plan(
                    Reading_.MODEL, Reading_.site.gt("a").and(Reading_.sensor.eq("s"))));
    assertEquals(
        "cannot evaluate "
            + Reading_.site.gt("a").and(Reading_.sensor.eq("s"))
            + " on stream Reading with its indexes [(sensor), (site, sensor)]: a lookup query must"
            + " constrain a leftmost prefix of the key or of one index, with eq on the leading fields"
            + " and at most one eq, prefix, gt, gte, lt or lte on the field after them (composite"
            + " keys are indexed starting with the leftmost field)",
        e.getMessage());
    UnsupportedQueryException ordered =
        assertThrows(
            UnsupportedQueryException.class,
            () -> IndexRange.plan(Reading_.MODEL, Query.<Reading>all().orderBy(Reading_.value)));
    assertTrue(
        ordered.getMessage().contains(" ordered by value on stream Reading"), ordered.getMessage());
  }
}
