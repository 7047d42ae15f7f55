package io.osmos.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.DocumentRepository;
import io.osmos.Osmos;
import io.osmos.Page;
import io.osmos.PageRequest;
import io.osmos.annotations.Hook;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.HookVetoException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.ValidationException;
import io.osmos.memory.fixtures.Account;
import io.osmos.memory.fixtures.AccountRepository;
import io.osmos.memory.fixtures.Account_;
import io.osmos.memory.fixtures.Note;
import io.osmos.memory.fixtures.NoteRepository;
import io.osmos.memory.fixtures.Note_;
import io.osmos.memory.fixtures.RenamedSchema;
import io.osmos.memory.fixtures.Token;
import io.osmos.memory.fixtures.TokenRepository;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The memory driver's document store, used through a repository as applications use it. */
class MemoryDocumentStoreTest {
  private MemoryDriver driver;
  private Osmos osmos;
  private AccountRepository accounts;

  @BeforeEach
  void setUp() {
    driver = new MemoryDriver();
    osmos = Osmos.builder().driver("db", driver).build();
    accounts = new AccountRepository(osmos);
  }

  @AfterEach
  void tearDown() {
    osmos.close();
  }

  // ---- CRUD and keys -------------------------------------------------------------------------

  @Test
  void insertGeneratesAStringKeyAndVersionOne() {
    Account a = accounts.insert(Account.of("ann@example.org", 3));
    assertTrue(a.id().matches("[0-9a-f]{40}"), a.id());
    assertEquals(1, a.version());
    assertEquals(a, accounts.get(a.id()).orElseThrow());
    Account b = accounts.insert(Account.of("bob@example.org", 3));
    assertNotEquals(a.id(), b.id());
  }

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertTrue(accounts.get("nobody").isEmpty());
    assertFalse(accounts.delete("nobody"));
  }

  @Test
  void longKeysComeFromAPerBucketSequenceSkippingTakenValues() {
    NoteRepository notes = new NoteRepository(osmos);
    notes.save(new Note(2, "given"));
    assertEquals(1, notes.insert(new Note(0, "a")).id());
    assertEquals(3, notes.insert(new Note(0, "b")).id());
    assertEquals(4, notes.insert(new Note(0, "c")).id());
    assertEquals("given", notes.get(2L).orElseThrow().text());

    // Another driver has its own sequence.
    try (Osmos other = Osmos.builder().driver("db", new MemoryDriver()).build()) {
      assertEquals(1, new NoteRepository(other).insert(new Note(0, "x")).id());
    }
  }

  @Test
  void uuidKeysAreRandom() {
    TokenRepository tokens = new TokenRepository(osmos);
    Token a = tokens.insert(new Token(null, "a"));
    Token b = tokens.insert(new Token(null, "b"));
    assertNotEquals(a.id(), b.id());
    assertEquals(4, a.id().version());
    assertEquals("b", tokens.get(b.id()).orElseThrow().label());
  }

  @Test
  void insertingAnExistingKeyFailsWithContext() {
    accounts.insert(Account.of("ann@example.org", 1).withId("ann"));
    DuplicateKeyException e =
        assertThrows(
            DuplicateKeyException.class,
            () -> accounts.insert(Account.of("other@example.org", 2).withId("ann")));
    assertEquals("ann", e.key());
    assertEquals("accounts", e.bucket());
    assertEquals("insert", e.operation());
    assertEquals("db (memory)", e.driver());
    assertEquals("ann@example.org", accounts.get("ann").orElseThrow().email());
  }

  @Test
  void saveUpsertsAndChecksTheVersion() {
    Account v1 = accounts.save(Account.of("ann@example.org", 1).withId("ann"));
    assertEquals(1, v1.version());
    Account v2 = accounts.save(v1.withVisits(2));
    assertEquals(2, v2.version());

    ConcurrentUpdateException stale =
        assertThrows(ConcurrentUpdateException.class, () -> accounts.save(v1.withVisits(99)));
    assertTrue(stale.getMessage().contains("expected at version 1"), stale.getMessage());
    assertTrue(stale.getMessage().contains("stored version is 2"), stale.getMessage());
    assertEquals(2, accounts.get("ann").orElseThrow().visits());

    // A model that is not stored counts as version 0.
    ConcurrentUpdateException missing =
        assertThrows(
            ConcurrentUpdateException.class,
            () -> accounts.save(Account.of("new@example.org", 1).withId("new").withVersion(5)));
    assertTrue(missing.getMessage().contains("not stored"), missing.getMessage());
    assertTrue(accounts.get("new").isEmpty());
  }

  @Test
  void storedDataIsACopyOfTheCallersObjects() {
    List<String> tags = new ArrayList<>(List.of("a"));
    accounts.save(Account.of("ann@example.org", 1).withId("ann").withTags(tags));
    tags.add("changed after save");
    Account read = accounts.get("ann").orElseThrow();
    assertEquals(List.of("a"), read.tags());
    assertThrows(UnsupportedOperationException.class, () -> read.tags().add("x"));
    assertEquals(List.of("a"), accounts.get("ann").orElseThrow().tags());
  }

  @Test
  void keysOfAnyContentRoundTrip() {
    List<String> keys =
        List.of(
            "with space",
            "a:b:c",
            "*",
            "it's \"quoted\"",
            "ünïcødé ☃ 日本",
            "x".repeat(1024),
            "",
            "\u0000nul");
    for (String k : keys) {
      accounts.save(Account.of("k@example.org", k.length()).withId(k));
    }
    for (String k : keys) {
      assertEquals(k, accounts.get(k).orElseThrow().id(), "key " + k);
    }
    // "*" is a key, not a pattern.
    assertTrue(accounts.get("a:*").isEmpty());
    assertEquals(
        Set.copyOf(keys),
        accounts.findAll(Query.all()).stream().map(Account::id).collect(Collectors.toSet()));
    assertTrue(accounts.delete("*"));
    assertEquals(keys.size() - 1, accounts.count());
  }

  @Test
  void bucketsAndDriversAreIsolated() {
    DocumentRepository<Account, String> other =
        new DocumentRepository<>(osmos, RenamedSchema.inBucket(Account_.MODEL, "accounts-b")) {};
    accounts.save(Account.of("ann@example.org", 1).withId("same"));
    other.save(Account.of("bob@example.org", 2).withId("same"));
    assertEquals("ann@example.org", accounts.get("same").orElseThrow().email());
    assertEquals("bob@example.org", other.get("same").orElseThrow().email());
    assertEquals(List.of(), other.findAll(Account_.email.eq("ann@example.org")));
    accounts.delete("same");
    assertTrue(other.get("same").isPresent());

    try (Osmos second = Osmos.builder().driver("db", new MemoryDriver()).build()) {
      assertTrue(new AccountRepository(second).get("same").isEmpty());
    }
  }

  @Test
  void aSecondModelCannotTakeABucketWithAnotherLayout() {
    ModelSchema<Note, Long> noteInAccounts = RenamedSchema.inBucket(Note_.MODEL, "accounts");
    io.osmos.exceptions.DriverException e =
        assertThrows(
            io.osmos.exceptions.DriverException.class,
            () -> new DocumentRepository<Note, Long>(osmos, noteInAccounts) {});
    assertTrue(e.getMessage().contains("bound to model Account"), e.getMessage());
  }

  // ---- batches, validation, hooks ------------------------------------------------------------

  @Test
  void anInvalidItemInABatchWritesNothing() {
    List<Account> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(Account.of(i == 57 ? "not-an-email" : "u" + i + "@example.org", i).withId("u" + i));
    }
    ValidationException e = assertThrows(ValidationException.class, () -> accounts.saveAll(batch));
    assertEquals(1, e.violations().size());
    assertEquals("[57].email", e.violations().get(0).path());
    assertEquals(0, accounts.count());

    batch.set(57, Account.of("fixed@example.org", 57).withId("u57"));
    assertEquals(100, accounts.saveAll(batch).size());
    assertEquals(100, accounts.count());
    assertEquals(1, accounts.findByVisits(57).size());
  }

  @Test
  void aStaleVersionInABatchWritesNothing() {
    Account a = accounts.save(Account.of("a@example.org", 1).withId("a"));
    accounts.save(a.withVisits(2));
    List<Account> batch = List.of(Account.of("b@example.org", 1).withId("b"), a.withVisits(3));
    assertThrows(ConcurrentUpdateException.class, () -> accounts.saveAll(batch));
    assertTrue(accounts.get("b").isEmpty());
    assertEquals(2, accounts.get("a").orElseThrow().visits());
  }

  @Test
  void aVetoingWillHookWritesNothing() {
    accounts.save(Account.of("keep@example.org", 1).withId("keep"));
    accounts.hooks().on(Hook.Event.WILL_SAVE, ctx -> ctx.veto("read-only today"));
    accounts.hooks().on(Hook.Event.WILL_DELETE, ctx -> ctx.veto("no deletes"));
    HookVetoException e =
        assertThrows(
            HookVetoException.class, () -> accounts.insert(Account.of("ann@example.org", 1)));
    assertTrue(e.getMessage().contains("read-only today"), e.getMessage());
    assertThrows(
        HookVetoException.class,
        () -> accounts.saveAll(List.of(Account.of("b@example.org", 1).withId("b"))));
    assertThrows(HookVetoException.class, () -> accounts.delete("keep"));
    assertEquals(1, accounts.count());
    assertTrue(accounts.get("keep").isPresent());
  }

  // ---- patches and concurrency ---------------------------------------------------------------

  @Test
  void updatePatchesFieldsAndIncrementsTheVersion() {
    Account a = accounts.save(Account.of("ann@example.org", 1).withId("ann").withNote("n"));
    Account p =
        accounts
            .update(
                "ann",
                x ->
                    x.email("new@example.org")
                        .incrementVisits(4)
                        .incrementScore(0.5)
                        .incrementPoints(7))
            .orElseThrow();
    assertEquals("new@example.org", p.email());
    assertEquals(5, p.visits());
    assertEquals(0.5, p.score());
    assertEquals(7L, p.points()); // a missing value counts as 0
    assertEquals("n", p.note());
    assertEquals(a.version() + 1, p.version());
    assertEquals(p, accounts.get("ann").orElseThrow());
    assertTrue(accounts.update("nobody", x -> x.incrementVisits(1)).isEmpty());
  }

  @Test
  void updateChecksAnExpectedVersion() {
    accounts.save(Account.of("ann@example.org", 1).withId("ann"));
    ConcurrentUpdateException e =
        assertThrows(
            ConcurrentUpdateException.class,
            () -> accounts.update("ann", x -> x.expectVersion(7).incrementVisits(1)));
    assertTrue(e.getMessage().contains("expected at version 7"), e.getMessage());
    assertEquals(1, accounts.get("ann").orElseThrow().visits());
    assertEquals(
        2,
        accounts.update("ann", x -> x.expectVersion(1).incrementVisits(1)).orElseThrow().visits());
  }

  @Test
  void anIncrementPastTheFieldsRangeWritesNothing() {
    accounts.save(Account.of("ann@example.org", Integer.MAX_VALUE - 1).withId("ann"));
    assertThrows(
        io.osmos.exceptions.DriverException.class,
        () -> accounts.update("ann", x -> x.incrementVisits(2)));
    assertEquals(Integer.MAX_VALUE - 1, accounts.get("ann").orElseThrow().visits());
  }

  @Test
  void concurrentIncrementsLoseNothing() throws Exception {
    accounts.save(Account.of("ann@example.org", 0).withId("ann"));
    runConcurrently(
        8,
        () -> {
          for (int i = 0; i < 250; i++) {
            accounts.update("ann", x -> x.incrementVisits(1).incrementPoints(2));
          }
          return null;
        });
    Account a = accounts.get("ann").orElseThrow();
    assertEquals(2000, a.visits());
    assertEquals(4000L, a.points());
    assertEquals(2001, a.version());
  }

  @Test
  void readModifyWriteWithVersionAndRetryLosesNothing() throws Exception {
    accounts.save(Account.of("ann@example.org", 0).withId("ann"));
    int[] conflicts = new int[1];
    runConcurrently(
        8,
        () -> {
          for (int i = 0; i < 50; i++) {
            while (true) {
              Account current = accounts.get("ann").orElseThrow();
              try {
                accounts.save(current.withVisits(current.visits() + 1));
                break;
              } catch (ConcurrentUpdateException e) {
                synchronized (conflicts) {
                  conflicts[0]++;
                }
              }
            }
          }
          return null;
        });
    Account a = accounts.get("ann").orElseThrow();
    assertEquals(400, a.visits());
    assertEquals(401, a.version());
  }

  @Test
  void concurrentPatchesOfDifferentFieldsBothSurvive() throws Exception {
    accounts.save(Account.of("ann@example.org", 0).withId("ann"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> notes =
          pool.submit(
              () -> {
                for (int i = 0; i < 500; i++) {
                  int n = i;
                  accounts.update("ann", x -> x.note("note " + n));
                }
              });
      Future<?> visits =
          pool.submit(
              () -> {
                for (int i = 0; i < 500; i++) {
                  accounts.update("ann", x -> x.incrementVisits(1));
                }
              });
      notes.get(60, TimeUnit.SECONDS);
      visits.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    Account a = accounts.get("ann").orElseThrow();
    assertEquals("note 499", a.note());
    assertEquals(500, a.visits());
  }

  // ---- indexes and queries -------------------------------------------------------------------

  @Test
  void indexesStayExactAfterUpdateSaveAndDelete() {
    accounts.save(Account.of("ann@example.org", 1).withId("ann"));
    accounts.save(Account.of("bob@example.org", 1).withId("bob"));
    assertEquals(2, accounts.findByVisits(1).size());

    accounts.update("ann", x -> x.email("anne@example.org").incrementVisits(1));
    assertEquals(List.of(), accounts.findByEmail("ann@example.org"));
    assertEquals(List.of("ann"), ids(accounts.findByEmail("anne@example.org")));
    assertEquals(List.of("bob"), ids(accounts.findByVisits(1)));
    assertEquals(List.of("ann"), ids(accounts.findByVisits(2)));

    Account bob = accounts.get("bob").orElseThrow();
    accounts.save(bob.withEmail("robert@example.org"));
    assertEquals(List.of(), accounts.findByEmail("bob@example.org"));
    assertEquals(List.of("bob"), ids(accounts.findByEmail("robert@example.org")));

    accounts.delete("ann");
    assertEquals(List.of(), accounts.findByEmail("anne@example.org"));
    assertEquals(List.of(), accounts.findByVisits(2));
    assertEquals(0, accounts.count(Account_.visits.eq(2)));
    assertEquals(1, accounts.count());
  }

  @Test
  void queriesUseTheDrivingIndexThenKeyAndFilterTheRest() {
    accounts.save(Account.of("c@x.org", 5).withId("k1"));
    accounts.save(Account.of("a@x.org", 5).withId("k2"));
    accounts.save(Account.of("b@y.org", 7).withId("k3"));
    accounts.save(Account.of("d@x.org", 9).withId("k4"));
    accounts.save(Account.of("a@x.org", 1).withId("k5"));

    assertEquals(List.of("k2", "k5"), ids(accounts.findAll(Account_.email.eq("a@x.org"))));
    assertEquals(List.of("k1", "k2", "k3"), ids(accounts.findAll(Account_.visits.between(5, 7))));
    assertEquals(List.of("k3", "k4"), ids(accounts.findAll(Account_.visits.gt(5))));
    assertEquals(List.of("k5", "k1", "k2"), ids(accounts.findAll(Account_.visits.lte(5))));
    assertEquals(List.of("k5"), ids(accounts.findAll(Account_.visits.lt(5))));
    assertEquals(
        List.of("k3", "k1"),
        ids(accounts.findAll(Account_.email.gte("b").and(Account_.email.lt("d")))));
    assertEquals(
        List.of("k2"),
        ids(accounts.findAll(Account_.email.prefix("a").and(Account_.visits.gt(3)))));
    assertEquals(
        List.of("k5", "k1", "k2", "k3", "k4"),
        ids(accounts.findAll(Query.<Account>all().orderBy(Account_.visits))));
    assertEquals(List.of("k1", "k2", "k3", "k4", "k5"), ids(accounts.findAll(Query.all())));
    assertEquals(List.of("k3"), ids(accounts.findAll(Account_.id.eq("k3"))));
    assertEquals(List.of("k4", "k5"), ids(accounts.findAll(Account_.id.gt("k3"))));
    assertEquals(
        List.of("k2", "k3"),
        ids(accounts.findAll(Account_.visits.gte(0).and(Account_.id.between("k2", "k3")))));
    assertEquals(2, accounts.findAll(Account_.visits.gte(0).limit(2)).size());
    assertEquals(2, accounts.count(Account_.email.prefix("a")));
    assertEquals(0, accounts.count(Account_.email.eq("a@x.org").and(Account_.email.eq("c@x.org"))));
    assertEquals(
        "k5", accounts.findFirst(Query.<Account>all().orderBy(Account_.visits)).orElseThrow().id());

    // The memory driver evaluates every plan itself: a field without @Index is queried too.
    assertTrue(accounts.evaluatesOnServer());
    assertEquals(List.of(), ids(accounts.findAll(Account_.note.eq("x"))));
  }

  @Test
  void pagingAThousandDocumentsReturnsEachExactlyOnce() {
    List<Account> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(Account.of("u" + i + "@example.org", i % 10).withId(String.format("u%04d", i)));
    }
    accounts.saveAll(all);

    for (Query<Account> q :
        List.of(Query.<Account>all(), Account_.visits.between(0, 9), Account_.email.prefix("u"))) {
      List<String> seen = new ArrayList<>();
      PageRequest req = PageRequest.first(37);
      int pages = 0;
      while (true) {
        Page<Account> page = accounts.find(q, req);
        pages++;
        page.items().forEach(a -> seen.add(a.id()));
        if (!page.hasNext()) {
          break;
        }
        req = PageRequest.after(page.nextCursor(), 37);
      }
      assertEquals(1000, seen.size(), q.toString());
      assertEquals(1000, new HashSet<>(seen).size(), q.toString());
      assertEquals(28, pages, q.toString()); // 27 full pages and one of 1; no empty last page
    }
  }

  @Test
  void cursorsAreTamperCheckedAndBoundToTheirQuery() {
    for (int i = 0; i < 10; i++) {
      accounts.save(Account.of("u" + i + "@example.org", i).withId("u" + i));
    }
    Page<Account> first = accounts.find(Account_.visits.gte(0), PageRequest.first(3));
    String cursor = first.nextCursor();
    char c = cursor.charAt(cursor.length() / 2);
    String tampered =
        cursor.substring(0, cursor.length() / 2)
            + (c == 'A' ? 'B' : 'A')
            + cursor.substring(cursor.length() / 2 + 1);
    InvalidCursorException e =
        assertThrows(
            InvalidCursorException.class,
            () -> accounts.find(Account_.visits.gte(0), PageRequest.after(tampered, 3)));
    assertEquals("accounts", e.bucket());
    assertThrows(
        InvalidCursorException.class,
        () -> accounts.find(Account_.visits.gte(1), PageRequest.after(cursor, 3)));
    assertThrows(
        InvalidCursorException.class,
        () -> accounts.find(Account_.visits.gte(0), PageRequest.after("not a cursor!", 3)));
    assertEquals(
        3, accounts.find(Account_.visits.gte(0), PageRequest.after(cursor, 3)).items().size());
  }

  @Test
  void cursorsAreBoundToTheDriverNameAndTheModel() {
    byte[] secret = "shared by the registries of this test".getBytes(StandardCharsets.UTF_8);
    // Registries that share the cursor secret, not closed here: they share the driver.
    Osmos one = Osmos.builder().driver("db", driver).cursorSecret(secret).build();
    Osmos two =
        Osmos.builder().driver("db", driver).driver("replica", driver).cursorSecret(secret).build();
    AccountRepository first = new AccountRepository(one);
    for (int i = 0; i < 10; i++) {
      first.save(Account.of("u" + i + "@example.org", i).withId("u" + i));
    }
    Query<Account> query = Account_.visits.gte(0);
    String cursor = first.find(query, PageRequest.first(3)).nextCursor();
    assertEquals(
        3,
        new AccountRepository(two, "db").find(query, PageRequest.after(cursor, 3)).items().size(),
        "the same driver name and model in another registry with the secret");
    // The same store, bucket and query: only the driver's name differs.
    InvalidCursorException e =
        assertThrows(
            InvalidCursorException.class,
            () -> new AccountRepository(two, "replica").find(query, PageRequest.after(cursor, 3)));
    assertEquals("find", e.operation());
    // The same driver, bucket and query: another model.
    assertThrows(
        InvalidCursorException.class,
        () ->
            new DocumentRepository<>(one, RenamedSchema.named(Account_.MODEL, "Customer")) {}.find(
                query, PageRequest.after(cursor, 3)));
  }

  @Test
  void scanStreamsTheBucketInKeyOrder() {
    List<Account> all = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      all.add(Account.of("u@example.org", i).withId(String.format("k%03d", i)));
    }
    accounts.saveAll(all);
    try (Stream<Account> s = accounts.scan()) {
      List<String> keys = s.map(Account::id).collect(Collectors.toList());
      assertEquals(600, keys.size());
      assertEquals("k000", keys.get(0));
      assertEquals("k599", keys.get(599));
      assertEquals(keys.stream().sorted().collect(Collectors.toList()), keys);
    }
  }

  // ---- raw data ------------------------------------------------------------------------------

  @Test
  void rawDataThatDoesNotFitTheModelFailsNamingTheField() {
    accounts.save(Account.of("ann@example.org", 1).withId("ann"));
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("id", "bad");
    raw.put("email", "bad@example.org");
    raw.put("visits", "many");
    raw.put("version", 3L);
    driver.putRaw("accounts", raw);
    raw.put("visits", 1L); // the driver copied the tree

    DecodeException e = assertThrows(DecodeException.class, () -> accounts.get("bad"));
    assertEquals("visits", e.path());
    assertTrue(e.getMessage().contains("expected integer"), e.getMessage());
    assertTrue(e.getMessage().contains("\"many\""), e.getMessage());
    assertEquals("bad", e.key());
    assertEquals("accounts", e.bucket());
    assertEquals("get", e.operation());
    // Finds fail the same way rather than returning half a model.
    assertThrows(DecodeException.class, () -> accounts.findByEmail("bad@example.org"));
    assertEquals("ann", accounts.get("ann").orElseThrow().id());

    Map<String, Object> nested =
        new LinkedHashMap<>(Map.of("id", "tags", "email", "t@x.org", "tags", List.of("ok", 7L)));
    driver.putRaw("accounts", nested);
    DecodeException t = assertThrows(DecodeException.class, () -> accounts.get("tags"));
    assertEquals("tags[1]", t.path());
  }

  @Test
  void rawDataOfOtherNumberTypesIsAcceptedWhereItFits() {
    accounts.save(Account.of("ann@example.org", 1).withId("ann"));
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("id", "num");
    raw.put("email", "n@example.org");
    raw.put("visits", 12); // Integer
    raw.put("score", java.math.BigDecimal.valueOf(2.5)); // BigDecimal
    raw.put("points", java.math.BigInteger.valueOf(40)); // BigInteger
    raw.put("version", 2.0); // a whole Double
    raw.put("extra", "kept in the store, ignored by the model");
    driver.putRaw("accounts", raw);
    Account a = accounts.get("num").orElseThrow();
    assertEquals(12, a.visits());
    assertEquals(2.5, a.score());
    assertEquals(40L, a.points());
    assertEquals(2, a.version());
    assertEquals(List.of("num"), ids(accounts.findByVisits(12)));
    assertEquals(3, accounts.update("num", x -> x.incrementVisits(1)).orElseThrow().version());
  }

  @Test
  void putRawNeedsABoundBucketAndAKey() {
    assertThrows(
        IllegalStateException.class, () -> driver.putRaw("nobody-bound-this", Map.of("id", "x")));
    assertThrows(
        IllegalArgumentException.class, () -> driver.putRaw("accounts", Map.of("email", "no key")));
  }

  private static List<String> ids(List<Account> list) {
    return list.stream().map(Account::id).collect(Collectors.toList());
  }

  private static void runConcurrently(int threads, Callable<Void> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(task));
      }
      for (Future<Void> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
