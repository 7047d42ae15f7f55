package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rethinkdb.net.Connection;
import io.osmos.Osmos;
import io.osmos.codec.json.JsonFormat;
import io.osmos.rethinkdb.model.Memo;
import io.osmos.rethinkdb.model.MemoRepository;
import io.osmos.rethinkdb.model.Sheet;
import io.osmos.rethinkdb.model.SheetRepository;
import io.osmos.rethinkdb.model.Sheet_;
import io.osmos.spi.Subscription;
import io.osmos.testkit.server.RethinkTestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Model data is never read by the server as a ReQL pseudo-type ({@code {"$reql_type$": ...}}: a
 * time, binary, geometry or grouped data) or as a term: map keys of any content, at any depth, in
 * {@code @Extra} fields and at the top level, written by saves and patches, read back equal; and
 * strings that look like pseudo-types or terms are data in indexes and queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RethinkReservedKeysTest {
  private static final String DB = "osmos_keys_test";
  private static final Map<String, Object> TIME =
      Map.of("$reql_type$", "TIME", "epoch_time", 0L, "timezone", "+00:00");
  private static final Map<String, Object> BINARY = Map.of("$reql_type$", "BINARY", "data", "aGk=");
  private static final Map<String, Object> GEOMETRY =
      Map.of("$reql_type$", "GEOMETRY", "type", "Point", "coordinates", List.of(1.5, 2.5));
  private static final Map<String, Object> GROUPED =
      Map.of("$reql_type$", "GROUPED_DATA", "data", List.of(List.of("a", 1L)));

  private final String run = "k" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private RethinkDriver driver;
  private SheetRepository sheets;
  private MemoRepository memos;
  private Connection raw;

  @BeforeAll
  void connect() {
    RethinkTestServer server = RethinkTestServer.get();
    driver = new RethinkDriver(server.url(DB));
    Osmos osmos = Osmos.builder().driver("rdb", driver).build();
    sheets = new SheetRepository(osmos);
    memos = new MemoRepository(osmos);
    raw = r.connection().hostname(server.host()).port(server.port()).unwrapLists(true).connect();
  }

  @AfterAll
  void close() {
    if (raw != null) {
      raw.close(false);
    }
    if (driver != null) {
      driver.close();
    }
  }

  private Sheet sheet(
      String id,
      Map<String, String> labels,
      List<Map<String, String>> rows,
      Map<String, Map<String, Long>> nested,
      Map<String, Object> extra) {
    return new Sheet(
        run + "-" + id,
        "title",
        labels,
        rows,
        nested,
        "bytes".getBytes(StandardCharsets.UTF_8),
        extra);
  }

  /** Equal as a user means it: record components, with the byte array compared by content. */
  private static void assertSame(Sheet expected, Sheet actual) {
    assertEquals(expected.id(), actual.id());
    assertEquals(expected.title(), actual.title());
    assertEquals(expected.labels(), actual.labels(), "labels");
    assertEquals(expected.rows(), actual.rows(), "rows");
    assertEquals(expected.nested(), actual.nested(), "nested");
    assertArrayEquals(expected.blob(), actual.blob(), "blob");
    assertEquals(expected.extra(), actual.extra(), "extra");
  }

  private Sheet stored(Sheet s) {
    return sheets.get(s.id()).orElseThrow(() -> new AssertionError("not found: " + s.id()));
  }

  @Test
  void pseudoTypesInExtraValuesReadBackAsTheMapsTheyWere() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("time", TIME);
    extra.put("binary", BINARY);
    extra.put("geometry", GEOMETRY);
    extra.put("grouped", GROUPED);
    extra.put("unknown", Map.of("$reql_type$", "NO_SUCH_TYPE"));
    extra.put("deeper", Map.of("list", List.of(TIME, Map.of("inner", BINARY))));
    Sheet s = sheet("extra", Map.of(), List.of(), Map.of(), extra);
    sheets.save(s);
    // Schemaless numbers read back as every reader gives them: integers as Long, others as
    // BigDecimal (the geometry's coordinates).
    Map<String, Object> expected = new LinkedHashMap<>(extra);
    expected.put(
        "geometry",
        Map.of(
            "$reql_type$",
            "GEOMETRY",
            "type",
            "Point",
            "coordinates",
            List.of(new BigDecimal("1.5"), new BigDecimal("2.5"))));
    assertSame(
        new Sheet(s.id(), s.title(), s.labels(), s.rows(), s.nested(), s.blob(), expected),
        stored(s));
  }

  @Test
  void aPseudoTypeAsTheWholeExtraAtTheTopLevelLeavesTheDocumentReadable() {
    Sheet time = sheet("top-time", Map.of(), List.of(), Map.of(), TIME);
    Sheet binary = sheet("top-binary", Map.of(), List.of(), Map.of(), BINARY);
    sheets.saveAll(List.of(time, binary));
    assertSame(time, stored(time));
    assertSame(binary, stored(binary));
    List<Sheet> found = sheets.findAll(Sheet_.id.eq(time.id()));
    assertEquals(1, found.size());
    assertSame(time, found.get(0));
    try (Stream<Sheet> all = sheets.scan()) {
      Map<String, Sheet> byId =
          all.filter(x -> x.id().startsWith(run + "-top-"))
              .collect(Collectors.toMap(Sheet::id, x -> x));
      assertSame(binary, byId.get(binary.id()));
    }
  }

  @Test
  void mapFieldsAndListsOfMapsKeepReservedKeysAtEveryDepth() {
    Map<String, String> binaryText = Map.of("$reql_type$", "BINARY", "data", "aGk=");
    Map<String, String> timeText =
        Map.of("$reql_type$", "TIME", "epoch_time", "0", "timezone", "+00:00");
    Sheet s =
        sheet(
            "fields",
            binaryText,
            List.of(timeText, binaryText),
            Map.of("$reql_type$", Map.of("$reql_type$", 1L), "plain", Map.of("$reql_x", 2L)),
            Map.of());
    sheets.save(s);
    assertSame(s, stored(s));
  }

  @Test
  void keysThatLookEscapedRoundTripToo() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String k :
        List.of(
            "$osmos$",
            "$osmos$$reql_type$",
            "$osmos$$osmos$x",
            "$reql_",
            "$reql_type",
            "$",
            "$$reql_type$",
            "reql_type$",
            "plain")) {
      labels.put(k, "v:" + k);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("$osmos$", "top");
    extra.put("$osmos$$reql_type$", "TIME");
    extra.put("$reql_type$x", Map.of("$osmos$a", List.of(Map.of("$reql_type$", "BINARY"))));
    Sheet s = sheet("escapes", labels, List.of(labels), Map.of(), extra);
    sheets.save(s);
    assertSame(s, stored(s));
  }

  @Test
  void extraFieldsNamedLikeTheDriversOwnFieldsCannotMoveOrRenameTheDocument() {
    memos.save(new Memo(run + "-victim", "untouched", Map.of()));
    Memo m =
        new Memo(
            run + "-memo",
            "mine",
            Map.of("id", run + "-victim", "osmos_key", "someone-else", "$osmos$id", "x"));
    memos.save(m);
    assertEquals(Optional.of(m), memos.get(m.code()), "read back as written");
    assertEquals(
        Optional.of(new Memo(run + "-victim", "untouched", Map.of())),
        memos.get(run + "-victim"),
        "another document was overwritten");
    Sheet s = sheet("own-key", Map.of(), List.of(), Map.of(), Map.of("osmos_key", "other"));
    sheets.save(s);
    assertSame(s, stored(s));
  }

  @Test
  void theStoredDocumentKeepsReservedKeysOutOfTheServersSight() {
    Sheet s =
        sheet(
            "layout",
            Map.of("$reql_type$", "BINARY", "data", "aGk="),
            List.of(),
            Map.of(),
            Map.of("$reql_type$", "TIME", "epoch_time", 0L, "timezone", "+00:00"));
    sheets.save(s);
    Map<?, ?> doc = (Map<?, ?>) r.db(DB).table("rdb_sheets").get(s.id()).run(raw).single();
    assertEquals(Map.of("$osmos$$reql_type$", "BINARY", "data", "aGk="), doc.get("labels"));
    assertEquals("TIME", doc.get("$osmos$$reql_type$"), "the top-level extra: " + doc);
    assertTrue(doc.get("blob") instanceof byte[], "a byte[] field is a RethinkDB binary");
    assertEquals(
        "OBJECT",
        r.db(DB).table("rdb_sheets").get(s.id()).g("labels").typeOf().run(raw).single(),
        "not PTYPE<BINARY>");
    assertEquals(
        "PTYPE<BINARY>",
        r.db(DB).table("rdb_sheets").get(s.id()).g("blob").typeOf().run(raw).single());
  }

  @Test
  void patchesEscapeTheMapsTheySet() {
    Sheet s = sheet("patch", Map.of(), List.of(), Map.of(), Map.of());
    sheets.save(s);
    Map<String, String> binaryText = Map.of("$reql_type$", "BINARY", "data", "aGk=");
    sheets.update(
        s.id(),
        p ->
            p.labels(binaryText)
                .rows(List.of(binaryText))
                .nested(Map.of("$reql_type$", Map.of("$osmos$", 3L))));
    Sheet patched = stored(s);
    assertEquals(binaryText, patched.labels());
    assertEquals(List.of(binaryText), patched.rows());
    assertEquals(Map.of("$reql_type$", Map.of("$osmos$", 3L)), patched.nested());
  }

  @Test
  void stringsThatLookLikePseudoTypesOrTermsAreDataInIndexesAndQueries() {
    List<String> titles =
        List.of(
            "{\"$reql_type$\":\"TIME\",\"epoch_time\":0,\"timezone\":\"+00:00\"}",
            "[2,[1,2]]",
            "[15,[\"rdb_sheets\"]]",
            "$reql_type$",
            "r.table('x').delete()");
    for (int i = 0; i < titles.size(); i++) {
      sheets.save(
          new Sheet(
              run + "-title-" + i, titles.get(i), Map.of(), List.of(), Map.of(), null, Map.of()));
    }
    for (int i = 0; i < titles.size(); i++) {
      List<String> ids =
          sheets.findByTitle(titles.get(i)).stream()
              .map(Sheet::id)
              .filter(id -> id.startsWith(run))
              .toList();
      assertEquals(List.of(run + "-title-" + i), ids, "findByTitle " + titles.get(i));
      // The key drives this one; the title is a filter.
      assertEquals(
          List.of(run + "-title-" + i),
          sheets
              .findAll(Sheet_.id.prefix(run + "-title-").and(Sheet_.title.eq(titles.get(i))))
              .stream()
              .map(Sheet::id)
              .toList(),
          "filter");
      assertEquals(
          titles.get(i),
          stored(new Sheet(run + "-title-" + i, null, null, null, null, null, null)).title());
    }
    List<String> prefixed =
        sheets.findAll(Sheet_.title.prefix("[")).stream()
            .map(Sheet::id)
            .filter(id -> id.startsWith(run))
            .sorted()
            .toList();
    assertEquals(List.of(run + "-title-1", run + "-title-2"), prefixed);
  }

  @Test
  void changeFeedsCarryTheModelAsItWasWritten() {
    Queue<Sheet> got = new ConcurrentLinkedQueue<>();
    Subscription feed =
        driver.subscribeChanges(
            "rdb_sheets",
            m -> {
              Sheet s = JsonFormat.decode(Sheet_.MODEL, m.data());
              if (s.id().equals(run + "-feed")) {
                got.add(s);
              }
            });
    try {
      Sheet s =
          sheet(
              "feed",
              Map.of("$reql_type$", "BINARY", "data", "aGk="),
              List.of(),
              Map.of(),
              Map.of("t", TIME));
      sheets.save(s);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (got.isEmpty()) {
        if (System.nanoTime() > deadline) {
          fail("no change within 10 s");
        }
        Thread.onSpinWait();
      }
      assertSame(s, got.peek());
    } finally {
      feed.close();
    }
  }
}
