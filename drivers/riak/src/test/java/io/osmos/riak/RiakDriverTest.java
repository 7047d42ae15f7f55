package io.osmos.riak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.basho.riak.client.core.query.RiakObject;
import io.osmos.Osmos;
import io.osmos.Page;
import io.osmos.PageRequest;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.query.Query;
import io.osmos.riak.model.Event;
import io.osmos.riak.model.EventRepository;
import io.osmos.riak.model.Event_;
import io.osmos.riak.model.GaugeRepository;
import io.osmos.riak.model.LegacyRepository;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.spi.TupleKey;
import io.osmos.testkit.model.Address;
import io.osmos.testkit.model.Item;
import io.osmos.testkit.model.ItemRepository;
import io.osmos.testkit.model.Item_;
import io.osmos.testkit.model.Level;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.Person_;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.model.Ticket;
import io.osmos.testkit.model.TicketRepository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What is particular to Riak: not-found, vector clocks, siblings, the stored layout, 2i paging and
 * the bind-time check of index types. Runs against the fake server in a bucket type that allows
 * siblings, so siblings can be made by writing without a vector clock, as a careless client would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RiakDriverTest {
  private static final String TYPE = "osmos_driver_tests";
  private static final String PEOPLE = "osmos_tk_people";
  private static final String ITEMS = "osmos_tk_items";

  private final AtomicInteger tests = new AtomicInteger();
  private final String run = "rt" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

  private FakeRiakServer fake;
  private RiakDriver riak;
  private Osmos osmos;
  private PersonRepository people;
  private ItemRepository items;
  private EventRepository events;
  private String scope;

  @BeforeAll
  void connect() {
    fake = TestRiak.fake();
    riak = RiakDriver.builder().port(fake.port()).bucketType(TYPE).build();
    osmos = Osmos.builder().driver(TestModels.DRIVER, riak).driver("riak", riak).build();
    people = new PersonRepository(osmos);
    items = new ItemRepository(osmos);
    events = new EventRepository(osmos);
  }

  @AfterAll
  void close() {
    osmos.close();
  }

  @BeforeEach
  void newScope() {
    scope = run + "-" + tests.incrementAndGet();
  }

  private Person person(String suffix) {
    return new Person(
        suffix == null ? null : scope + "/" + suffix,
        suffix + "@example.org",
        scope + "/" + suffix,
        scope,
        30,
        0,
        null,
        new Address("Oslo", "0150"),
        List.of("a"),
        0);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- not found -------------------------------------------------------------------------------

  @Test
  void getOfAMissingKeyIsEmptyNotAnError() {
    assertEquals(Optional.empty(), people.get(scope + "/nobody"));
    assertEquals(Map.of(), people.getAll(List.of(scope + "/a", scope + "/b")));
    assertFalse(people.delete(scope + "/nobody"));
    assertEquals(Optional.empty(), people.update(scope + "/nobody", p -> p.incrementVisits(1)));
    assertEquals(Optional.empty(), people.get(""), "Riak has no empty key, so nothing is there");
    assertEquals(0, fake.siblings(TYPE, PEOPLE, utf8(scope + "/nobody")), "update created it");
  }

  // ---- vector clocks ---------------------------------------------------------------------------

  @Test
  void everyWriteCarriesTheVectorClockOfTheReadBeforeIt() {
    Person p = people.insert(person("vc"));
    byte[] key = utf8(p.id());
    FakeRiakServer.Put first = lastPut(key);
    assertNull(first.vclock(), "an insert replaces nothing");
    assertTrue(first.ifNoneMatch(), "an insert must not overwrite: if_none_match");

    byte[] afterInsert = fake.vclock(TYPE, PEOPLE, key);
    Person saved = people.save(p.withAge(40));
    FakeRiakServer.Put second = lastPut(key);
    assertArrayEquals(afterInsert, second.vclock(), "save sends back the vector clock it read");
    assertTrue(second.ifNotModified(), "and writes only if it is still the stored one");

    byte[] afterSave = fake.vclock(TYPE, PEOPLE, key);
    people.update(p.id(), x -> x.incrementVisits(1));
    FakeRiakServer.Put third = lastPut(key);
    assertArrayEquals(afterSave, third.vclock(), "update sends back the vector clock it read");
    assertTrue(third.ifNotModified());

    assertEquals(1, fake.siblings(TYPE, PEOPLE, key), "writes with vector clocks make no siblings");
    assertEquals(3, people.get(p.id()).orElseThrow().version());
    assertEquals(saved.age(), people.get(p.id()).orElseThrow().age());
  }

  private FakeRiakServer.Put lastPut(byte[] key) {
    FakeRiakServer.Put last = null;
    for (FakeRiakServer.Put put : fake.puts()) {
      if (put.type().equals(TYPE) && Arrays.equals(put.key(), key)) {
        last = put;
      }
    }
    assertNotNull(last, "no put of " + new String(key, StandardCharsets.UTF_8));
    return last;
  }

  // ---- siblings --------------------------------------------------------------------------------

  /** Writes {@code model} without a vector clock: in a bucket with allow_mult, a new sibling. */
  private <T, K> void plantSibling(ModelSchema<T, K> schema, T model) {
    TestRiak.putRaw(riak, schema, schema.key(model), TreeFormat.encode(schema, model), false);
  }

  @Test
  void siblingsAreResolvedByTheHighestVersion() {
    Person p = people.insert(person("versions"));
    plantSibling(Person_.MODEL, p.withVersion(7).withName(scope + "/seven"));
    plantSibling(Person_.MODEL, p.withVersion(5).withName(scope + "/five"));
    byte[] key = utf8(p.id());
    assertEquals(3, fake.siblings(TYPE, PEOPLE, key));

    Person read = people.get(p.id()).orElseThrow();
    assertEquals(7, read.version());
    assertEquals(scope + "/seven", read.name());
    assertEquals(List.of(read), people.findByName(scope + "/seven"));
    assertEquals(List.of(), people.findByName(scope + "/five"), "a losing sibling was returned");

    Person saved = people.save(read.withAge(33));
    assertEquals(8, saved.version());
    assertEquals(1, fake.siblings(TYPE, PEOPLE, key), "the write replaces every sibling");
    assertEquals(Optional.of(saved), people.get(p.id()));
  }

  @Test
  void aRegisteredResolverDecidesBetweenSiblings() {
    try (RiakDriver own = RiakDriver.builder().port(fake.port()).bucketType(TYPE).build();
        Osmos o = Osmos.builder().driver(TestModels.DRIVER, own).build()) {
      own.resolveSiblings(
          Item_.MODEL,
          siblings -> {
            List<String> notes = new ArrayList<>();
            siblings.forEach(s -> notes.add(s.note()));
            notes.sort(null);
            Item first = siblings.get(0);
            return new Item(
                first.id(), first.batch(), first.seq(), first.label(), String.join("+", notes));
          });
      ItemRepository merged = new ItemRepository(o);
      Item item = merged.insert(new Item(scope + "/cart", scope, 1, scope + "-l", "apple"));
      plantSibling(Item_.MODEL, new Item(item.id(), scope, 1, scope + "-l", "pear"));
      byte[] key = utf8(item.id());
      assertEquals(2, fake.siblings(TYPE, ITEMS, key));

      assertEquals("apple+pear", merged.get(item.id()).orElseThrow().note());
      Item patched = merged.update(item.id(), x -> x.label(scope + "-m")).orElseThrow();
      assertEquals("apple+pear", patched.note(), "the patch applies to the merged value");
      assertEquals(1, fake.siblings(TYPE, ITEMS, key), "the write replaces every sibling");
      assertEquals(Optional.of(patched), merged.get(item.id()));
    }
  }

  @Test
  void siblingsNothingCanResolveFailNamingTheKeyAndTheirNumber() {
    Person p = people.insert(person("tie"));
    plantSibling(Person_.MODEL, p.withVersion(4).withName(scope + "/left"));
    plantSibling(Person_.MODEL, p.withVersion(4).withName(scope + "/right"));
    ConcurrentUpdateException e =
        assertThrows(ConcurrentUpdateException.class, () -> people.get(p.id()));
    assertTrue(e.getMessage().contains(p.id()), "names the key: " + e.getMessage());
    assertTrue(e.getMessage().contains("3 siblings"), "counts the siblings: " + e.getMessage());
    assertTrue(e.getMessage().contains("2 of them share the highest @Version 4"), e.getMessage());
    assertTrue(e.getMessage().contains("resolveSiblings"), "says how to fix it: " + e.getMessage());
    assertEquals("get", e.operation());
    assertThrows(
        ConcurrentUpdateException.class,
        () -> people.update(p.id(), x -> x.incrementVisits(1)),
        "a patch needs one value");

    // Saving the value to keep, at the version the siblings share, replaces them.
    Person kept = people.save(p.withVersion(4).withName(scope + "/kept"));
    assertEquals(5, kept.version());
    assertEquals(1, fake.siblings(TYPE, PEOPLE, utf8(p.id())));
    assertEquals(Optional.of(kept), people.get(p.id()));

    Item item = items.insert(new Item(scope + "/plain", scope, 1, scope + "-x", "one"));
    plantSibling(Item_.MODEL, new Item(item.id(), scope, 1, scope + "-x", "two"));
    ConcurrentUpdateException plain =
        assertThrows(ConcurrentUpdateException.class, () -> items.get(item.id()));
    assertTrue(plain.getMessage().contains("2 siblings"), plain.getMessage());
    assertTrue(plain.getMessage().contains("Item has no @Version"), plain.getMessage());
    assertThrows(
        ConcurrentUpdateException.class,
        () -> items.findByBatch(scope),
        "a query reading the key fails the same way");
    assertTrue(items.delete(item.id()), "a delete covers every sibling");
    assertEquals(Optional.empty(), items.get(item.id()));
  }

  @Test
  void identicalSiblingsAreOneValue() {
    Item item = items.insert(new Item(scope + "/same", scope, 1, scope + "-s", "n"));
    plantSibling(Item_.MODEL, item);
    assertEquals(2, fake.siblings(TYPE, ITEMS, utf8(item.id())));
    assertEquals(Optional.of(item), items.get(item.id()));
  }

  // ---- bind-time checks ------------------------------------------------------------------------

  @Test
  void anIndexOnATypeRiakCannotIndexFailsAtBind() {
    CapabilityException e =
        assertThrows(CapabilityException.class, () -> new GaugeRepository(osmos));
    String m = e.getMessage();
    assertTrue(m.contains("Gauge.level") && m.contains("FLOAT64"), "names the field: " + m);
    assertTrue(m.contains(IndexField.SUPPORTED), "lists the supported types: " + m);
    assertEquals("bind", e.operation());
    assertEquals("gauges", e.bucket());

    CapabilityException name =
        assertThrows(CapabilityException.class, () -> new LegacyRepository(osmos));
    assertTrue(
        name.getMessage().contains("Legacy.code") && name.getMessage().contains("@Field"),
        "names the field and the fix: " + name.getMessage());
  }

  // ---- 2i paging -------------------------------------------------------------------------------

  @Test
  void aRangeQueryPagedByContinuationReturnsEachDocumentOnceInOrder() {
    long base = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    List<Item> batch = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      batch.add(
          new Item(
              String.format("%s/i%03d", scope, 119 - i), scope, base + i, scope + "-" + i, null));
    }
    items.saveAll(batch);
    List<String> got = new ArrayList<>();
    PageRequest req = PageRequest.first(7);
    int pages = 0;
    Query<Item> q = Item_.seq.gt(base + 9).and(Item_.seq.lte(base + 109));
    while (true) {
      Page<Item> page = items.find(q, req);
      assertTrue(page.items().size() <= 7);
      page.items().forEach(i -> got.add(i.id()));
      pages++;
      if (!page.hasNext()) {
        break;
      }
      req = PageRequest.after(page.nextCursor(), 7);
    }
    List<String> expected = batch.subList(10, 110).stream().map(Item::id).toList();
    assertEquals(expected, got, "each match once, in seq order (not key order)");
    assertTrue(pages >= 100 / 7, "pages: " + pages);
    assertEquals(100, items.count(q));
  }

  @Test
  void aDocumentListedUnderSeveralTermsIsReturnedOnceAtItsResolvedPlace() {
    List<Person> stored = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      stored.add(people.insert(person(String.format("n%03d", i))));
    }
    // Person 5 gets a newer sibling named n025x: its key is in the name index under both names.
    Person moved = stored.get(5).withVersion(9).withName(scope + "/n025x");
    plantSibling(Person_.MODEL, moved);
    List<String> names = new ArrayList<>();
    PageRequest req = PageRequest.first(4);
    Query<Person> q = Person_.name.between(scope + "/n000", scope + "/n999");
    while (true) {
      Page<Person> page = people.find(q, req);
      page.items().forEach(p -> names.add(p.name()));
      if (!page.hasNext()) {
        break;
      }
      req = PageRequest.after(page.nextCursor(), 4);
    }
    assertEquals(30, names.size(), "each person once: " + names);
    assertFalse(names.contains(scope + "/n005"), "the superseded name was returned");
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(sorted, names, "in name order, with the moved person at its new place");
    assertEquals(scope + "/n025x", names.get(25));
  }

  // ---- layout ----------------------------------------------------------------------------------

  @Test
  void documentsAreJsonValuesWithTypedIndexes() {
    Instant at = Instant.parse("1969-12-31T23:59:59.123456789Z");
    UUID ref = UUID.fromString("f0000000-0000-0000-0000-00000000000a");
    Event e =
        events.insert(
            new Event(
                scope + "/e",
                scope,
                at,
                LocalDate.of(2024, 2, 29),
                LocalDateTime.of(1970, 1, 1, 0, 0, 1, 5),
                true,
                Level.HIGH,
                ref,
                -3,
                0));
    byte[] key = utf8(e.id());
    List<RiakObject> stored = TestRiak.bucket(riak, "events").fetch(key, false);
    assertEquals(1, stored.size());
    assertEquals("application/json", stored.get(0).getContentType());
    String json = stored.get(0).getValue().toStringUtf8();
    assertTrue(json.startsWith("{\"id\":\"" + e.id() + "\",\"topic\":"), json);
    assertTrue(json.contains("\"at\":\"1969-12-31T23:59:59.123456789Z\""), json);

    Map<String, List<String>> expected = new HashMap<>();
    expected.put("topic_bin", List.of(scope));
    expected.put("at_int", List.of("-876543211"));
    expected.put("day_int", List.of(Long.toString(LocalDate.of(2024, 2, 29).toEpochDay())));
    expected.put("local_int", List.of("1000000005"));
    expected.put("done_int", List.of("1"));
    expected.put("level_bin", List.of("HIGH"));
    expected.put("ref_bin", List.of("f0000000-0000-0000-0000-00000000000a"));
    expected.put("count_int", List.of("-3"));
    assertEquals(List.of(expected), fake.indexes(TYPE, "events", key));
  }

  @Test
  void rangesOnEncodedIndexesFollowTheFieldsOrder() {
    Instant t0 = Instant.parse("1969-12-31T23:59:58Z");
    UUID low = new UUID(0x7000000000000000L, 0);
    UUID high = new UUID(0x8000000000000000L, 0); // negative as a long, above as unsigned bits
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(
          events.insert(
              new Event(
                  scope + "/r" + i,
                  scope,
                  t0.plusNanos(700_000_000L * i),
                  LocalDate.of(1969, 12, 28).plusDays(i),
                  LocalDateTime.of(2000, 1, 1, 0, 0).plusNanos(i),
                  i % 2 == 0,
                  i < 3 ? Level.HIGH : Level.LOW,
                  i < 3 ? low : high,
                  i - 3,
                  0)));
    }
    assertEquals(
        all.subList(1, 5),
        events.findAll(
            Event_.at.between(all.get(1).at(), all.get(4).at()).and(Event_.topic.eq(scope))),
        "instants across the epoch");
    assertEquals(
        all.subList(0, 3),
        events.findAll(Event_.count.lt(0).and(Event_.topic.eq(scope))),
        "negative ints");
    assertEquals(
        all.subList(2, 6),
        events.findAll(Event_.day.gte(LocalDate.of(1969, 12, 30)).and(Event_.topic.eq(scope))),
        "dates");
    assertEquals(
        List.of(all.get(0), all.get(2), all.get(4)),
        events.findAll(Event_.done.eq(true).and(Event_.topic.eq(scope))),
        "booleans");
    assertEquals(
        all.subList(3, 6),
        events.findAll(Event_.ref.gt(low).and(Event_.topic.eq(scope))),
        "UUIDs by their unsigned bits");
    assertEquals(
        all.subList(3, 6),
        events.findAll(Event_.level.gt(Level.HIGH).and(Event_.topic.eq(scope))),
        "enums by name: \"LOW\" > \"HIGH\"");
    assertEquals(3, events.count(Event_.level.eq(Level.LOW).and(Event_.topic.eq(scope))));
  }

  @Test
  void aStringKeyLeftOutOnInsertIsGeneratedByRiak() {
    Person p = people.insert(person(null).withName(scope + "/generated"));
    assertNotNull(p.id());
    assertTrue(p.id().matches("[0-9A-Za-z]{27}"), "a key Riak made: " + p.id());
    assertEquals(Optional.of(p), people.get(p.id()));
    assertEquals(List.of(p), people.findByName(scope + "/generated"));
    String json =
        TestRiak.bucket(riak, PEOPLE).fetch(utf8(p.id()), false).get(0).getValue().toStringUtf8();
    assertTrue(json.startsWith("{\"id\":null,"), "the key lives in the Riak key: " + json);
  }

  // ---- construction ----------------------------------------------------------------------------

  @Test
  void driversAreMadeFromRiakUrls() {
    Driver d = Osmos.driverFromUrl(fake.url() + "?bucketType=" + TYPE + "&timeoutMillis=5000");
    try {
      assertTrue(d instanceof RiakDriver, "the ServiceLoader found the Riak factory: " + d);
      assertEquals(TYPE, ((RiakDriver) d).bucketType());
      Osmos o = Osmos.builder().driver(TestModels.DRIVER, d).build();
      Person p = people.insert(person("url"));
      assertEquals(Optional.of(p), new PersonRepository(o).get(p.id()), "same server, same data");
    } finally {
      d.close();
    }
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> RiakDriver.fromUrl("riak://127.0.0.1:1?colour=blue"));
    assertTrue(
        bad.getMessage().contains("colour") && bad.getMessage().contains("bucketType"),
        bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RiakDriver.fromUrl("redis://127.0.0.1"));
    assertThrows(IllegalArgumentException.class, () -> RiakDriver.fromUrl("riak:///nohost"));
  }

  @Test
  void keysAreStoredAsTextOrInTheTupleEncoding() {
    items.save(new Item(scope + "/k ü", scope, 1, "l", null));
    assertEquals(1, fake.siblings(TYPE, ITEMS, utf8(scope + "/k ü")), "a String key is its text");

    TicketRepository tickets = new TicketRepository(osmos);
    Ticket t = tickets.insert(new Ticket(0, scope));
    assertEquals(
        1,
        fake.siblings(TYPE, "osmos_tk_tickets", TupleKey.encode(t.id())),
        "a long key is its tuple encoding");
    String sequence =
        TestRiak.bucket(riak, LongKeySequence.BUCKET)
            .fetch(utf8("osmos_tk_tickets"), false)
            .get(0)
            .getValue()
            .toStringUtf8();
    assertEquals("{\"last\":" + t.id() + "}", sequence, "generated long keys come from here");
    assertTrue(tickets.delete(t.id()));
  }
}
