package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.PageRequest;
import io.osmos.exceptions.DriverException;
import io.osmos.postgres.model.Event;
import io.osmos.postgres.model.EventRepository;
import io.osmos.postgres.model.Event_;
import io.osmos.query.Query;
import io.osmos.spi.Driver;
import io.osmos.testkit.model.Person;
import io.osmos.testkit.model.PersonRepository;
import io.osmos.testkit.model.TestModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the conformance suite leaves to each driver: index orders by type, URLs, schemas. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresDocumentTest {
  private final String run = "dt" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private PostgresDriver driver;
  private Osmos osmos;
  private EventRepository events;

  @BeforeAll
  void bind() {
    driver = TestPostgres.newDriver();
    osmos = Osmos.builder().driver("pg", driver).build();
    events = new EventRepository(osmos);
  }

  @AfterAll
  void close() {
    if (osmos != null) {
      osmos.close();
    }
  }

  @Test
  void instantIndexOrdersToTheNanosecond() {
    Instant base = Instant.parse("2024-06-01T00:00:00Z");
    List<Instant> times =
        List.of(
            base,
            base.plusNanos(1),
            base.plusNanos(999),
            base.plusNanos(1000),
            base.plusMillis(500),
            base.plusSeconds(1),
            Instant.parse("1970-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"));
    List<Instant> shuffled = new ArrayList<>(times);
    Collections.shuffle(shuffled);
    for (Instant t : shuffled) {
      events.insert(new Event(null, t, run, 0, null));
    }
    List<Instant> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    List<Instant> found =
        events.findAll(Event_.name.eq(run).and(Query.<Event>all().orderBy(Event_.at))).stream()
            .map(Event::at)
            .toList();
    assertEquals(sorted, found, "ordered by instant, nanoseconds included");
    assertEquals(
        List.of(base.plusNanos(1), base.plusNanos(999)),
        events.findAll(Event_.at.gt(base).and(Event_.at.lt(base.plusNanos(1000)))).stream()
            .filter(e -> e.name().equals(run))
            .map(Event::at)
            .toList(),
        "ranges are exact to the nanosecond");
    assertEquals(
        1,
        events.findByAt(base.plusNanos(1)).stream().filter(e -> e.name().equals(run)).count(),
        "equality is exact to the nanosecond");
  }

  @Test
  void doubleIndexOrdersNumerically() {
    String name = run + "-d";
    List<Double> values =
        List.of(
            Double.NEGATIVE_INFINITY,
            -1e300,
            -2.5,
            -0.0,
            1e-300,
            2.0,
            10.0,
            1e300,
            Double.POSITIVE_INFINITY,
            Double.NaN);
    List<Double> shuffled = new ArrayList<>(values);
    Collections.shuffle(shuffled);
    for (double v : shuffled) {
      events.insert(new Event(null, Instant.EPOCH, name, v, null));
    }
    List<Double> found =
        events.findAll(Event_.score.gte(Double.NEGATIVE_INFINITY)).stream()
            .filter(e -> e.name().equals(name))
            .map(Event::score)
            .toList();
    assertEquals(values, found, "numeric order, NaN last (PostgreSQL's order of float8)");
    assertEquals(
        List.of(2.0, 10.0),
        events.findAll(Event_.score.between(2.0, 10.0)).stream()
            .filter(e -> e.name().equals(name))
            .map(Event::score)
            .toList());
  }

  @Test
  void prefixQueriesCompareByCodePoint() {
    String p = run + "-p-";
    List<String> names = List.of(p + "é", p + "z", p + "🔑", p + "\uffff", p + "a%", p + "a_");
    for (String n : names) {
      events.insert(new Event(null, Instant.EPOCH, n, 0, null));
    }
    List<String> all = events.findAll(Event_.name.prefix(p)).stream().map(Event::name).toList();
    assertEquals(
        List.of(p + "a%", p + "a_", p + "z", p + "é", p + "\uffff", p + "🔑"),
        all,
        "code point order, and % and _ are no wildcards");
    assertEquals(
        List.of(p + "a%"),
        events.findAll(Event_.name.prefix(p + "a%")).stream().map(Event::name).toList());
  }

  @Test
  void uuidKeysAreGeneratedAndPagedInKeyOrder() {
    String name = run + "-u";
    List<Event> stored = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Event e = events.insert(new Event(null, Instant.EPOCH, name, i, null));
      assertNotNull(e.id(), "a generated UUID");
      stored.add(e);
    }
    List<Event> byKey = new ArrayList<>(stored);
    byKey.sort(
        (a, b) ->
            java.util.Arrays.compareUnsigned(
                io.osmos.spi.TupleKey.encode(a.id()), io.osmos.spi.TupleKey.encode(b.id())));
    List<Event> paged = new ArrayList<>();
    try (Stream<Event> s = events.scan()) {
      assertTrue(s.anyMatch(e -> e.name().equals(name)), "scan sees them");
    }
    PageRequest req = PageRequest.first(2);
    while (true) {
      var page = events.find(Event_.name.eq(name), req);
      paged.addAll(page.items());
      if (!page.hasNext()) {
        break;
      }
      req = PageRequest.after(page.nextCursor(), 2);
    }
    assertEquals(byKey, paged, "equal index values page in key (uuid) order");
  }

  @Test
  void driverFromUrlUsesTheConfiguredSchema() {
    String schema = run + "_url";
    Driver d =
        Osmos.driverFromUrl(TestPostgres.server().url() + "?schema=" + schema + "&poolSize=2");
    try (Osmos o = Osmos.builder().driver(TestModels.DRIVER, d).build()) {
      assertEquals("postgres", d.kind());
      PersonRepository people = new PersonRepository(o);
      people.save(new Person(run, null, "n", run, 1, 0, null, null, List.of(), 0));
      assertEquals(
          "1",
          TestPostgres.server().psql("SELECT count(*) FROM \"" + schema + "\".osmos_tk_people"));
    } finally {
      TestPostgres.server().psql("DROP SCHEMA \"" + schema + "\" CASCADE");
    }
  }

  @Test
  void bindingABucketCreatedForAnotherKeyTypeFailsClearly() {
    String schema = run + "_clash";
    TestPostgres.server()
        .psql(
            "CREATE SCHEMA \""
                + schema
                + "\"; CREATE TABLE \""
                + schema
                + "\".osmos_tk_people (key bigint PRIMARY KEY, doc json NOT NULL, version bigint NOT NULL"
                + " DEFAULT 0)");
    try (PostgresDriver d =
            PostgresDriver.builder().url(TestPostgres.server().url()).schema(schema).build();
        Osmos o = Osmos.builder().driver(TestModels.DRIVER, d).build()) {
      DriverException e = assertThrows(DriverException.class, () -> new PersonRepository(o));
      assertTrue(e.getMessage().contains("key column of type bigint"), e.getMessage());
      assertEquals("bind", e.operation());
    } finally {
      TestPostgres.server().psql("DROP SCHEMA \"" + schema + "\" CASCADE");
    }
  }
}
