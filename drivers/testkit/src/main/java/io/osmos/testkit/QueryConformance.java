package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.Page;
import io.osmos.PageRequest;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Condition;
import io.osmos.query.Filter;
import io.osmos.query.Query;
import io.osmos.query.Sort;
import io.osmos.testkit.model.Book;
import io.osmos.testkit.model.BookRepository;
import io.osmos.testkit.model.Book_;
import io.osmos.testkit.model.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of query plans beyond the index-served ones: {@code IN}, {@code LIKE},
 * {@code IS NULL}, booleans, {@code NOT}, {@code OR}, ignoring case, several and descending sort
 * keys, offsets, parameters, count, exists and delete by query. Every document store runs it
 * through {@link DocumentStoreConformance}. A driver whose store evaluates queries on the server
 * ({@link #evaluatesQueriesOnServer()}) must return exactly the models Jakarta Data's semantics
 * select, in order; any other must decline each plan with {@link UnsupportedQueryException} naming
 * the attribute, and still serve the index-served plans (with offsets, count, exists and delete by
 * query).
 *
 * <p>Each test writes six books on its own shelf (an indexed field), so every query constrains the
 * shelf and sees only the test's books.
 */
public abstract class QueryConformance {
  private final List<String> written = new ArrayList<>();
  private BookRepository books;

  /** The registry the suite's repositories are bound in. */
  protected abstract Osmos osmos();

  /** The scope of the current test, unique to it. */
  protected abstract String scope();

  /**
   * Whether the driver evaluates every query plan on the server (its collections' {@code
   * evaluatesOnServer()}): then the suite checks results, else declines.
   */
  protected boolean evaluatesQueriesOnServer() {
    return false;
  }

  /**
   * Whether the server also evaluates comparisons and sorts ignoring case as the plan defines them
   * (Unicode lower case); a driver whose server folds case differently declines them, naming the
   * attribute.
   */
  protected boolean foldsCaseOnServer() {
    return evaluatesQueriesOnServer();
  }

  private BookRepository books() {
    if (books == null) {
      books = new BookRepository(osmos());
    }
    return books;
  }

  @AfterEach
  final void deleteBooks() {
    try {
      if (!written.isEmpty()) {
        books().deleteAll(written);
      }
    } finally {
      written.clear();
    }
  }

  /**
   * The shelf: b1 Alpha/Ann/1990/10.0/true/LOW, b2 alpha beta/bob/2000/null/false/HIGH, b3
   * Beta_1/Çelik/2005/25.5/true/null, b4 Gamma%/null/2010/7.25/false/LOW, b5 ÄRGER/ann/1990/12.0
   * /true/HIGH, b6 delta/Bob/2020/99.0/true/null.
   */
  private void shelf() {
    put("b1", "Alpha", "Ann", 1990, 10.0, true, Level.LOW);
    put("b2", "alpha beta", "bob", 2000, null, false, Level.HIGH);
    put("b3", "Beta_1", "\u00c7elik", 2005, 25.5, true, null);
    put("b4", "Gamma%", null, 2010, 7.25, false, Level.LOW);
    put("b5", "\u00c4RGER", "ann", 1990, 12.0, true, Level.HIGH);
    put("b6", "delta", "Bob", 2020, 99.0, true, null);
  }

  private void put(
      String id,
      String title,
      String author,
      int year,
      Double price,
      boolean available,
      Level level) {
    String key = scope() + "-" + id;
    written.add(key);
    books().insert(new Book(key, scope(), title, author, year, price, available, level));
  }

  private Condition<Book> onShelf() {
    return Condition.eq(Book_.shelf, scope());
  }

  @SafeVarargs
  private Query<Book> where(Filter<Book>... filters) {
    Query<Book> q = Query.where(onShelf());
    for (Filter<Book> f : filters) {
      q = q.and(f);
    }
    return q;
  }

  /** The short ids ("b1") of a result. */
  private List<String> ids(List<Book> result) {
    List<String> out = new ArrayList<>();
    for (Book b : result) {
      out.add(b.id().substring(scope().length() + 1));
    }
    return out;
  }

  /**
   * On a driver that evaluates on the server: the ids the query returns, in order, read in pages of
   * two. Elsewhere: that the query is declined naming {@code attribute}, and that {@code check}
   * declines it too.
   */
  private void expect(Query<Book> q, String attribute, String... expected) {
    expect(evaluatesQueriesOnServer(), q, attribute, expected);
  }

  private void expect(boolean served, Query<Book> q, String attribute, String... expected) {
    if (served) {
      List<Book> all = new ArrayList<>();
      PageRequest req = PageRequest.first(2);
      for (int guard = 0; guard < 10; guard++) {
        Page<Book> p = books().find(q, req);
        all.addAll(p.items());
        if (!p.hasNext()) {
          break;
        }
        req = PageRequest.after(p.nextCursor(), 2);
      }
      assertEquals(List.of(expected), ids(all), q.toString());
      assertEquals(expected.length, books().count(q), "count of " + q);
      assertEquals(expected.length > 0, books().exists(q), "exists of " + q);
      books().check(q);
    } else {
      declined(() -> books().findAll(q), attribute);
      declined(() -> books().count(q), attribute);
      declined(
          () -> {
            books().check(q);
            return null;
          },
          attribute);
    }
  }

  private static void declined(Supplier<?> call, String attribute) {
    UnsupportedQueryException e = assertThrows(UnsupportedQueryException.class, call::get);
    assertTrue(e.getMessage().contains("Book." + attribute), "names the attribute: " + e);
    assertTrue(e.bucket() != null && e.bucket().equals("osmos_tk_books"), "names the bucket: " + e);
  }

  // ---- the driver's declaration --------------------------------------------------------------

  @Test
  void driverDeclaresWhetherItEvaluatesOnTheServer() {
    assertEquals(evaluatesQueriesOnServer(), books().evaluatesOnServer());
  }

  @Test
  void aConditionOnAFieldWithoutIndexNamesTheIndexThatWouldServeIt() {
    shelf();
    Query<Book> q = where(Condition.eq(Book_.author, "Ann"));
    expect(q, "author", "b1");
    if (!evaluatesQueriesOnServer()) {
      UnsupportedQueryException e =
          assertThrows(UnsupportedQueryException.class, () -> books().findAll(q));
      assertTrue(e.getMessage().contains("add @Index to author"), e.getMessage());
    }
  }

  // ---- conditions ----------------------------------------------------------------------------

  @Test
  void in() {
    shelf();
    expect(where(Condition.in(Book_.author, "Ann", "bob", "nobody")), "author", "b1", "b2");
    expect(where(Condition.in(Book_.year)), "year");
  }

  @Test
  void likeWithWildcardsAndEscape() {
    shelf();
    expect(where(Condition.like(Book_.author, "_nn")), "author", "b1", "b5");
    expect(where(Condition.like(Book_.author, "%o%")), "author", "b2", "b6");
    expect(where(Condition.like(Book_.title, "Beta_1")), "title", "b3");
    expect(where(Condition.like(Book_.title, "Beta!_%", '!')), "title", "b3");
    expect(where(Condition.like(Book_.title, "Gamma!%", '!')), "title", "b4");
    expect(where(Condition.like(Book_.title, "Gamma!%_", '!')), "title");
  }

  @Test
  void startsWithEndsWithAndContainTakeTheirTextLiterally() {
    shelf();
    expect(where(Condition.endsWith(Book_.author, "b")), "author", "b2", "b6");
    expect(where(Condition.contains(Book_.title, "_")), "title", "b3");
    expect(where(Condition.contains(Book_.title, "%")), "title", "b4");
    expect(where(Condition.endsWith(Book_.title, "a%")), "title", "b4");
    // A literal StartsWith on an indexed field is a prefix: every driver serves it.
    assertEquals(
        List.of("b2"), ids(books().findAll(where(Condition.startsWith(Book_.title, "alpha")))));
  }

  @Test
  void ignoringCase() {
    shelf();
    expect(
        foldsCaseOnServer(),
        where(Condition.eqIgnoreCase(Book_.author, "ANN")),
        "author",
        "b1",
        "b5");
    expect(
        foldsCaseOnServer(),
        where(Condition.eqIgnoreCase(Book_.title, "\u00e4rger")),
        "title",
        "b5");
    expect(
        foldsCaseOnServer(),
        where(new Condition.Like<>(Book_.title, "ALPHA%", Condition.Like.Mode.PATTERN, null, true)),
        "title",
        "b1",
        "b2");
    expect(
        foldsCaseOnServer(),
        where(new Condition.Range<>(Book_.author, "b", true, "c", false, true)),
        "author",
        "b2",
        "b6");
  }

  @Test
  void nullAndNotNull() {
    shelf();
    expect(where(Condition.isNull(Book_.price)), "price", "b2");
    expect(where(Condition.isNull(Book_.author)), "author", "b4");
    expect(where(Condition.isNotNull(Book_.level)), "level", "b1", "b2", "b4", "b5");
  }

  @Test
  void booleansAndEnums() {
    shelf();
    expect(where(Condition.isFalse(Book_.available)), "available", "b2", "b4");
    expect(
        where(Condition.isTrue(Book_.available), Condition.eq(Book_.level, Level.HIGH)),
        "available",
        "b5");
  }

  @Test
  void rangesOnFieldsWithoutIndex() {
    shelf();
    expect(where(Condition.between(Book_.year, 2000, 2010)), "year", "b2", "b3", "b4");
    expect(where(Condition.gt(Book_.price, 12.0)), "price", "b3", "b6");
    expect(where(Condition.lte(Book_.price, 10)), "price", "b1", "b4");
  }

  @Test
  void notFollowsThreeValuedLogic() {
    shelf();
    // b4 has no author: "author = 'Ann'" is unknown for it, and so is its negation.
    expect(where(Filter.not(Condition.eq(Book_.author, "Ann"))), "author", "b2", "b3", "b5", "b6");
    expect(
        where(Filter.not(Condition.isNull(Book_.author))), "author", "b1", "b2", "b3", "b5", "b6");
    expect(where(Filter.not(Condition.in(Book_.year, 1990, 2020))), "year", "b2", "b3", "b4");
  }

  @Test
  void orAndNestedAnd() {
    shelf();
    expect(
        where(Filter.or(Condition.lt(Book_.year, 1995), Condition.eq(Book_.author, "bob"))),
        "year",
        "b1",
        "b2",
        "b5");
    expect(
        where(
            Filter.or(
                Filter.and(Condition.eq(Book_.year, 1990), Condition.eq(Book_.author, "ann")),
                Condition.isNull(Book_.price))),
        "year",
        "b2",
        "b5");
    // unknown OR true is true; unknown OR false is unknown.
    expect(
        where(Filter.or(Condition.eq(Book_.author, "x"), Condition.eq(Book_.year, 2010))),
        "author",
        "b4");
  }

  // ---- order and paging ----------------------------------------------------------------------

  @Test
  void severalSortKeysInEitherDirection() {
    shelf();
    expect(
        where().orderBy(Sort.desc(Book_.year), Sort.asc(Book_.title)),
        "year",
        "b6",
        "b4",
        "b3",
        "b2",
        "b1",
        "b5");
    expect(
        where().orderBy(Sort.asc(Book_.year), Sort.desc(Book_.price)),
        "year",
        "b5",
        "b1",
        "b2",
        "b3",
        "b4",
        "b6");
  }

  @Test
  void absentValuesSortLastAscendingAndFirstDescending() {
    shelf();
    expect(where().orderBy(Sort.asc(Book_.price)), "price", "b4", "b1", "b5", "b3", "b6", "b2");
    expect(where().orderBy(Sort.desc(Book_.price)), "price", "b2", "b6", "b3", "b5", "b1", "b4");
  }

  @Test
  void sortIgnoringCase() {
    shelf();
    // Ann and ann tie ignoring case and fall back to the key: b1 before b5.
    expect(
        foldsCaseOnServer(),
        where().orderBy(Sort.asc(Book_.author).ignoringCase()),
        "author",
        "b1",
        "b5",
        "b2",
        "b6",
        "b3",
        "b4");
    expect(
        where(Condition.isNotNull(Book_.author)).orderBy(Sort.asc(Book_.author)),
        "author",
        "b1",
        "b6",
        "b5",
        "b2",
        "b3");
  }

  @Test
  void offsetAndLimitOnAnEvaluatedPlan() {
    shelf();
    Query<Book> q =
        where(Condition.gte(Book_.year, 1990))
            .orderBy(Sort.desc(Book_.year), Sort.asc(Book_.title));
    expect(q.skip(2).limit(3), "year", "b3", "b2", "b1");
    expect(q.skip(5), "year", "b5");
    expect(q.skip(6), "year");
  }

  @Test
  void offsetsOnIndexServedPlansWorkOnEveryDriver() {
    shelf();
    Query<Book> q = Query.where(onShelf());
    assertTrue(q.isIndexServed());
    assertEquals(List.of("b3", "b4", "b5"), ids(books().findAll(q.skip(2).limit(3))));
    assertEquals(List.of("b5", "b6"), ids(books().findAll(q.skip(4))));
    assertEquals(List.of(), ids(books().findAll(q.skip(6))));
    assertEquals(List.of(), ids(books().findAll(q.skip(60))));
    Page<Book> first = books().find(q.skip(1), PageRequest.first(2));
    assertEquals(List.of("b2", "b3"), ids(first.items()));
    Page<Book> second = books().find(q.skip(1), PageRequest.after(first.nextCursor(), 2));
    assertEquals(List.of("b4", "b5"), ids(second.items()));
    assertEquals(4, books().count(q.skip(2)));
    assertEquals(3, books().count(q.skip(1).limit(3)));
    assertEquals(0, books().count(q.skip(7)));
  }

  // ---- parameters ----------------------------------------------------------------------------

  @Test
  void aPlanWithParametersIsBuiltOnceAndBoundPerCall() {
    shelf();
    Query<Book> plan =
        Query.<Book>where(
            Condition.eq(Book_.shelf, Query.param(1)),
            Condition.in(Book_.year, Query.param(2)),
            Condition.startsWith(Book_.title, Query.param(3)));
    assertFalse(plan.isBound());
    assertEquals(3, plan.params().size());
    // Whether the driver serves a plan is known before its parameters are bound.
    if (evaluatesQueriesOnServer()) {
      books().check(plan);
    } else {
      declined(
          () -> {
            books().check(plan);
            return null;
          },
          "year");
    }
    expect(plan.bind(scope(), List.of(1990, 2000), "alpha"), "year", "b2");
    expect(plan.bind(scope(), new int[] {2005, 2010}, "Beta"), "year", "b3");
    IllegalArgumentException unbound =
        assertThrows(IllegalArgumentException.class, () -> books().findAll(plan));
    assertTrue(unbound.getMessage().contains("?1"), unbound.getMessage());

    // A starts-with parameter becomes a prefix: served by the title index everywhere.
    Query<Book> byPrefix =
        Query.<Book>where(
            Condition.eq(Book_.shelf, Query.param("shelf")),
            Condition.startsWith(Book_.title, Query.param("start")));
    Query<Book> bound = byPrefix.bind(Map.of("shelf", scope(), "start", "Gamma"));
    assertTrue(bound.isIndexServed(), bound.toString());
    assertEquals(List.of("b4"), ids(books().findAll(bound)));
  }

  // ---- count, exists, delete -----------------------------------------------------------------

  @Test
  void countExistsAndDeleteOnIndexServedPlans() {
    shelf();
    Query<Book> q = where(Condition.startsWith(Book_.title, "alpha"));
    assertEquals(1, books().count(q));
    assertTrue(books().exists(q));
    assertFalse(books().exists(where(Condition.eq(Book_.title, "nope"))));
    assertEquals(1, books().deleteAll(q));
    assertEquals(List.of("b1", "b3", "b4", "b5", "b6"), ids(books().findAll(where())));
    assertEquals(5, books().deleteAll(where()));
    assertEquals(0, books().count(where()));
  }

  @Test
  void deleteByAnEvaluatedPlan() {
    shelf();
    Query<Book> q = where(Condition.lt(Book_.year, 2001));
    if (evaluatesQueriesOnServer()) {
      assertEquals(3, books().deleteAll(q));
      assertEquals(List.of("b3", "b4", "b6"), ids(books().findAll(where())));
      assertEquals(1, books().deleteAll(where().orderBy(Sort.desc(Book_.year)).limit(1)));
      assertEquals(List.of("b3", "b4"), ids(books().findAll(where())));
    } else {
      declined(() -> books().deleteAll(q), "year");
      assertEquals(6, books().count(where()), "nothing deleted");
    }
  }
}
