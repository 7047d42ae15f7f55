package io.osmos.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.Osmos;
import io.osmos.rethinkdb.model.Memo;
import io.osmos.rethinkdb.model.MemoRepository;
import io.osmos.rethinkdb.model.Memo_;
import io.osmos.testkit.server.RethinkTestServer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How deep documents may be: the deepest model every format accepts is stored and read back on
 * every read path (documents travel as JSON text, so neither the Java driver's depth limits nor
 * its recursion apply).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RethinkDocumentSizeTest {
  private static final String DB = "osmos_size_test";

  private final String run = "z" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private RethinkDriver driver;
  private MemoRepository memos;

  @BeforeAll
  void connect() {
    RethinkTestServer server = RethinkTestServer.get();
    driver = new RethinkDriver(server.url(DB));
    memos = new MemoRepository(Osmos.builder().driver("rdb", driver).build());
  }

  @AfterAll
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  /** Maps nested {@code levels} deep, with {@code leaf} in the deepest. */
  private static Object nested(int levels, Object leaf) {
    Object v = Map.of("leaf", leaf);
    for (int i = 1; i < levels; i++) {
      v = Map.of("v", v);
    }
    return v;
  }

  @Test
  void theDeepestModelReadsBackOnEveryReadPath() {
    // The memo's object and 999 maps: 1000 levels, every format's limit; the decimal's tag is one
    // more object in the stored document.
    Map<String, Object> extra = Map.of("deep", nested(999, new BigDecimal("1.50")));
    Memo m = memos.save(new Memo(run + "-deep", "t", extra));
    assertEquals(m, memos.get(m.code()).orElseThrow(), "get");
    assertEquals(m, memos.getAll(List.of(m.code())).get(m.code()), "getAll");
    assertEquals(List.of(m), memos.findAll(Memo_.code.eq(m.code())), "find");
    try (Stream<Memo> all = memos.scan()) {
      assertEquals(List.of(m), all.filter(x -> x.code().equals(m.code())).toList(), "scan");
    }
    Memo patched = memos.update(m.code(), p -> p.text("patched")).orElseThrow();
    assertEquals(new Memo(m.code(), "patched", extra), patched, "update");
  }
}
