package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.DocumentRepository;
import io.osmos.Osmos;
import io.osmos.Page;
import io.osmos.PageRequest;
import io.osmos.annotations.Hook;
import io.osmos.codec.CodecLimits;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.HookVetoException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import io.osmos.query.Query;
import io.osmos.query.StringProperty;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentStore;
import io.osmos.spi.Driver;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Extremes;
import io.osmos.testkit.model.ExtremesRepository;
import io.osmos.testkit.model.Item;
import io.osmos.testkit.model.ItemRepository;
import io.osmos.testkit.model.Item_;
import io.osmos.testkit.model.Level;
import io.osmos.testkit.model.Member;
import io.osmos.testkit.model.MemberRepository;
import io.osmos.testkit.model.Member_;
import io.osmos.testkit.model.Note;
import io.osmos.testkit.model.NoteRepository;
import io.osmos.testkit.model.Note_;
import io.osmos.testkit.model.OrderLine;
import io.osmos.testkit.model.OrderLineRepository;
import io.osmos.testkit.model.OrderLine_;
import io.osmos.testkit.model.Outline;
import io.osmos.testkit.model.OutlineRepository;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.Person_;
import io.osmos.testkit.model.Section;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.model.Ticket;
import io.osmos.testkit.model.TicketRepository;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite of the {@link DocumentStore} capability: every rule of the design's
 * "semantics every driver shares", checked through generated repositories. A driver module runs it
 * by extending this class:
 *
 * <pre>{@code
 * class RedisDocumentStoreConformanceTest extends DocumentStoreConformance {
 *   protected Driver newDriver() { return new RedisDriver(TestRedis.client()); }
 *   protected <T, K> void putRawDocument(ModelSchema<T, K> model, K key, Map<String, Object> doc) {
 *     // DEL + HSET with the driver's own key layout
 *   }
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@link #newDriver()} is called once per test class (the suite runs with
 * {@link TestInstance.Lifecycle#PER_CLASS}); the driver is registered as {@value TestModels#DRIVER}
 * and closed after the last test. The driver must be usable from many threads.
 *
 * <p><b>Isolation.</b> The models' buckets are fixed ({@code osmos_tk_*}), so every test uses keys
 * and index values that start with a scope unique to the test (a random run id plus a counter), and
 * deletes what it wrote afterwards. Queries assert on the test's own documents only, so the suite
 * is safe to run against a shared server that holds other data, even concurrently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DocumentStoreConformance extends QueryConformance {
  private static final String PEOPLE = "osmos_tk_people";

  private final String run = "tk" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicInteger tests = new AtomicInteger();
  private final AtomicInteger serial = new AtomicInteger();
  private final Map<DocumentRepository<?, ?>, Set<Object>> written = new LinkedHashMap<>();

  private Driver driver;
  private Osmos osmos;
  private String scope;

  /** The repositories of the test models, bound to the driver under test. */
  protected PersonRepository people;

  protected ItemRepository items;
  protected OrderLineRepository lines;
  protected TicketRepository tickets;
  protected ExtremesRepository extremes;
  protected NoteRepository notes;
  protected OutlineRepository outlines;
  protected MemberRepository members;

  /**
   * The driver under test: a new instance connected to the test server. Called once per test class;
   * the suite closes it.
   */
  protected abstract Driver newDriver();

  /**
   * Stores {@code document} as the document {@code key} of {@code model}'s bucket, replacing what
   * is there, by the driver's own means (its client or internal storage, never a repository), the
   * way another program or an older version of the model would write it. The suite uses it to plant
   * data that does not fit the model and fields the model does not declare.
   *
   * <p>The document is in the tree format ({@link TreeFormat}): a map from stored field names to
   * String, Long, Double, Boolean, BigDecimal, byte[], Instant, null, or a List or Map of those; it
   * holds the key fields too. Store each top-level field the way the driver stores that field (a
   * hash field, a JSON member, a column), so reading it back goes through the driver's normal
   * decoding. Only documents whose key and indexed fields fit the model are planted.
   */
  protected abstract <T, K> void putRawDocument(
      ModelSchema<T, K> model, K key, Map<String, Object> document);

  /**
   * The deepest nesting of objects and arrays the driver stores, the model's own object counted as
   * 1: {@link CodecLimits#MAX_DEPTH}, what every format's reader accepts, unless the store or its
   * client holds less. A driver that overrides it refuses deeper models on every write path with a
   * {@link LimitExceededException} naming its limit, and documents it.
   */
  protected int maxNesting() {
    return CodecLimits.MAX_DEPTH;
  }

  /**
   * Whether the store keeps strings that hold the character U+0000. PostgreSQL's {@code text}
   * cannot (nor can the text of a {@code json} value); a driver on such a store returns false, and
   * the suite then checks that such a string is refused rather than stored as something else.
   */
  protected boolean storesNulInStrings() {
    return true;
  }

  /**
   * The names of the top-level fields the driver stores for the document {@code key} of {@code
   * model}'s bucket, read by the driver's own means (never a repository), or null when the document
   * does not exist. The suite uses it to check that a save writes a renamed field under its current
   * name only. A driver test that does not override it has that one test aborted, with a message
   * saying so.
   */
  protected <T, K> Set<String> storedFieldNames(ModelSchema<T, K> model, K key) {
    return null;
  }

  /** The driver under test, as {@link #newDriver()} returned it. */
  protected final Driver driver() {
    return driver;
  }

  /** The registry the suite's repositories are bound in. */
  @Override
  protected final Osmos osmos() {
    return osmos;
  }

  @BeforeAll
  final void bindRepositories() {
    driver = newDriver();
    assertTrue(
        driver instanceof DocumentStore,
        "the driver under test (" + driver.kind() + ") must implement DocumentStore");
    osmos = Osmos.builder().driver(TestModels.DRIVER, driver).build();
    people = new PersonRepository(osmos);
    items = new ItemRepository(osmos);
    lines = new OrderLineRepository(osmos);
    tickets = new TicketRepository(osmos);
    extremes = new ExtremesRepository(osmos);
    notes = new NoteRepository(osmos);
    outlines = new OutlineRepository(osmos);
    members = new MemberRepository(osmos);
  }

  @AfterAll
  final void closeDriver() {
    if (osmos != null) {
      osmos.close();
    }
  }

  @BeforeEach
  final void newScope() {
    scope = run + "-" + tests.incrementAndGet();
  }

  @AfterEach
  final void deleteWhatTheTestWrote() {
    try {
      for (Map.Entry<DocumentRepository<?, ?>, Set<Object>> e : written.entrySet()) {
        deleteTracked(e.getKey(), e.getValue());
      }
    } finally {
      written.clear();
    }
  }

  // ---- get, insert, save ---------------------------------------------------------------------

  @Test
  void getOfMissingKeyIsEmpty() {
    assertEquals(Optional.empty(), people.get(key("nobody")));
    Person p = track(people, people.insert(person("ann")));
    assertTrue(people.delete(p.id()));
    assertEquals(Optional.empty(), people.get(p.id()), "get after delete");
  }

  @Test
  void insertGeneratesStringKeyWhenNull() {
    Person draft = person(null);
    Person stored = track(people, people.insert(draft));
    assertNotNull(stored.id(), "insert must return the model with the generated key");
    assertFalse(stored.id().isEmpty(), "generated key is empty");
    assertEquals(1, stored.version(), "a new versioned model is stored as version 1");
    assertEquals(Optional.of(stored), people.get(stored.id()));
    Person other = track(people, people.insert(person(null)));
    assertNotEquals(stored.id(), other.id(), "two inserts generated the same key");
  }

  @Test
  void insertGeneratesDistinctLongKeysWhenZero() {
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      Ticket t = track(tickets, tickets.insert(new Ticket(0, scope + " #" + i)));
      assertNotEquals(0L, t.id(), "insert must return the model with the generated key");
      assertTrue(ids.add(t.id()), "generated key " + t.id() + " twice");
      assertEquals(Optional.of(t), tickets.get(t.id()));
    }
  }

  @Test
  void insertOfExistingKeyIsDuplicateKeyAndKeepsTheStoredModel() {
    Person first = track(people, people.insert(person("dup")));
    Person second = person("dup").withName(scope + "/impostor");
    DuplicateKeyException e =
        assertThrows(DuplicateKeyException.class, () -> people.insert(second));
    assertContext(e, "insert", PEOPLE);
    assertTrue(String.valueOf(e.key()).contains(first.id()), "error names the key: " + e);
    assertEquals(Optional.of(first), people.get(first.id()), "the stored model was changed");
  }

  @Test
  void saveUpserts() {
    Person draft = track(people, person("upsert"));
    Person created = people.save(draft);
    assertEquals(1, created.version(), "save of a new model stores version 1");
    assertEquals(Optional.of(created), people.get(draft.id()));
    Person changed = people.save(created.withName(scope + "/renamed"));
    assertEquals(2, changed.version());
    assertEquals(Optional.of(changed), people.get(draft.id()));
  }

  @Test
  void saveWithoutVersionOverwrites() {
    Item first = track(items, item(1, "first"));
    items.save(first);
    Item second = new Item(first.id(), first.batch(), first.seq(), first.label(), "second");
    items.save(second);
    assertEquals(Optional.of(second), items.get(first.id()));
  }

  @Test
  void saveWithStaleVersionIsConcurrentUpdateAndChangesNothing() {
    Person v1 = track(people, people.insert(person("cas")));
    Person v2 = people.save(v1.withAge(40));
    assertEquals(2, v2.version(), "save increments the version");
    ConcurrentUpdateException e =
        assertThrows(ConcurrentUpdateException.class, () -> people.save(v1.withAge(50)));
    assertContext(e, "save", PEOPLE);
    assertEquals(Optional.of(v2), people.get(v1.id()), "a stale save changed the model");
    Person v3 = people.save(v2.withAge(60));
    assertEquals(3, v3.version());
  }

  @Test
  void saveOfMissingModelWithNonZeroVersionIsConcurrentUpdate() {
    Person ghost = track(people, person("ghost")).withVersion(4);
    assertThrows(
        ConcurrentUpdateException.class,
        () -> people.save(ghost),
        "a model not stored counts as version 0");
    assertEquals(Optional.empty(), people.get(ghost.id()));
  }

  // ---- update ----------------------------------------------------------------------------------

  @Test
  void updatePatchesOnlyTheNamedFields() {
    Person p = track(people, people.insert(person("patch")));
    Optional<Person> after = people.update(p.id(), x -> x.name(scope + "/patched").incrementAge(2));
    Person expected =
        new Person(
            p.id(),
            p.email(),
            scope + "/patched",
            p.team(),
            p.age() + 2,
            p.visits(),
            p.score(),
            p.address(),
            p.tags(),
            p.version() + 1);
    assertEquals(Optional.of(expected), after, "update returns the model after the patch");
    assertEquals(Optional.of(expected), people.get(p.id()));
  }

  @Test
  void updateChecksTheExpectedVersionAndIncrementsIt() {
    Person p = track(people, people.insert(person("upver")));
    Person v2 = people.update(p.id(), x -> x.expectVersion(1).age(41)).orElseThrow();
    assertEquals(2, v2.version());
    ConcurrentUpdateException e =
        assertThrows(
            ConcurrentUpdateException.class,
            () -> people.update(p.id(), x -> x.expectVersion(1).age(99)));
    assertContext(e, "update", PEOPLE);
    assertEquals(Optional.of(v2), people.get(p.id()), "a stale update changed the model");
    Person v3 = people.update(p.id(), x -> x.incrementVisits(1)).orElseThrow();
    assertEquals(3, v3.version(), "an update without expectVersion increments the version too");
  }

  @Test
  void updateOfMissingKeyIsEmptyAndCreatesNothing() {
    String k = trackKey(people, key("absent"));
    assertEquals(Optional.empty(), people.update(k, x -> x.incrementVisits(1).name("x")));
    assertEquals(Optional.empty(), people.get(k), "update created a model");
  }

  @Test
  void incrementOfMissingValueStartsAtZero() {
    Person p = track(people, people.insert(person("score")));
    assertNull(p.score());
    assertEquals(5, people.update(p.id(), x -> x.incrementScore(5)).orElseThrow().score());
    assertEquals(2, people.update(p.id(), x -> x.incrementScore(-3)).orElseThrow().score());
  }

  @Test
  void concurrentIncrementsAreAtomic() {
    Person p = track(people, people.insert(person("counter")));
    Workers.run(
        8,
        w -> {
          for (int i = 0; i < 250; i++) {
            people.update(p.id(), x -> x.incrementVisits(1));
          }
        });
    Person after = people.get(p.id()).orElseThrow();
    assertEquals(2000, after.visits(), "8 threads x 250 increments");
    assertEquals(2001, after.version(), "each update increments the version once");
  }

  @Test
  void concurrentReadModifyWriteWithVersionAndRetryLosesNoUpdate() {
    Person p = track(people, people.insert(person("rmw")));
    AtomicInteger conflicts = new AtomicInteger();
    Workers.run(
        8,
        w -> {
          for (int i = 0; i < 25; i++) {
            while (true) {
              Person current = people.get(p.id()).orElseThrow();
              try {
                people.save(current.withVisits(current.visits() + 1));
                break;
              } catch (ConcurrentUpdateException e) {
                // Someone else won; read again and retry (a store that never lets anyone win
                // fails).
                if (conflicts.incrementAndGet() > 100_000) {
                  throw new AssertionError("100000 conflicts for 200 saves: no save ever wins", e);
                }
              }
            }
          }
        });
    Person after = people.get(p.id()).orElseThrow();
    assertEquals(
        200,
        after.visits(),
        "8 threads x 25 read-modify-writes (" + conflicts + " conflicts retried)");
    assertEquals(201, after.version());
  }

  @Test
  void concurrentPatchesOfDifferentFieldsBothSurvive() {
    Person p = track(people, people.insert(person("fields")));
    Workers.run(
        3,
        w -> {
          for (int i = 0; i <= 150; i++) {
            final int n = i;
            switch (w) {
              case 0 -> people.update(p.id(), x -> x.name(scope + "/n" + n));
              case 1 -> people.update(p.id(), x -> x.age(n));
              default -> people.update(p.id(), x -> x.incrementVisits(1));
            }
          }
        });
    Person after = people.get(p.id()).orElseThrow();
    assertEquals(scope + "/n150", after.name(), "the name patches were lost");
    assertEquals(150, after.age(), "the age patches were lost");
    assertEquals(151, after.visits(), "the increments were lost");
    assertEquals(1 + 3 * 151, after.version());
    assertEquals(p.email(), after.email(), "a field no patch named changed");
    assertEquals(p.address(), after.address(), "a field no patch named changed");
  }

  // ---- validation ------------------------------------------------------------------------------

  @Test
  void invalidModelListsEveryViolationWithItsPathAndWritesNothing() {
    Person bad =
        track(
            people,
            new Person(
                key("bad"),
                "not an email",
                scope + "/bad",
                scope,
                -1,
                0,
                null,
                new Address(" ", "0150"),
                List.of("a", "b", " "),
                0));
    for (Function<Person, ?> write :
        List.<Function<Person, ?>>of(people::insert, people::save, people::validate)) {
      ValidationException e = assertThrows(ValidationException.class, () -> write.apply(bad));
      assertEquals(
          Set.of("email", "age", "address.city", "tags[2]"),
          paths(e.violations()),
          "violations: " + e.violations());
      for (Violation v : e.violations()) {
        assertNotNull(v.message(), "violation without a message: " + v);
        assertFalse(v.message().isBlank(), "violation without a message: " + v);
      }
      assertTrue(e.getMessage().contains("address.city"), "message lists paths: " + e);
    }
    assertEquals(Optional.empty(), people.get(bad.id()), "an invalid model was written");
    assertEquals(List.of(), people.findByName(scope + "/bad"), "an index entry was written");
  }

  @Test
  void invalidPatchWritesNothing() {
    Person p = track(people, people.insert(person("badpatch")));
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () -> people.update(p.id(), x -> x.age(200).email("nope").incrementVisits(1)));
    assertEquals(Set.of("age", "email"), paths(e.violations()), "violations: " + e.violations());
    assertEquals(Optional.of(p), people.get(p.id()), "an invalid patch changed the model");
  }

  @Test
  void batchWithOneInvalidItemWritesNothing() {
    List<Person> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Person p = track(people, person(String.format("b%03d", i)));
      batch.add(i == 57 ? p.withAge(151) : p);
    }
    ValidationException e = assertThrows(ValidationException.class, () -> people.saveAll(batch));
    assertEquals(Set.of("[57].age"), paths(e.violations()), "violations: " + e.violations());
    assertEquals(Map.of(), people.getAll(keys(batch)), "part of an invalid batch was written");
    assertEquals(0, people.count(Person_.team.eq(scope)), "index entries were written");
  }

  @Test
  void saveAllStoresEveryModel() {
    List<Person> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(track(people, person(String.format("s%03d", i))));
    }
    List<Person> stored = people.saveAll(batch);
    assertEquals(100, stored.size());
    for (Person p : stored) {
      assertEquals(1, p.version(), "saveAll returns the stored models with their versions");
    }
    Map<String, Person> found = people.getAll(keys(batch));
    assertEquals(keys(batch), List.copyOf(found.keySet()), "getAll keeps the order of the keys");
    assertEquals(stored, List.copyOf(found.values()));
  }

  @Test
  void keyOverTheDriversLimitIsRejectedBeforeWriting() {
    int max = driver.limits().maxKeyBytes();
    String longKey = trackKey(people, scope + "/" + "k".repeat(max));
    Person tooLong =
        new Person(longKey, null, scope + "/long", scope, 1, 0, null, null, List.of(), 0);
    LimitExceededException e =
        assertThrows(LimitExceededException.class, () -> people.save(tooLong));
    assertTrue(e.getMessage().contains(String.valueOf(max)), "names the limit: " + e);
    assertEquals(List.of(), people.findByName(scope + "/long"), "the model was written");
  }

  // ---- CRUD by key -----------------------------------------------------------------------------

  @Test
  void deleteReturnsWhetherThereWasAModel() {
    Person p = track(people, people.insert(person("del")));
    assertTrue(people.delete(p.id()));
    assertFalse(people.delete(p.id()), "second delete");
    assertFalse(people.delete(key("never")), "delete of a key never stored");
    assertEquals(Optional.empty(), people.get(p.id()));
  }

  @Test
  void deleteAllCountsTheModelsThatWereThere() {
    List<Person> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(track(people, person("d" + i)));
    }
    people.saveAll(batch);
    List<String> keys = new ArrayList<>(keys(batch).subList(0, 6));
    keys.add(key("missing-1"));
    keys.add(key("missing-2"));
    assertEquals(6, people.deleteAll(keys));
    assertEquals(Set.copyOf(keys(batch).subList(6, 10)), people.getAll(keys(batch)).keySet());
    assertEquals(4, people.count(Person_.team.eq(scope)), "index entries of deleted models");
  }

  @Test
  void getAllReturnsFoundModelsInTheOrderOfTheKeys() {
    Person a = track(people, people.insert(person("ga")));
    Person b = track(people, people.insert(person("gb")));
    List<String> asked = List.of(b.id(), key("gone"), a.id());
    Map<String, Person> found = people.getAll(asked);
    assertEquals(List.of(b.id(), a.id()), List.copyOf(found.keySet()));
    assertEquals(b, found.get(b.id()));
    assertEquals(a, found.get(a.id()));
    assertEquals(Map.of(), people.getAll(List.of()));
  }

  @Test
  void countCountsMatches() {
    for (int i = 0; i < 7; i++) {
      track(people, people.insert(person("c" + i)));
    }
    assertEquals(7, people.count(Person_.team.eq(scope)));
    assertEquals(3, people.count(Person_.team.eq(scope).limit(3)));
    assertEquals(0, people.count(Person_.team.eq(scope + "-none")));
    assertTrue(people.count() >= 7, "count() of the bucket");
  }

  @Test
  void scanStreamsEveryDocumentOnce() {
    Set<String> ours = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      ours.add(track(people, people.insert(person("scan" + i))).id());
    }
    List<String> seen;
    try (Stream<Person> all = people.scan()) {
      seen = all.filter(p -> scope.equals(p.team())).map(Person::id).collect(Collectors.toList());
    }
    assertEquals(30, seen.size(), "scan returned the test's documents " + seen.size() + " times");
    assertEquals(ours, Set.copyOf(seen));
  }

  // ---- queries and paging ----------------------------------------------------------------------

  @Test
  void pagingAllDocumentsByCursorReturnsEachExactlyOnce() {
    List<Item> batch = items(1000);
    List<String> ours = ids(batch);
    Map<String, Integer> times = new HashMap<>();
    List<String> order = new ArrayList<>();
    PageRequest req = PageRequest.first(37);
    CursorWalk walk = new CursorWalk("paging Query.all()");
    while (true) {
      Page<Item> page = items.find(Query.all(), req);
      assertTrue(page.items().size() <= 37, "page larger than asked: " + page.items().size());
      for (Item i : page.items()) {
        int n = times.merge(i.id(), 1, Integer::sum);
        assertEquals(1, n, "document " + i.id() + " returned again on page " + walk.pages());
        if (scope.equals(i.batch())) {
          order.add(i.id());
        }
      }
      if (!walk.page(page.items().size(), page.hasNext())) {
        break;
      }
      req = PageRequest.after(page.nextCursor(), 37);
    }
    for (String id : ours) {
      assertEquals(1, times.getOrDefault(id, 0), "document " + id + " returned that many times");
    }
    times.forEach((id, n) -> assertEquals(1, n, "document " + id + " returned " + n + " times"));
    assertEquals(ours, order, "Query.all() pages in key order");
    assertTrue(walk.pages() >= 1000 / 37, "pages: " + walk.pages());
  }

  @Test
  void pagingAnIndexQueryByCursorReturnsEachMatchExactlyOnceInKeyOrder() {
    List<Item> batch = items(1000);
    items.save(track(items, new Item(key("other"), scope + "-other", 0, "x", null)));
    List<String> got = new ArrayList<>();
    PageRequest req = PageRequest.first(64);
    CursorWalk walk = new CursorWalk("paging an index query");
    while (true) {
      Page<Item> page = items.find(Item_.batch.eq(scope), req);
      for (Item i : page.items()) {
        assertFalse(got.contains(i.id()), i.id() + " returned again on page " + walk.pages());
        got.add(i.id());
      }
      if (!walk.page(page.items().size(), page.hasNext())) {
        break;
      }
      req = PageRequest.after(page.nextCursor(), 64);
    }
    assertEquals(ids(batch), got, "equal index values page in key order, each once");
    assertEquals(ids(batch), ids(items.findAll(Item_.batch.eq(scope))), "findAll");
    assertEquals(ids(batch), ids(items.findByBatch(scope)), "generated finder");
  }

  @Test
  void generatedFinderPagesByCursor() {
    List<Item> batch = items(25);
    Page<Item> first = items.findByBatch(scope, PageRequest.first(10));
    assertEquals(ids(batch.subList(0, 10)), ids(first.items()));
    Page<Item> second = items.findByBatch(scope, first.next(10).orElseThrow());
    assertEquals(ids(batch.subList(10, 20)), ids(second.items()));
    Page<Item> third = items.findByBatch(scope, second.next(10).orElseThrow());
    assertEquals(ids(batch.subList(20, 25)), ids(third.items()));
    assertFalse(third.hasNext(), "the last page has no cursor");
  }

  @Test
  void rangeAndPrefixQueriesUseTheIndexOrder() {
    List<Item> batch = items(100);
    long base = batch.get(0).seq();
    Item decoy =
        track(items, new Item(key("decoy"), scope + "-decoy", base - 1, scope + "-b", null));
    items.save(decoy);
    assertEquals(
        ids(batch.subList(10, 20)),
        ids(items.findAll(Item_.seq.between(base + 10, base + 19))),
        "between (inclusive)");
    assertEquals(
        ids(batch.subList(11, 19)),
        ids(items.findAll(Item_.seq.gt(base + 10).and(Item_.seq.lt(base + 19)))),
        "gt and lt");
    assertEquals(
        ids(batch.subList(10, 20)),
        ids(items.findAll(Item_.seq.gte(base + 10).and(Item_.seq.lte(base + 19)))),
        "gte and lte");
    assertEquals(ids(batch), ids(items.findAll(Item_.label.prefix(scope + "-a"))), "prefix");
    assertEquals(
        ids(batch.subList(5, 8)),
        ids(items.findAll(Item_.label.between(batch.get(5).label(), batch.get(7).label()))),
        "string range");
    assertEquals(Optional.of(batch.get(0)), items.findFirst(Item_.label.prefix(scope + "-a")));
  }

  @Test
  void queryLimitSpansPages() {
    List<Item> batch = items(40);
    Query<Item> q = Item_.batch.eq(scope).limit(25);
    Page<Item> p1 = items.find(q, PageRequest.first(10));
    Page<Item> p2 = items.find(q, p1.next(10).orElseThrow());
    Page<Item> p3 = items.find(q, p2.next(10).orElseThrow());
    assertEquals(
        ids(batch.subList(0, 25)),
        Stream.of(p1, p2, p3).flatMap(p -> ids(p.items()).stream()).toList());
    assertFalse(p3.hasNext(), "the limit was reached: no cursor");
    assertEquals(ids(batch.subList(0, 25)), ids(items.findAll(q)));
  }

  @Test
  void tamperedCursorIsRejected() {
    items(30);
    Query<Item> q = Item_.batch.eq(scope);
    Page<Item> first = items.find(q, PageRequest.first(10));
    String cursor = first.nextCursor();
    assertNotNull(cursor);
    char[] chars = cursor.toCharArray();
    int at = chars.length / 2;
    chars[at] = chars[at] == 'A' ? 'B' : 'A';
    String tampered = new String(chars);
    InvalidCursorException e =
        assertThrows(
            InvalidCursorException.class, () -> items.find(q, PageRequest.after(tampered, 10)));
    assertContext(e, "find", "osmos_tk_items");
    assertThrows(
        InvalidCursorException.class,
        () -> items.find(q, PageRequest.after("not a cursor!", 10)),
        "garbage cursor");
    assertThrows(
        InvalidCursorException.class,
        () -> items.find(Item_.batch.eq(scope + "-x"), PageRequest.after(cursor, 10)),
        "a cursor of another query");
    assertThrows(
        InvalidCursorException.class,
        () -> items.find(Query.all(), PageRequest.after(cursor, 10)),
        "a cursor of another query");
    assertEquals(
        10,
        items.find(q, PageRequest.after(cursor, 10)).items().size(),
        "the untouched cursor still works");
  }

  @Test
  void queryOnNonIndexedFieldIsUnsupportedUnlessTheStoreEvaluatesOnTheServer() {
    if (evaluatesQueriesOnServer()) {
      Item it = track(items, items.insert(new Item(key("n"), scope, 1, scope + "/n", "x")));
      assertEquals(List.of(it), items.findAll(Item_.batch.eq(scope).and(Item_.note.eq("x"))));
      assertEquals(1, items.count(Item_.batch.eq(scope).and(Item_.note.eq("x"))));
      return;
    }
    UnsupportedQueryException e =
        assertThrows(
            UnsupportedQueryException.class,
            () -> items.find(Item_.note.eq("x"), PageRequest.first(10)));
    assertTrue(e.getMessage().contains("note"), "names the field: " + e);
    assertContext(e, "find", "osmos_tk_items");
    assertThrows(UnsupportedQueryException.class, () -> items.count(Item_.note.eq("x")));
    assertThrows(
        UnsupportedQueryException.class,
        () -> people.find(Person_.age.gt(3), PageRequest.first(10)));
  }

  @Test
  void indexFindersStayExactAfterUpdateSaveAndDelete() {
    Person p = track(people, people.insert(person("idx")));
    String a = p.name();
    String b = scope + "/idx-b";
    String c = scope + "/idx-c";
    assertEquals(List.of(p), people.findByName(a));

    Person afterPatch = people.update(p.id(), x -> x.name(b)).orElseThrow();
    assertEquals(List.of(), people.findByName(a), "stale hit after update");
    assertEquals(List.of(afterPatch), people.findByName(b));

    Person afterSave = people.save(afterPatch.withName(c));
    assertEquals(List.of(), people.findByName(b), "stale hit after save");
    assertEquals(List.of(afterSave), people.findByName(c));

    Person other = track(people, people.insert(person("idx2").withName(c)));
    assertEquals(Set.of(afterSave, other), Set.copyOf(people.findByName(c)));

    assertTrue(people.delete(p.id()));
    assertEquals(List.of(other), people.findByName(c), "stale hit after delete");
    assertEquals(1, people.deleteAll(List.of(other.id())));
    assertEquals(List.of(), people.findByName(c), "stale hit after deleteAll");
    assertEquals(0, people.count(Person_.name.eq(c)), "count sees a deleted model");
  }

  @Test
  void nullIndexValuesAreNotFoundAndCanBeSet() {
    Person p = track(people, people.insert(person("nullidx")));
    assertEquals(List.of(p), people.findByEmail(p.email()));
    Person cleared = people.update(p.id(), x -> x.email(null)).orElseThrow();
    assertNull(cleared.email());
    assertEquals(List.of(), people.findByEmail(p.email()), "stale hit after clearing the field");
    Person restored = people.update(p.id(), x -> x.email(p.email())).orElseThrow();
    assertEquals(List.of(restored), people.findByEmail(p.email()));
  }

  // ---- keys and index values of any content ----------------------------------------------------

  @Test
  void keysOfAnyContentRoundTrip() {
    String prefix = scope + "|";
    List<String> keys = new ArrayList<>();
    for (String s : oddStrings()) {
      keys.add(prefix + s);
    }
    keys.add(prefix + "k".repeat(1024 - prefix.length()));
    assertEquals(1024, keys.get(keys.size() - 1).length());
    for (String k : keys) {
      trackKey(people, k);
      Person p =
          people.save(new Person(k, null, scope + "/odd", scope, 1, 0, null, null, List.of(), 0));
      assertEquals(k, p.id());
    }
    assertAll(
        keys.stream()
            .map(
                k ->
                    () -> {
                      Optional<Person> got = people.get(k);
                      assertTrue(got.isPresent(), "key did not round-trip: " + printable(k));
                      assertEquals(k, got.get().id(), "key changed");
                    }));
    assertEquals(Set.copyOf(keys), people.getAll(keys).keySet(), "getAll");
    assertEquals(
        Set.copyOf(keys),
        Set.copyOf(personIds(people.findByName(scope + "/odd"))),
        "the index returns the keys unchanged");
    for (String k : keys) {
      assertEquals(
          Optional.of(2L),
          people.update(k, x -> x.incrementVisits(1)).map(Person::version),
          "update of " + printable(k));
    }
    // No key pattern may reach beyond its own document (e.g. '*' as a glob).
    assertTrue(people.delete(prefix + "star*"));
    assertEquals(keys.size() - 1, people.getAll(keys).size(), "deleting 'star*' deleted others");
  }

  @Test
  void indexValuesOfAnyContentRoundTrip() {
    List<String> values = new ArrayList<>();
    for (String s : oddStrings()) {
      values.add(scope + "|" + s);
    }
    values.add(scope + "|" + "v".repeat(1024 - scope.length() - 1));
    Map<String, String> keyOf = new LinkedHashMap<>();
    int i = 0;
    for (String v : values) {
      String k = trackKey(people, key("v" + i++));
      people.save(new Person(k, null, v, scope, 1, 0, null, null, List.of(), 0));
      keyOf.put(v, k);
    }
    assertAll(
        values.stream()
            .map(
                v ->
                    () -> {
                      List<Person> found = people.findByName(v);
                      assertEquals(
                          List.of(keyOf.get(v)),
                          personIds(found),
                          "index lookup of " + printable(v) + " (exact match only)");
                      assertEquals(v, found.get(0).name());
                    }));
    assertEquals(
        List.of(keyOf.get(scope + "|star*")),
        personIds(people.findByName(scope + "|star*")),
        "'*' is no wildcard");
    assertEquals(List.of(), people.findByName(scope + "|%"), "'%' is no wildcard");
    assertEquals(List.of(), people.findByName(scope + "|st*"), "'*' is no wildcard");
  }

  // ---- hooks -----------------------------------------------------------------------------------

  @Test
  void willHookVetoWritesNothing() {
    PersonRepository guarded = new PersonRepository(osmos);
    Person existing = track(people, people.insert(person("veto")));
    guarded.hooks().on(Hook.Event.WILL_SAVE, ctx -> ctx.veto("saving is closed"));
    guarded.hooks().on(Hook.Event.WILL_UPDATE, ctx -> ctx.veto("updating is closed"));
    guarded
        .hooks()
        .on(
            Hook.Event.WILL_DELETE,
            ctx -> {
              throw new IllegalStateException("deleting is closed");
            });
    Person fresh = track(people, person("vetoed"));

    HookVetoException e = assertThrows(HookVetoException.class, () -> guarded.insert(fresh));
    assertTrue(e.getMessage().contains("saving is closed"), "the caller gets the hook's error");
    assertThrows(HookVetoException.class, () -> guarded.save(fresh));
    assertThrows(HookVetoException.class, () -> guarded.saveAll(List.of(fresh)));
    assertThrows(HookVetoException.class, () -> guarded.save(existing.withAge(99)));
    assertThrows(
        HookVetoException.class, () -> guarded.update(existing.id(), x -> x.incrementVisits(1)));
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> guarded.delete(existing.id()));
    assertEquals("deleting is closed", thrown.getMessage(), "the caller gets the hook's error");
    assertThrows(IllegalStateException.class, () -> guarded.deleteAll(List.of(existing.id())));

    assertEquals(Optional.empty(), people.get(fresh.id()), "a vetoed insert/save wrote");
    assertEquals(Optional.of(existing), people.get(existing.id()), "a vetoed write changed it");
  }

  @Test
  void didHookSeesTheResult() {
    PersonRepository watched = new PersonRepository(osmos);
    Map<Hook.Event, Object> seen = new ConcurrentHashMap<>();
    for (Hook.Event ev :
        List.of(
            Hook.Event.DID_SAVE,
            Hook.Event.DID_GET,
            Hook.Event.DID_UPDATE,
            Hook.Event.DID_DELETE,
            Hook.Event.DID_FIND)) {
      watched.hooks().on(ev, ctx -> seen.put(ev, ctx.result()));
    }
    Person stored = track(people, watched.insert(person(null)));
    assertEquals(stored, seen.get(Hook.Event.DID_SAVE), "DID_SAVE sees the stored model");
    assertNotNull(((Person) seen.get(Hook.Event.DID_SAVE)).id(), "with its generated key");

    watched.get(stored.id());
    assertEquals(Optional.of(stored), seen.get(Hook.Event.DID_GET));

    Optional<Person> updated = watched.update(stored.id(), x -> x.incrementVisits(3));
    assertEquals(updated, seen.get(Hook.Event.DID_UPDATE));
    assertEquals(3, updated.orElseThrow().visits());

    Page<Person> page = watched.find(Person_.team.eq(scope), PageRequest.first(5));
    assertEquals(page, seen.get(Hook.Event.DID_FIND));

    watched.delete(stored.id());
    assertEquals(Boolean.TRUE, seen.get(Hook.Event.DID_DELETE));
  }

  @Test
  void willSaveReplacementIsWhatIsStoredAndReturned() {
    PersonRepository stamping = new PersonRepository(osmos);
    stamping.hooks().on(Hook.Event.WILL_SAVE, ctx -> ctx.model(ctx.model().withAge(77)));
    Person stored = track(people, stamping.insert(person("stamp")));
    assertEquals(77, stored.age());
    assertEquals(77, people.get(stored.id()).orElseThrow().age());
  }

  @Test
  void didHookCanReplaceTheResult() {
    PersonRepository masking = new PersonRepository(osmos);
    masking
        .hooks()
        .on(
            Hook.Event.DID_GET,
            ctx -> ctx.result(((Optional<?>) ctx.result()).map(p -> ((Person) p).withName("***"))));
    Person p = track(people, people.insert(person("mask")));
    assertEquals("***", masking.get(p.id()).orElseThrow().name());
    assertEquals(p.name(), people.get(p.id()).orElseThrow().name(), "the stored model changed");
  }

  // ---- stored data that does not fit; unknown fields --------------------------------------------

  @Test
  void storedDataThatDoesNotFitIsDecodeExceptionNamingTheField() {
    Note n = track(notes, notes.insert(note("wrongtype")));
    putRawField(Note_.MODEL, n, "count", "many");
    DecodeException e = assertThrows(DecodeException.class, () -> notes.get(n.id()));
    assertEquals("count", e.path(), "the path of the field: " + e);
    assertTrue(e.getMessage().contains("count"), "message names the field: " + e);
    assertTrue(e.getMessage().contains("many"), "message shows the value found: " + e);
    assertContext(e, "get", "osmos_tk_notes");
    assertTrue(String.valueOf(e.key()).contains(n.id()), "names the key: " + e);
    assertThrows(DecodeException.class, () -> notes.getAll(List.of(n.id())), "getAll");
    assertTrue(notes.delete(n.id()), "a document that does not decode can still be deleted");
  }

  @Test
  void decodeExceptionNamesTheNestedPath() {
    Note n = track(notes, notes.insert(note("nested")));
    putRawField(Note_.MODEL, n, "address", Map.of("city", List.of(1L, 2L)));
    DecodeException e = assertThrows(DecodeException.class, () -> notes.get(n.id()));
    assertEquals("address.city", e.path(), "the dotted path of the field: " + e);
    Note m = track(notes, notes.insert(note("outofrange")));
    putRawField(Note_.MODEL, m, "count", 1L + Integer.MAX_VALUE);
    DecodeException big =
        assertThrows(
            DecodeException.class,
            () -> notes.get(m.id()),
            "an int field holding a value beyond the int range");
    assertEquals("count", big.path());
  }

  @Test
  void unknownStoredFieldsAreSkippedWithoutExtra() {
    Person p = track(people, people.insert(person("unknown")));
    putRawField(
        Person_.MODEL, p, "nickname", "Annie", "legacy", Map.of("a", List.of(1L, "two", true)));
    assertEquals(Optional.of(p), people.get(p.id()));
  }

  @Test
  void extraKeepsUnknownStoredFieldsAcrossReadModifyWrite() {
    Note n = track(notes, notes.insert(note("extra")));
    Map<String, Object> legacy = new LinkedHashMap<>();
    legacy.put("a", List.of(1L, "two", true));
    legacy.put("b", new BigDecimal("2.5"));
    putRawField(Note_.MODEL, n, "legacyText", "keep me", "legacyCount", 7L, "legacyTree", legacy);
    // Every store gives them back typed, even one that keeps an untyped text per field (Redis
    // hash fields): a number as a Long or a BigDecimal, an object as a Map.
    Map<String, Object> expected =
        Map.of("legacyText", "keep me", "legacyCount", 7L, "legacyTree", legacy);

    Note read = notes.get(n.id()).orElseThrow();
    assertEquals(expected, read.extra(), "@Extra collects the undeclared fields");
    Note saved =
        notes.save(
            new Note(
                read.id(),
                "edited",
                read.count() + 1,
                read.address(),
                read.extra(),
                read.version()));
    Note reread = notes.get(n.id()).orElseThrow();
    assertEquals(saved, reread);
    assertEquals("edited", reread.text());
    assertEquals(expected, reread.extra(), "a read-modify-write lost the undeclared fields");
    Note patched = notes.update(n.id(), x -> x.text("patched")).orElseThrow();
    assertEquals(expected, patched.extra(), "a patch lost the undeclared fields");
    assertEquals(expected, notes.get(n.id()).orElseThrow().extra());
  }

  // ---- error context ---------------------------------------------------------------------------

  @Test
  void errorsNameDriverBucketKeyAndOperation() {
    Person p = track(people, people.insert(person("ctx")));
    OsmosException dup =
        assertThrows(DuplicateKeyException.class, () -> people.insert(person("ctx")));
    assertContext(dup, "insert", PEOPLE);
    assertTrue(dup.getMessage().contains(p.id()), "message names the key: " + dup);
    OsmosException stale =
        assertThrows(ConcurrentUpdateException.class, () -> people.save(p.withVersion(9)));
    assertContext(stale, "save", PEOPLE);
    assertTrue(stale.getMessage().contains(p.id()), "message names the key: " + stale);
    OsmosException invalid =
        assertThrows(ValidationException.class, () -> people.save(p.withAge(-3)));
    assertContext(invalid, "save", PEOPLE);
    for (OsmosException e : List.of(dup, stale, invalid)) {
      assertTrue(
          e.getMessage().contains("operation=") && e.getMessage().contains("bucket="),
          "the message carries the context: " + e.getMessage());
    }
  }

  // ---- composite keys --------------------------------------------------------------------------

  @Test
  void compositeKeysWork() {
    String o1 = scope + "/o1";
    String o2 = scope + "/o2";
    String sku = scope + "/sku";
    for (OrderLine l :
        List.of(
            new OrderLine(o1, 10, sku, 1),
            new OrderLine(o2, 1, sku, 2),
            new OrderLine(o1, 2, sku, 3),
            new OrderLine(o1, -5, sku, 4),
            new OrderLine(o1, 1, sku, 5))) {
      trackKey(lines, new OrderLine_.Key(l.orderId(), l.lineNo()));
      lines.insert(l);
    }
    assertEquals(Optional.of(new OrderLine(o1, 2, sku, 3)), lines.get(new OrderLine_.Key(o1, 2)));
    assertEquals(Optional.empty(), lines.get(new OrderLine_.Key(o1, 3)));
    assertEquals(Optional.empty(), lines.get(new OrderLine_.Key(o2, 10)), "components mixed");
    assertThrows(DuplicateKeyException.class, () -> lines.insert(new OrderLine(o1, 2, sku, 9)));
    List<int[]> expectedOrder =
        List.of(
            new int[] {1, -5},
            new int[] {1, 1},
            new int[] {1, 2},
            new int[] {1, 10},
            new int[] {2, 1});
    List<OrderLine> bySku = lines.findBySku(sku);
    assertEquals(expectedOrder.size(), bySku.size());
    for (int i = 0; i < bySku.size(); i++) {
      int[] want = expectedOrder.get(i);
      assertEquals(want[0] == 1 ? o1 : o2, bySku.get(i).orderId(), "key order at " + i);
      assertEquals(want[1], bySku.get(i).lineNo(), "key order (numeric) at " + i);
    }
    OrderLine patched = lines.update(new OrderLine_.Key(o1, 10), x -> x.quantity(42)).orElseThrow();
    assertEquals(new OrderLine(o1, 10, sku, 42), patched);
    Map<OrderLine_.Key, OrderLine> some =
        lines.getAll(
            List.of(
                new OrderLine_.Key(o2, 1), new OrderLine_.Key(o1, 7), new OrderLine_.Key(o1, 1)));
    assertEquals(
        List.of(new OrderLine_.Key(o2, 1), new OrderLine_.Key(o1, 1)), List.copyOf(some.keySet()));
    assertTrue(lines.delete(new OrderLine_.Key(o1, 1)));
    assertEquals(Optional.empty(), lines.get(new OrderLine_.Key(o1, 1)));
    assertEquals(
        Optional.of(new OrderLine(o2, 1, sku, 2)),
        lines.get(new OrderLine_.Key(o2, 1)),
        "deleting (o1, 1) touched (o2, 1)");
  }

  // ---- exact conditions on strings --------------------------------------------------------------

  @Test
  void conditionsOnAnIndexedStringAreExactAroundSpecialCharacters() {
    String base = scope + "|";
    List<String> values = new ArrayList<>();
    for (String s : neighbours()) {
      String v = base + s;
      values.add(v);
      people.save(
          track(
              people,
              new Person(
                  key("n" + values.size()), null, v, scope, 1, 0, null, null, List.of(), 0)));
    }
    assertExactConditions(people, Person_.name, Person::name, values, 1, base, scope + "}");
  }

  @Test
  void conditionsOnAStringKeyAreExactAroundSpecialCharacters() {
    String base = scope + "|";
    List<String> keys = new ArrayList<>();
    for (String s : neighbours()) {
      String k = base + s;
      keys.add(k);
      people.save(
          new Person(
              trackKey(people, k), null, scope + "/kn", scope, 1, 0, null, null, List.of(), 0));
    }
    for (String k : keys) {
      assertEquals(
          k,
          people.get(k).map(Person::id).orElse(null),
          "get of " + printable(k) + " returns exactly that key");
    }
    assertExactConditions(people, Person_.id, Person::id, keys, 1, base, scope + "}");
  }

  @Test
  void conditionsOnTheFirstFieldOfACompositeKeyAreExactAroundSpecialCharacters() {
    String base = scope + "|";
    List<String> orders = new ArrayList<>();
    List<OrderLine> all = new ArrayList<>();
    for (String s : neighbours()) {
      String o = base + s;
      orders.add(o);
      for (int line = 1; line <= 2; line++) {
        OrderLine l = new OrderLine(o, line, scope + "/sku", line);
        trackKey(lines, new OrderLine_.Key(o, line));
        all.add(l);
      }
    }
    lines.saveAll(all);
    for (String o : orders) {
      assertEquals(
          List.of(new OrderLine(o, 2, scope + "/sku", 2)),
          lines.findAll(OrderLine_.orderId.eq(o).and(OrderLine_.lineNo.gte(2))),
          "eq on " + printable(o) + " and a range on the line");
    }
    assertExactConditions(
        lines, OrderLine_.orderId, OrderLine::orderId, orders, 2, base, scope + "}");
  }

  @Test
  void aStringWithNulIsStoredAsItIsOrRefused() {
    String base = scope + "|";
    if (storesNulInStrings()) {
      String plain = trackKey(people, base + "a");
      String nul = trackKey(people, base + "a\0b");
      people.save(new Person(plain, null, base + "x", scope, 1, 0, null, null, List.of(), 0));
      people.save(new Person(nul, null, base + "x\0y", scope, 1, 0, null, null, List.of(), 0));
      assertEquals(base + "x", people.get(plain).map(Person::name).orElse(null));
      assertEquals(base + "x\0y", people.get(nul).map(Person::name).orElse(null));
      return;
    }
    people.save(
        new Person(
            trackKey(people, base + "a"), null, base + "x", scope, 1, 0, null, null, List.of(), 0));
    assertThrows(
        RuntimeException.class,
        () ->
            people.save(
                new Person(base + "a\0b", null, base + "x", scope, 1, 0, null, null, List.of(), 0)),
        "a key with U+0000");
    assertThrows(
        RuntimeException.class,
        () ->
            people.save(
                new Person(
                    trackKey(people, base + "b"),
                    null,
                    base + "x\0y",
                    scope,
                    1,
                    0,
                    null,
                    null,
                    List.of(),
                    0)),
        "an indexed value with U+0000");
    assertEquals(
        List.of(base + "a"),
        personIds(people.findAll(Person_.id.prefix(base))),
        "nothing else was stored");
  }

  /**
   * A lone surrogate is not valid Unicode, and UTF-8 encoders write '?' for it: a store that keeps
   * it must keep it as itself, and one that cannot must refuse it. Either way the key and the index
   * value "...?" stay another model's.
   */
  @Test
  void aLoneSurrogateIsNeverAnotherString() {
    String base = scope + "|";
    String plain = trackKey(people, base + "?");
    Person question =
        people.save(new Person(plain, null, base + "n?", scope, 1, 0, null, null, List.of(), 0));
    for (String lone : List.of("\uD800", "\uDFFF", "\uD83D")) {
      String k = base + lone;
      Person p = new Person(k, null, base + "n" + lone, scope, 2, 0, null, null, List.of(), 0);
      boolean stored;
      try {
        people.save(p);
        trackKey(people, k);
        stored = true;
      } catch (RuntimeException e) {
        stored = false;
      }
      assertEquals(
          Optional.of(question),
          people.get(plain),
          "the key " + printable(plain) + " after saving " + printable(k));
      assertEquals(
          List.of(question),
          people.findByName(base + "n?"),
          "the index value " + printable(base + "n?"));
      if (stored) {
        assertEquals(Optional.of(p.withVersion(1)), people.get(k), printable(k));
        assertEquals(
            List.of(p.withVersion(1)),
            people.findByName(base + "n" + lone),
            printable(base + "n" + lone));
      } else {
        // Reading what cannot be stored finds nothing, or is refused as well; never "...?".
        assertNoneOrRefused(
            Optional.empty(), () -> people.get(k), "get of the refused " + printable(k));
        assertNoneOrRefused(
            List.of(),
            () -> people.findByName(base + "n" + lone),
            "the refused index value " + printable(base + "n" + lone));
        assertNoneOrRefused(
            List.of(),
            () -> people.findAll(Person_.id.eq(k)),
            "eq on the refused key " + printable(k));
      }
    }
  }

  /** The same for the key of a model without indexes (a table the store checks less). */
  @Test
  void aLoneSurrogateKeyIsNeverAnotherKeyWithoutIndexes() {
    String base = scope + "|";
    String plain = trackKey(notes, base + "?");
    notes.save(new Note(plain, "question mark", 1, null, Map.of(), 0));
    for (String lone : List.of("\uD800", "\uDFFF", "\uD83D")) {
      String k = base + lone;
      boolean stored;
      try {
        notes.save(new Note(k, "lone", 2, null, Map.of(), 0));
        trackKey(notes, k);
        stored = true;
      } catch (RuntimeException e) {
        stored = false;
      }
      assertEquals(
          Optional.of("question mark"),
          notes.get(plain).map(Note::text),
          "the key " + printable(plain) + " after saving " + printable(k));
      if (stored) {
        assertEquals(Optional.of(k), notes.get(k).map(Note::id), printable(k));
      } else {
        assertNoneOrRefused(
            Optional.empty(), () -> notes.get(k), "get of the refused " + printable(k));
      }
    }
  }

  /** A value with a lone surrogate reads back as itself, or the write is refused. */
  @Test
  void aLoneSurrogateInAValueReadsBackAsItselfOrIsRefused() {
    List<String> lones = List.of("\uD800", "x\uDFFFy", "\uD83D");
    for (int i = 0; i < lones.size(); i++) {
      String lone = lones.get(i);
      Note n = new Note(key("lone" + i), lone, 1, null, Map.of("extra", lone), 0);
      try {
        notes.save(n);
      } catch (RuntimeException e) {
        assertNoneOrRefused(Optional.empty(), () -> notes.get(n.id()), "refused, yet stored");
        continue;
      }
      trackKey(notes, n.id());
      Note got = notes.get(n.id()).orElseThrow();
      assertEquals(lone, got.text(), "a lone surrogate was stored as another string");
      assertEquals(lone, got.extra().get("extra"), "in an @Extra value");
    }
  }

  private static <R> void assertNoneOrRefused(R none, Supplier<R> read, String what) {
    R got;
    try {
      got = read.get();
    } catch (RuntimeException e) {
      return;
    }
    assertEquals(none, got, what);
  }

  /**
   * Suffixes next to what ordered encodings treat specially: U+0000 (escaped in tuple encodings,
   * where the encoding of "a" is a byte prefix of that of "a\0b"), U+0001, the empty string, the
   * highest char of the BMP and a surrogate pair (above U+FFFF by code point, below it by UTF-16
   * unit). Without U+0000 for stores that cannot hold it.
   */
  private List<String> neighbours() {
    List<String> all =
        List.of(
            "",
            "\0",
            "\0\0",
            "\0a",
            "\u0001",
            "a",
            "a\0",
            "a\0\0",
            "a\0a",
            "a\u0001",
            "a\u0001\0",
            "ab",
            "\uE000",
            "\uFFFF",
            "\uFFFF\0",
            "\uFFFF\uFFFF",
            "\uD83D\uDE00",
            "\uD83D\uDE00\0",
            "\uD83D\uDE00a");
    return storesNulInStrings() ? all : all.stream().filter(s -> s.indexOf('\0') < 0).toList();
  }

  /**
   * For every stored value v and each of eq, gt, gte, lt, lte and prefix on v, the query (kept
   * within [low, high), which holds every stored value and no other test's) returns exactly the
   * models whose value the condition selects by code point ({@code perValue} models per value), in
   * code point order, and count agrees.
   */
  private <T> void assertExactConditions(
      DocumentRepository<T, ?> repo,
      StringProperty<T> p,
      Function<T, String> get,
      List<String> stored,
      int perValue,
      String low,
      String high) {
    List<String> sorted = new ArrayList<>(stored);
    sorted.sort(DocumentStoreConformance::compareCodePoints);
    Query<T> within = p.gte(low).and(p.lt(high));
    assertEquals(
        printables(sorted),
        printables(distinct(repo.findAll(within), get)),
        "every stored value, in code point order");
    for (String v : stored) {
      Map<String, Query<T>> queries = new LinkedHashMap<>();
      queries.put("eq", p.eq(v));
      queries.put("gt", p.gt(v).and(p.lt(high)));
      queries.put("gte", p.gte(v).and(p.lt(high)));
      queries.put("lt", p.lt(v).and(p.gte(low)));
      queries.put("lte", p.lte(v).and(p.gte(low)));
      queries.put("prefix", p.prefix(v));
      for (Map.Entry<String, Query<T>> q : queries.entrySet()) {
        List<String> want = new ArrayList<>();
        for (String s : sorted) {
          int c = compareCodePoints(s, v);
          boolean selected =
              switch (q.getKey()) {
                case "eq" -> c == 0;
                case "gt" -> c > 0;
                case "gte" -> c >= 0;
                case "lt" -> c < 0;
                case "lte" -> c <= 0;
                default -> s.startsWith(v);
              };
          if (selected) {
            want.add(s);
          }
        }
        String what = p.name() + " " + q.getKey() + " " + printable(v);
        List<T> found = repo.findAll(q.getValue());
        assertEquals(printables(want), printables(distinct(found, get)), what);
        assertEquals(want.size() * perValue, found.size(), what + ": models per value");
        assertEquals(found.size(), repo.count(q.getValue()), what + ": count");
      }
    }
  }

  /** The values of {@code models} in their order, each once (several models may share one). */
  private static <T> List<String> distinct(List<T> models, Function<T, String> get) {
    List<String> out = new ArrayList<>();
    for (T m : models) {
      String v = get.apply(m);
      if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  private static List<String> printables(List<String> values) {
    return values.stream().map(DocumentStoreConformance::printable).toList();
  }

  // ---- documents stored by older versions of a model -------------------------------------------

  @Test
  void aDocumentStoredUnderAFormerFieldNameReadsBackAndIsFoundOnceSaved() {
    String id = trackKey(members, key("renamed"));
    putRawDocument(Member_.MODEL, id, oldMember(id, "Ann Lee"));
    Member read = members.get(id).orElseThrow();
    assertEquals(new Member(id, "Ann Lee", scope, 1, 3), read);
    members.save(read);
    assertEquals(
        List.of(read),
        members.findByFullName("Ann Lee").stream().filter(m -> m.team().equals(scope)).toList(),
        "the index follows the current name");
    Member renamed = read.withFullName("Ann Smith");
    members.save(renamed);
    assertEquals(renamed, members.get(id).orElseThrow());
    assertEquals(
        List.of(),
        members.findByFullName("Ann Lee").stream().filter(m -> m.team().equals(scope)).toList());
  }

  @Test
  void aSaveWritesARenamedFieldUnderItsCurrentNameOnly() {
    String id = trackKey(members, key("moved"));
    putRawDocument(Member_.MODEL, id, oldMember(id, "Bo Ek"));
    assertEquals(
        Set.of("id", "name", "team", "visits"), storedNames(id), "the planted document, as stored");
    members.save(members.get(id).orElseThrow());
    assertEquals(
        Set.of("id", "fullName", "team", "level", "visits"),
        storedNames(id),
        "a save moves the value to the current name");
    assertEquals("Bo Ek", members.get(id).orElseThrow().fullName());
  }

  @Test
  void theCurrentFieldNameWinsOverAFormerOne() {
    String id = trackKey(members, key("both"));
    Map<String, Object> doc = oldMember(id, "Old Name");
    doc.put("fullName", "New Name");
    putRawDocument(Member_.MODEL, id, doc);
    assertEquals("New Name", members.get(id).orElseThrow().fullName());
  }

  @Test
  void aMissingPrimitiveFailsTheReadNamingTheField() {
    String id = trackKey(members, key("novisits"));
    Map<String, Object> doc = oldMember(id, "Cy Dahl");
    doc.remove("visits");
    putRawDocument(Member_.MODEL, id, doc);
    DecodeException e = assertThrows(DecodeException.class, () -> members.get(id));
    assertEquals("visits", e.path());
    assertTrue(e.missing(), e.getMessage());
    assertTrue(e.getMessage().contains("Member.visits is a long without @Default"), e.getMessage());
  }

  /** {@code id} as the model stored it before the rename and before {@code level} existed. */
  private Map<String, Object> oldMember(String id, String name) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("id", id);
    doc.put("name", name);
    doc.put("team", scope);
    doc.put("visits", 3L);
    return doc;
  }

  private Set<String> storedNames(String id) {
    Set<String> names = storedFieldNames(Member_.MODEL, id);
    Assumptions.assumeTrue(
        names != null,
        getClass().getSimpleName()
            + " does not override storedFieldNames, so the stored form cannot be checked");
    return names;
  }

  // ---- values at the limits of their types -----------------------------------------------------

  @Test
  void valuesAtTypeLimitsRoundTrip() {
    List<Extremes> all =
        List.of(
            minimums(key("min")),
            maximums(key("max")),
            specials(key("special"), -0.0d, Double.NaN, Float.NaN),
            specials(
                key("inf"),
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Float.POSITIVE_INFINITY),
            specials(
                key("ninf"), Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Float.NEGATIVE_INFINITY),
            nulls(key("nulls")),
            empties(key("empties")));
    for (Extremes x : all) {
      trackKey(extremes, x.id());
      extremes.save(x);
    }
    assertAll(
        all.stream()
            .map(
                x ->
                    () ->
                        assertSameValues(
                            x,
                            extremes
                                .get(x.id())
                                .orElseThrow(
                                    () -> new AssertionError(x.id() + " was not stored")))));
    Map<String, Extremes> batch = extremes.getAll(extremeIds(all));
    assertAll(all.stream().map(x -> () -> assertSameValues(x, batch.get(x.id()))));
  }

  @Test
  void extremeIndexValuesAreFound() {
    Extremes min = minimums(key("imin"));
    Extremes max = maximums(key("imax"));
    trackKey(extremes, min.id());
    trackKey(extremes, max.id());
    extremes.saveAll(List.of(min, max));
    assertTrue(extremeIds(extremes.findByIndexedLong(Long.MIN_VALUE)).contains(min.id()));
    assertTrue(extremeIds(extremes.findByIndexedLong(Long.MAX_VALUE)).contains(max.id()));
    assertFalse(extremeIds(extremes.findByIndexedLong(Long.MAX_VALUE)).contains(min.id()));
  }

  @Test
  void incrementsAtTheLimitsOfLong() {
    Person p = track(people, people.insert(person("bigcount")));
    people.update(p.id(), x -> x.incrementVisits(Long.MAX_VALUE - 1));
    assertEquals(
        Long.MAX_VALUE, people.update(p.id(), x -> x.incrementVisits(1)).orElseThrow().visits());
    assertEquals(
        -1L, people.update(p.id(), x -> x.incrementVisits(Long.MIN_VALUE)).orElseThrow().visits());
  }

  /**
   * Plants {@code model} as stored, with the given (field, value) pairs replacing or adding stored
   * fields, through {@link #putRawDocument}.
   */
  private <T, K> void putRawField(ModelSchema<T, K> schema, T model, Object... fieldsAndValues) {
    Map<String, Object> tree = new LinkedHashMap<>(TreeFormat.encode(schema, model));
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      tree.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    putRawDocument(schema, schema.key(model), tree);
  }

  // ---- what a writer accepts, the reader reads back; limits on every write path ---------------

  @Test
  void valuesAtTheEdgesOfEveryReaderReadBackEqual() {
    String nul = storesNulInStrings() ? "\0" : ""; // see storesNulInStrings()
    Extremes e =
        new Extremes(
            key("edges"),
            7,
            7,
            7L,
            7,
            (short) 7,
            (byte) 7,
            '\u2028',
            0.1,
            Double.MIN_NORMAL,
            7.038531E-26f,
            true,
            new BigDecimal("1.50"),
            BigInteger.TEN.pow(5000),
            Instant.EPOCH,
            LocalDate.of(2000, 1, 1),
            LocalDateTime.of(2000, 1, 1, 0, 0),
            Duration.ZERO,
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            nul + " \u0001 \u001f \u007f \u0085 \u2028 \uFFFF \uD83D\uDE00 \"'\\ end",
            new byte[] {0, -1},
            Level.HIGH,
            List.of(nul, "\uDBFF\uDFFF"),
            Set.of(-1L),
            Map.of(nul + "key", 1L, "k".repeat(20_000), 2L),
            Optional.of("\uFFFF"),
            List.of(new Address("\uD83D\uDE00", nul + "0")));
    track(extremes, e);
    extremes.save(e);
    Extremes got = extremes.get(e.id()).orElseThrow();
    assertSameValues(e, got);
    assertEquals(
        Float.floatToRawIntBits(7.038531E-26f),
        Float.floatToRawIntBits(got.floatValue()),
        "a float whose shortest decimal is near a double rounding boundary");
    assertEquals(new BigDecimal("1.50"), got.decimal(), "the decimal's scale");
  }

  @Test
  void extraValuesKeepTheirScale() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("price", new BigDecimal("1.50"));
    extra.put("ratio", new BigDecimal("0.1"));
    extra.put("qty", 3L);
    extra.put("list", List.of("a", new BigDecimal("2.00")));
    Note n = new Note(key("x"), "t", 1, null, extra, 0);
    track(notes, n);
    notes.save(n);
    assertEquals(extra, notes.get(n.id()).orElseThrow().extra());
  }

  @Test
  void aLoneSurrogateIsRefusedOnEveryWritePathAndNothingIsWritten() {
    Note bad = new Note(key("lone"), "half a pair \uD83D", 1, null, Map.of(), 0);
    trackKey(notes, bad.id());
    List<Runnable> writes =
        List.of(
            () -> notes.insert(bad),
            () -> notes.save(bad),
            () -> notes.saveAll(List.of(note("ok"), bad)));
    for (Runnable write : writes) {
      ValidationException e = assertThrows(ValidationException.class, write::run);
      assertTrue(paths(e.violations()).contains("text"), e.getMessage());
    }
    Map<String, Object> extra = Map.of("k\uDC00", 1L);
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () -> notes.save(new Note(key("lone"), "t", 1, null, extra, 0)));
    assertTrue(e.getMessage().contains("lone surrogate"), e.getMessage());
    Note stored = notes.save(note("patched"));
    track(notes, stored);
    assertThrows(ValidationException.class, () -> notes.update(stored.id(), p -> p.text("\uDBFF")));
    assertEquals(stored, notes.get(stored.id()).orElseThrow());
    assertFalse(notes.get(bad.id()).isPresent());
    assertFalse(notes.get(key("ok")).isPresent());
  }

  @Test
  void aModelLargerThanTheRecordLimitIsRefusedOnEveryWritePath() {
    int max = driver.limits().maxRecordBytes();
    Note big = new Note(key("big"), "x".repeat(max + 1), 1, null, Map.of(), 0);
    trackKey(notes, big.id());
    List<Runnable> writes =
        List.of(
            () -> notes.insert(big),
            () -> notes.save(big),
            () -> notes.saveAll(List.of(note("small"), big)));
    for (Runnable write : writes) {
      LimitExceededException e = assertThrows(LimitExceededException.class, write::run);
      assertTrue(e.getMessage().contains("maxRecordBytes"), e.getMessage());
    }
    Note stored = notes.save(note("patched"));
    track(notes, stored);
    LimitExceededException e =
        assertThrows(
            LimitExceededException.class,
            () -> notes.update(stored.id(), p -> p.text("y".repeat(max + 1))));
    assertTrue(e.getMessage().contains("maxRecordBytes"), e.getMessage());
    assertEquals(stored, notes.get(stored.id()).orElseThrow());
    assertFalse(notes.get(big.id()).isPresent());
    assertFalse(notes.get(key("small")).isPresent());
  }

  @Test
  void aPatchWhoseResultIsLargerThanTheRecordLimitIsRefused() {
    // Each value is below the limit, the patched document is not: the driver measures the result.
    int max = driver.limits().maxRecordBytes();
    Note big =
        track(
            notes,
            notes.save(
                new Note(key("grows"), "t", 1, null, Map.of("bulk", "x".repeat(max / 2)), 0)));
    LimitExceededException e =
        assertThrows(
            LimitExceededException.class,
            () -> notes.update(big.id(), p -> p.text("y".repeat(max / 2 + 64))));
    assertTrue(e.getMessage().contains("maxRecordBytes"), e.getMessage());
    assertEquals(big, notes.get(big.id()).orElseThrow());
  }

  @Test
  void updateChecksTheIndexEntryLimitInsertChecks() {
    Person p = track(people, people.save(person("indexed")));
    String longName = scope + "/" + "n".repeat(driver.limits().maxKeyBytes());
    LimitExceededException e =
        assertThrows(
            LimitExceededException.class, () -> people.update(p.id(), x -> x.name(longName)));
    assertTrue(e.getMessage().contains("index entry for field 'name'"), e.getMessage());
    assertContext(e, "update", PEOPLE);
    assertEquals(p, people.get(p.id()).orElseThrow());
  }

  @Test
  void nestingIsLimitedOnEveryWritePathNotAStackOverflow() {
    int max = maxNesting();
    Outline deepest = outline(key("deepest"), max);
    track(outlines, deepest);
    outlines.save(deepest);
    assertEquals(deepest, outlines.get(deepest.id()).orElseThrow());
    assertEquals(
        deepest,
        outlines.update(deepest.id(), p -> p.root(deepest.root())).orElseThrow(),
        "a patch that keeps the deepest nesting");
    Outline deeper = outline(key("deeper"), max + 1);
    // Each section is an object and its children an array: 5000 sections are 10 000 levels.
    Outline far = outline(key("far"), 10_000);
    for (Outline tooDeep : List.of(deeper, far)) {
      trackKey(outlines, tooDeep.id());
      for (Runnable write :
          List.<Runnable>of(
              () -> outlines.insert(tooDeep),
              () -> outlines.save(tooDeep),
              () -> outlines.saveAll(List.of(tooDeep)),
              () -> outlines.update(deepest.id(), p -> p.root(tooDeep.root())))) {
        LimitExceededException e = assertThrows(LimitExceededException.class, write::run);
        // The driver's limit, or first that of every format.
        assertTrue(
            e.getMessage().contains(String.valueOf(max))
                || e.getMessage().contains(String.valueOf(CodecLimits.MAX_DEPTH)),
            e.getMessage());
      }
      assertFalse(outlines.get(tooDeep.id()).isPresent());
    }
    assertEquals(deepest, outlines.get(deepest.id()).orElseThrow());
  }

  /** An outline whose objects and arrays are nested {@code depth} deep, its own object included. */
  private static Outline outline(String id, int depth) {
    // A section is an object and its children an array: an empty array ends an even depth.
    int levels = depth - 1;
    Section s = new Section("leaf", levels % 2 == 0 ? List.of() : null);
    for (int d = levels % 2 == 0 ? 2 : 1; d < levels; d += 2) {
      s = new Section("level", List.of(s));
    }
    return new Outline(id, s);
  }

  // ---- fixtures --------------------------------------------------------------------------------

  /** A key unique to the current test. */
  protected final String key(String suffix) {
    return scope + "/" + suffix;
  }

  /** The scope of the current test: a prefix of every key and index value it writes. */
  @Override
  protected final String scope() {
    return scope;
  }

  private Person person(String suffix) {
    String id = suffix == null ? null : key(suffix);
    String name = scope + "/" + (suffix == null ? "gen" + serial.incrementAndGet() : suffix);
    return new Person(
        id,
        "p" + serial.incrementAndGet() + "." + scope + "@example.org",
        name,
        scope,
        30,
        0,
        null,
        new Address("Oslo", "0150"),
        List.of("a", "b"),
        0);
  }

  private Note note(String suffix) {
    return new Note(key(suffix), "text", 1, new Address("Bergen", null), Map.of(), 0);
  }

  private Item item(int i, String note) {
    return new Item(
        key(String.format("i%05d", i)), scope, i, scope + String.format("-a%05d", i), note);
  }

  /** Stores {@code n} items of this test's batch, in key order, with consecutive {@code seq}. */
  private List<Item> items(int n) {
    long base = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    List<Item> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Item it = item(i, null);
      batch.add(track(items, new Item(it.id(), it.batch(), base + i, it.label(), "n" + i)));
    }
    items.saveAll(batch);
    return batch;
  }

  private static List<String> oddStrings() {
    return List.of(
        "with space",
        " leading and trailing ",
        "a:b:c",
        "star*",
        "*",
        "?",
        "[ab]",
        "q\"uote",
        "s'ingle",
        "back\\slash",
        "50%_off",
        "ключ-鍵-🔑",
        "e\u0301 vs \u00e9",
        "new\nline\ttab",
        "'; DROP TABLE people; --",
        "{\"json\":1}",
        "/a/b/",
        "?x=1&y=2#z",
        "-",
        "..",
        "\u2028");
  }

  private Extremes minimums(String id) {
    return new Extremes(
        id,
        Long.MIN_VALUE,
        Long.MIN_VALUE,
        Long.MIN_VALUE,
        Integer.MIN_VALUE,
        Short.MIN_VALUE,
        Byte.MIN_VALUE,
        'é',
        -Double.MAX_VALUE,
        Double.MIN_VALUE,
        -Float.MAX_VALUE,
        false,
        new BigDecimal("-123456789012345678901234567890.123456789012345678901234567890"),
        BigInteger.TWO.pow(200).negate(),
        Instant.parse("0001-01-01T00:00:00Z"),
        LocalDate.of(1, 1, 1),
        LocalDateTime.of(1, 1, 1, 0, 0),
        Duration.ofSeconds(-86_400L * 365 * 1000, 1),
        new UUID(0, 0),
        "",
        new byte[0],
        Level.LOW,
        List.of(),
        Set.of(),
        Map.of(),
        Optional.empty(),
        List.of());
  }

  private Extremes maximums(String id) {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("a.b", Long.MIN_VALUE);
    map.put("x y", Long.MAX_VALUE);
    map.put("$k", 0L);
    map.put("ключ", 1L);
    return new Extremes(
        id,
        Long.MAX_VALUE,
        Long.MAX_VALUE,
        Long.MAX_VALUE,
        Integer.MAX_VALUE,
        Short.MAX_VALUE,
        Byte.MAX_VALUE,
        '中',
        Double.MAX_VALUE,
        Double.MAX_VALUE,
        Float.MAX_VALUE,
        true,
        new BigDecimal("123456789012345678901234567890.123456789012345678901234567890"),
        BigInteger.TWO.pow(200),
        Instant.parse("9999-12-31T23:59:59.999999999Z"),
        LocalDate.of(9999, 12, 31),
        LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999),
        Duration.ofSeconds(86_400L * 365 * 1000, 999_999_999),
        new UUID(-1, -1),
        "ünïcødé 🔑 \"q\" \\ \n" + "x".repeat(100_000),
        all,
        Level.HIGH,
        List.of("", " ", "a"),
        Set.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L),
        map,
        Optional.of(""),
        List.of(new Address("A", null), new Address("B", "0150")));
  }

  private Extremes specials(String id, double d, double boxed, float f) {
    return new Extremes(
        id,
        0,
        -1,
        0L,
        -1,
        (short) 0,
        (byte) 0,
        ' ',
        d,
        boxed,
        f,
        false,
        new BigDecimal("1E-40"),
        BigInteger.ZERO,
        Instant.ofEpochSecond(-1, 999_999_999),
        LocalDate.of(1970, 1, 1),
        LocalDateTime.of(2024, 2, 29, 12, 0, 0, 1),
        Duration.ZERO,
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        " ",
        new byte[] {0},
        Level.LOW,
        List.of(""),
        Set.of(0L),
        Map.of("", 0L),
        Optional.of("x"),
        List.of());
  }

  private Extremes nulls(String id) {
    return new Extremes(
        id,
        1,
        1,
        null,
        1,
        (short) 1,
        (byte) 1,
        'x',
        1,
        null,
        1,
        true,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Optional.empty(),
        null);
  }

  private Extremes empties(String id) {
    return new Extremes(
        id,
        2,
        2,
        0L,
        0,
        (short) 0,
        (byte) 0,
        'y',
        0.0,
        0.0,
        0f,
        false,
        BigDecimal.ZERO,
        BigInteger.ZERO,
        Instant.EPOCH,
        LocalDate.of(2000, 1, 1),
        LocalDateTime.of(2000, 1, 1, 0, 0),
        Duration.ZERO,
        new UUID(0, 1),
        "",
        new byte[0],
        Level.LOW,
        List.of(),
        Set.of(),
        Map.of(),
        Optional.empty(),
        List.of());
  }

  /** Compares field by field: arrays by content, decimals by value, floats bit for bit. */
  private static void assertSameValues(Extremes want, Extremes got) {
    assertNotNull(got, want.id() + " missing");
    String at = want.id() + ": ";
    assertAll(
        () -> assertEquals(want.id(), got.id(), at + "id"),
        () -> assertEquals(want.indexedLong(), got.indexedLong(), at + "indexedLong"),
        () -> assertEquals(want.longValue(), got.longValue(), at + "longValue"),
        () -> assertEquals(want.boxedLong(), got.boxedLong(), at + "boxedLong"),
        () -> assertEquals(want.intValue(), got.intValue(), at + "intValue"),
        () -> assertEquals(want.shortValue(), got.shortValue(), at + "shortValue"),
        () -> assertEquals(want.byteValue(), got.byteValue(), at + "byteValue"),
        () -> assertEquals(want.charValue(), got.charValue(), at + "charValue"),
        () ->
            assertEquals(
                Double.doubleToRawLongBits(want.doubleValue()),
                Double.doubleToRawLongBits(got.doubleValue()),
                at + "doubleValue: want " + want.doubleValue() + ", got " + got.doubleValue()),
        () -> assertEquals(want.boxedDouble(), got.boxedDouble(), at + "boxedDouble"),
        () ->
            assertEquals(
                Float.floatToIntBits(want.floatValue()),
                Float.floatToIntBits(got.floatValue()),
                at + "floatValue: want " + want.floatValue() + ", got " + got.floatValue()),
        () -> assertEquals(want.flag(), got.flag(), at + "flag"),
        () -> assertDecimal(want.decimal(), got.decimal(), at + "decimal"),
        () -> assertEquals(want.bigInteger(), got.bigInteger(), at + "bigInteger"),
        () -> assertEquals(want.instant(), got.instant(), at + "instant"),
        () -> assertEquals(want.date(), got.date(), at + "date"),
        () -> assertEquals(want.dateTime(), got.dateTime(), at + "dateTime"),
        () -> assertEquals(want.duration(), got.duration(), at + "duration"),
        () -> assertEquals(want.uuid(), got.uuid(), at + "uuid"),
        () -> assertEquals(want.text(), got.text(), at + "text (empty and null differ)"),
        () -> assertArrayEquals(want.bytes(), got.bytes(), at + "bytes"),
        () -> assertEquals(want.level(), got.level(), at + "level"),
        () -> assertEquals(want.list(), got.list(), at + "list (empty and null differ)"),
        () -> assertEquals(want.set(), got.set(), at + "set (empty and null differ)"),
        () -> assertEquals(want.map(), got.map(), at + "map (empty and null differ)"),
        () -> assertEquals(want.optional(), got.optional(), at + "optional"),
        () -> assertEquals(want.addresses(), got.addresses(), at + "addresses"));
  }

  private static void assertDecimal(BigDecimal want, BigDecimal got, String what) {
    if (want == null || got == null) {
      assertEquals(want, got, what);
    } else {
      assertEquals(0, want.compareTo(got), what + ": want " + want + ", got " + got);
    }
  }

  private void assertContext(OsmosException e, String operation, String bucket) {
    assertEquals(operation, e.operation(), "operation named by " + e);
    assertEquals(bucket, e.bucket(), "bucket named by " + e);
    assertNotNull(e.driver(), "driver named by " + e);
    assertTrue(
        e.driver().contains(TestModels.DRIVER) && e.driver().contains(driver.kind()),
        "driver named by " + e + " is '" + e.driver() + "'");
  }

  private static Set<String> paths(List<Violation> violations) {
    return violations.stream().map(Violation::path).collect(Collectors.toSet());
  }

  private static List<String> keys(Collection<Person> people) {
    return people.stream().map(Person::id).toList();
  }

  private static List<String> ids(List<Item> models) {
    return models.stream().map(Item::id).toList();
  }

  private static List<String> personIds(List<Person> models) {
    return models.stream().map(Person::id).toList();
  }

  private static List<String> extremeIds(List<Extremes> models) {
    return models.stream().map(Extremes::id).toList();
  }

  private static String printable(String s) {
    String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
    StringBuilder b = new StringBuilder();
    shown
        .chars()
        .forEach(
            c ->
                b.append(
                    c == '\n'
                        ? "\\n"
                        : c == '\t'
                            ? "\\t"
                            : c < 0x20 || (c >= 0xD800 && c < 0xE000) || c == 0xFFFF
                                ? String.format("\\u%04X", c)
                                : String.valueOf((char) c)));
    return '"' + b.toString() + "\" (" + s.length() + " chars)";
  }

  // ---- cleanup ---------------------------------------------------------------------------------

  private <T, K> T track(DocumentRepository<T, K> repo, T model) {
    trackKey(repo, repo.schema().key(model));
    return model;
  }

  private <K> K trackKey(DocumentRepository<?, K> repo, K key) {
    written.computeIfAbsent(repo, r -> new LinkedHashSet<>()).add(key);
    return key;
  }

  @SuppressWarnings("unchecked")
  private <T, K> void deleteTracked(DocumentRepository<T, K> repo, Set<Object> keys) {
    List<K> all = new ArrayList<>();
    for (Object k : keys) {
      all.add((K) k);
    }
    int max = driver.limits().maxBatch();
    for (int i = 0; i < all.size(); i += max) {
      repo.deleteAll(all.subList(i, Math.min(all.size(), i + max)));
    }
  }
}
