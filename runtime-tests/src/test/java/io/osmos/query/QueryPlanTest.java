package io.osmos.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.memory.fixtures.Account;
import io.osmos.memory.fixtures.Account_;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryPlanTest {

  @Test
  void plansOfEqPrefixAndRangeKeepTheirFormerShape() {
    Query<Account> q = Account_.email.eq("a@x.org").and(Account_.visits.gt(3));
    assertTrue(q.isIndexServed());
    assertEquals(2, q.conditions().size());
    assertNull(q.orderBy());
    assertEquals(Account_.email, q.drivingProperty());
    // Cursors issued for such queries before stay valid: the canonical form is unchanged.
    assertEquals(
        "eq(email,\"a@x.org\")range(visits,\"3\",excl,null,excl)order()limit(0)", q.canonical());
    assertEquals(
        "eq(email,\"a@x.org\")order(visits)limit(5)",
        Account_.email.eq("a@x.org").orderBy(Account_.visits).limit(5).canonical());
    assertEquals("[email = a@x.org, 3 < visits]", q.toString());
  }

  @Test
  void aConditionOnAFieldWithoutIndexIsNotIndexServedAndNamesTheFix() {
    Query<Account> q = Account_.email.eq("a@x.org").and(Account_.note.eq("n"));
    assertFalse(q.isIndexServed());
    assertEquals(
        "the condition on Account.note needs an index: add @Index to note",
        q.notIndexServedReason("Account").orElseThrow());
    // Still the former shape: drivers that read conditions() see both and decline themselves.
    assertEquals(2, q.conditions().size());
  }

  @Test
  void treesAndNewConditionsAreDeclinedByTheFormerAccessors() {
    Query<Account> or = Account_.email.eq("a").or(Account_.visits.eq(2));
    assertFalse(or.isIndexServed());
    assertTrue(
        or.notIndexServedReason("Account")
            .orElseThrow()
            .startsWith("OR of conditions on Account.email, Account.visits"));
    assertThrows(UnsupportedQueryException.class, or::conditions);

    for (Query<Account> q :
        List.of(
            Account_.email.like("a%"),
            Account_.email.isNull(),
            Account_.email.in(List.of("a")),
            Account_.email.eqIgnoreCase("A"),
            Account_.email.isNotNull())) {
      assertFalse(q.isIndexServed(), q.toString());
      assertThrows(UnsupportedQueryException.class, q::conditions, q.toString());
    }
  }

  @Test
  void sortKeys() {
    Query<Account> byVisitsThenKey =
        Query.<Account>all().orderBy(Account_.visits.asc(), Account_.id.asc());
    assertTrue(byVisitsThenKey.isIndexServed());
    assertEquals(Account_.visits, byVisitsThenKey.orderBy());

    Query<Account> desc = Query.<Account>all().orderBy(Account_.visits.desc());
    assertEquals(
        "sorting by Account.visits descending is not served by an index (indexes are"
            + " read in ascending order); sort ascending",
        desc.notIndexServedReason("Account").orElseThrow());
    assertThrows(UnsupportedQueryException.class, desc::orderBy);

    Query<Account> two =
        Query.<Account>all().orderBy(Account_.visits.asc()).thenBy(Account_.email.asc());
    assertFalse(two.isIndexServed());
    assertNotEquals(two.canonical(), Query.<Account>all().orderBy(Account_.visits).canonical());
    assertNotEquals(desc.canonical(), Query.<Account>all().orderBy(Account_.visits).canonical());

    assertEquals(
        "sorting by Account.score needs an index: add @Index to score",
        Query.<Account>all().orderBy(Account_.score).notIndexServedReason("Account").orElseThrow());
  }

  @Test
  void skipIsPartOfThePlan() {
    Query<Account> q = Account_.email.eq("a");
    assertEquals(0, q.offset());
    assertEquals(20, q.skip(20).offset());
    assertTrue(q.skip(20).isIndexServed());
    assertNotEquals(q.canonical(), q.skip(20).canonical());
    assertThrows(IllegalArgumentException.class, () -> q.skip(-1));
  }

  @Test
  void positionalParametersAreBoundPerCall() {
    Query<Account> plan =
        Query.where(
            Condition.eq(Account_.email, Query.param(1)),
            Condition.between(Account_.visits, Query.param(2), Query.param(3)));
    assertFalse(plan.isBound());
    assertEquals(List.of(Query.param(1), Query.param(2), Query.param(3)), plan.params());
    assertTrue(plan.isIndexServed(), "parameters do not change what serves a plan");
    assertTrue(plan.canonical().contains("eq(email,?1)"), plan.canonical());

    Query<Account> a = plan.bind("a@x.org", 1, 5);
    Query<Account> b = plan.bind("b@x.org", 2, 6);
    assertTrue(a.isBound());
    assertEquals("[email = a@x.org, 1 <= visits <= 5]", a.toString());
    assertEquals("[email = b@x.org, 2 <= visits <= 6]", b.toString());
    assertFalse(plan.isBound(), "the plan itself is unchanged");

    IllegalArgumentException few =
        assertThrows(IllegalArgumentException.class, () -> plan.bind("a", 1));
    assertEquals("the query has 3 positional parameters but 2 values were given", few.getMessage());
    IllegalArgumentException nul =
        assertThrows(IllegalArgumentException.class, () -> plan.bind(null, 1, 2));
    assertTrue(nul.getMessage().startsWith("parameter ?1 of email = ?1 is null"), nul.getMessage());
    assertThrows(IllegalArgumentException.class, () -> plan.bind(Map.of("x", 1)));
  }

  @Test
  void namedParameters() {
    Query<Account> plan =
        Query.where(
            Condition.in(Account_.visits, Query.param("v"), 9),
            Condition.startsWith(Account_.email, Query.param("start")));
    assertTrue(plan.isIndexServed() == false, "IN is not index-served");
    Query<Account> bound = plan.bind(Map.of("v", List.of(1, 2), "start", "a"));
    Condition.In<?, ?> in = (Condition.In<?, ?>) bound.filters().get(0);
    assertEquals(List.of(1, 2, 9), in.values());
    assertEquals(
        new Condition.Prefix<>(Account_.email, "a"),
        bound.filters().get(1),
        "a starts-with parameter becomes a prefix");

    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> plan.bind(Map.of("v", 1)));
    assertEquals(
        "no value for the parameter :start; the query's parameters are [:v, :start]",
        missing.getMessage());
    IllegalArgumentException extra =
        assertThrows(
            IllegalArgumentException.class,
            () -> plan.bind(Map.of("v", 1, "start", "a", "other", 2)));
    assertTrue(extra.getMessage().startsWith("'other' is not a parameter"), extra.getMessage());
    assertThrows(IllegalArgumentException.class, () -> plan.bind(1, "a"));
  }

  @Test
  void aBoundPlanWithoutParametersIsItself() {
    Query<Account> q = Account_.email.eq("a");
    assertSame(q, q.bind());
  }

  @Test
  void parametersHaveANameOrAPosition() {
    assertThrows(IllegalArgumentException.class, () -> new Param(null, 0));
    assertThrows(IllegalArgumentException.class, () -> new Param("a", 1));
    assertThrows(IllegalArgumentException.class, () -> new Param("", 0));
    assertEquals("?2", Query.param(2).toString());
    assertEquals(":name", Query.param("name").toString());
  }

  @Test
  void likeModesQuoteTheirText() {
    assertEquals(
        "%50\\%\\_off%",
        ((Condition.Like<?>) Condition.contains(Account_.note, "50%_off")).pattern());
    assertEquals(
        "%x\\\\", ((Condition.Like<?>) Condition.endsWith(Account_.note, "x\\")).pattern());
    assertEquals(
        new Condition.Prefix<>(Account_.note, "a%"), Condition.startsWith(Account_.note, "a%"));
    Condition.Like<?> raw = (Condition.Like<?>) Condition.like(Account_.note, "a%");
    assertEquals("a%", raw.pattern());
    assertNull(raw.escape());
  }

  @Test
  void orCombinesTheFiltersOfBothQueries() {
    Query<Account> q =
        Account_.email.eq("a").and(Account_.visits.eq(1)).or(Account_.email.eq("b")).limit(3);
    assertEquals(1, q.filters().size());
    assertEquals("or[and[email = a, visits = 1], email = b]", q.filters().get(0).toString());
    assertEquals(3, q.limit());
  }
}
