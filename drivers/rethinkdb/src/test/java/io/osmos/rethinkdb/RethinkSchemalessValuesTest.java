package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rethinkdb.net.Connection;
import io.osmos.Osmos;
import io.osmos.memory.MemoryDriver;
import io.osmos.rethinkdb.model.Memo;
import io.osmos.rethinkdb.model.MemoRepository;
import io.osmos.rethinkdb.model.Node;
import io.osmos.rethinkdb.model.Tree;
import io.osmos.rethinkdb.model.TreeRepository;
import io.osmos.testkit.server.RethinkTestServer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Values whose type the model does not declare ({@code @Extra}) read back as on every other driver,
 * although RethinkDB keeps every number as a double and answers whole ones as integers; and
 * declared fields keep their type at every depth of a recursive nested type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RethinkSchemalessValuesTest {
  private static final String DB = "osmos_schemaless_test";
  private static final Instant NANOS = Instant.parse("2024-05-01T10:15:30.123456789Z");

  private final String run = "s" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private RethinkDriver driver;
  private MemoryDriver memory;
  private MemoRepository memos;
  private MemoRepository memosInMemory;
  private TreeRepository trees;
  private Connection raw;

  @BeforeAll
  void connect() {
    RethinkTestServer server = RethinkTestServer.get();
    driver = new RethinkDriver(server.url(DB));
    memory = new MemoryDriver();
    Osmos osmos = Osmos.builder().driver("rdb", driver).build();
    memos = new MemoRepository(osmos);
    trees = new TreeRepository(osmos);
    memosInMemory = new MemoRepository(Osmos.builder().driver("rdb", memory).build());
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
    if (memory != null) {
      memory.close();
    }
  }

  private Map<?, ?> rawDocument(String table, Object id) {
    return (Map<?, ?>) r.db(DB).table(table).get(id).run(raw).single();
  }

  /** Every kind of number RethinkDB cannot answer as itself, an instant, at several depths. */
  private static Map<String, Object> awkwardValues() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("maxLong", Long.MAX_VALUE);
    v.put("beyondDouble", (1L << 53) + 1);
    v.put("small", -5L);
    v.put("whole", 2.0);
    v.put("huge", 1e300);
    v.put("fraction", 0.1);
    v.put("negativeZero", -0.0);
    v.put("nan", Double.NaN);
    v.put("infinity", Double.NEGATIVE_INFINITY);
    v.put("scaled", new BigDecimal("1.50"));
    v.put("exponent", new BigDecimal("1E+3"));
    v.put("bigInteger", BigInteger.TEN.pow(30));
    v.put("instant", NANOS);
    v.put("decimalText", "1.50");
    return v;
  }

  @Test
  void extraValuesReadBackAsTheMemoryDriverGivesThem() {
    Map<String, Object> extra = new LinkedHashMap<>(awkwardValues());
    extra.put("list", List.copyOf(awkwardValues().values()));
    extra.put("map", Map.of("inner", awkwardValues()));
    Memo m = new Memo(run + "-awkward", "t", extra);
    memos.save(m);
    memosInMemory.save(m);
    Map<String, Object> expected = memosInMemory.get(m.code()).orElseThrow().extra();
    assertEquals(expected, memos.get(m.code()).orElseThrow().extra());
    // The runtime's rule, spelled out for a few: integers as Long, other numbers as BigDecimal,
    // what JSON writes as text (an instant, NaN) as that text.
    assertEquals(Long.MAX_VALUE, expected.get("maxLong"));
    assertEquals(new BigDecimal("2.0"), expected.get("whole"));
    assertEquals(new BigDecimal("1.50"), expected.get("scaled"));
    assertEquals("2024-05-01T10:15:30.123456789Z", expected.get("instant"));
    assertEquals("NaN", expected.get("nan"));
  }

  @Test
  void schemalessValuesTheServerCannotKeepAreTaggedAndDeclaredOnesAreNot() {
    Memo m = new Memo(run + "-tags", "t", awkwardValues());
    memos.save(m);
    Map<?, ?> doc = rawDocument("rdb_memos", m.code());
    assertEquals(Map.of("$osmos$decimal", "9223372036854775807"), doc.get("maxLong"));
    assertEquals(-5L, doc.get("small"));
    assertEquals(Map.of("$osmos$double", "2.0"), doc.get("whole"));
    assertEquals(0.1, doc.get("fraction"));
    assertEquals(Map.of("$osmos$double", "-0.0"), doc.get("negativeZero"));
    assertEquals(Map.of("$osmos$decimal", "1.50"), doc.get("scaled"));
    assertEquals(Map.of("$osmos$instant", "2024-05-01T10:15:30.123456789Z"), doc.get("instant"));
    assertEquals("1.50", doc.get("decimalText"));
  }

  @Test
  void aStoredKeyThatLooksLikeATagIsData() {
    Map<String, Object> extra =
        Map.of("$osmos$decimal", "1.50", "nested", Map.of("$osmos$instant", "not a time"));
    Memo m = new Memo(run + "-lookalike", "t", extra);
    memos.save(m);
    assertEquals(extra, memos.get(m.code()).orElseThrow().extra());
  }

  private static Node node(long big, double ratio, List<Node> children) {
    return new Node(
        big,
        ratio,
        new BigDecimal("1.50"),
        NANOS,
        children,
        Map.of("note", "kept", "count", 3L, "price", new BigDecimal("0.10")));
  }

  @Test
  void recursiveNestedTypesKeepTheirFieldTypesAtEveryDepth() {
    Node leaf = node(Long.MIN_VALUE, Double.NaN, null);
    Node middle = node(Long.MAX_VALUE, -0.0, List.of(leaf));
    Tree t = new Tree(run + "-tree", node(1L << 60, 0.5, List.of(middle)));
    trees.save(t);
    assertEquals(t, trees.get(t.id()).orElseThrow());
    // Below the first level the type refers to itself; its fields are stored as declared.
    Map<?, ?> stored =
        (Map<?, ?>)
            ((List<?>) ((Map<?, ?>) rawDocument("rdb_trees", t.id()).get("root")).get("children"))
                .get(0);
    assertEquals("9223372036854775807", stored.get("big"));
    assertEquals("-0.0", stored.get("ratio"));
    assertEquals("1.50", stored.get("amount"));
    assertEquals(Map.of("$osmos$decimal", "0.10"), stored.get("price"), "an @Extra entry");
  }
}
