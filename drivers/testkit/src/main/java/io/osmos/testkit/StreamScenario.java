package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.Osmos;
import io.osmos.Pipeline;
import io.osmos.Streams;
import io.osmos.exceptions.DriverException;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.LookupService;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.WarehouseService;
import io.osmos.spi.WarehouseService.ResultRead;
import io.osmos.spi.WarehouseService.Status;
import io.osmos.spi.WarehouseService.WarehouseJob;
import io.osmos.testkit.model.TestModels;
import io.osmos.testkit.model.WhPageView;
import io.osmos.testkit.model.WhPageViewRepository;
import io.osmos.testkit.model.WhPageView_;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The end-to-end stream scenario, Beneath's write path: records are {@code publish}ed to the queue,
 * a {@link Pipeline} writes them to the lookup service and the warehouse, and reads give the same
 * answers on every backend: a key lookup returns the newest version by timestamp whatever the order
 * of arrival, index range reads see the newest version of each key, and SQL counts and sums every
 * distinct version once, although some records were published twice.
 *
 * <p>A backend runs it by extending this class with a driver that offers a message queue, a lookup
 * service and a warehouse: {@code Streams.of(new MemoryDriver(), new MemoryDriver(), new
 * DuckDbDriver())}, a PostgreSQL driver alone, or {@code Streams.of(pubsub, bigtable, bigquery)}.
 *
 * <p>The data: ten sessions of {@link WhPageView}, session {@code i} published in {@code 1 + i % 3}
 * versions one second apart (page {@code p((i + v) % 4)}, {@code millis = 1000 (i + 1) + 10 v}),
 * newest first for odd sessions, and every version of sessions 0, 4 and 8 published twice. That is
 * 19 distinct versions in 25 messages. Every key, page and campaign starts with a scope unique to
 * the test, so the scenario can run on a shared server.
 *
 * <p><b>Lifecycle.</b> {@link #newDriver()} is called once per class and closed after the last
 * test. Each test registers it (or a composition of it) in its own {@link Osmos} as {@value
 * TestModels#STREAMS} and starts its own pipeline before publishing (a durable subscription only
 * keeps messages from its creation on).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StreamScenario {
  private static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int SESSIONS = 10;

  private final String run = "sc" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicInteger tests = new AtomicInteger();
  private Driver driver;

  /**
   * The driver under test: a {@link MessageQueue}, a {@link LookupService} and a {@link
   * WarehouseService} in one, connected to the test servers. Called once per test class.
   */
  protected abstract Driver newDriver();

  @BeforeAll
  final void connect() {
    driver = newDriver();
    assertInstanceOf(MessageQueue.class, driver, "the scenario needs a MessageQueue");
    assertInstanceOf(LookupService.class, driver, "the scenario needs a LookupService");
    assertInstanceOf(WarehouseService.class, driver, "the scenario needs a WarehouseService");
  }

  @AfterAll
  final void disconnect() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void publishedRecordsReachLookupAndWarehouse() {
    String scope = run + "_" + tests.incrementAndGet();
    Osmos osmos = Osmos.builder().driver(TestModels.STREAMS, driver).build();
    WhPageViewRepository views = new WhPageViewRepository(osmos);
    Progress progress = new Progress();
    try (Pipeline pipeline =
        osmos.pipeline(TestModels.STREAMS).add(WhPageView_.MODEL).listener(progress).start()) {
      Data data = new Data(scope);
      views.publishAll(data.published);
      awaitWritten(pipeline, progress, data);
      assertAnswers(views, data);
      Pipeline.Stats stats = pipeline.stats();
      assertTrue(
          stats.records() >= data.published.size(),
          "every message written and acknowledged: " + stats);
    }
  }

  @Test
  void aFailingWarehouseWriteIsRetriedAndThePipelineGoesOn() {
    String scope = run + "_" + tests.incrementAndGet();
    Data data = new Data(scope);
    // Session 1's writes fail three times: twice within the first delivery (2 attempts), so the
    // message goes back to the queue while the others are written, then once more.
    String poisoned = data.session(1);
    FlakyWarehouse flaky = new FlakyWarehouse((WarehouseService) driver, poisoned, 3);
    Osmos osmos =
        Osmos.builder()
            .driver(
                TestModels.STREAMS,
                Streams.of((MessageQueue) driver, (LookupService) driver, flaky))
            .build();
    WhPageViewRepository views = new WhPageViewRepository(osmos);
    Progress progress = new Progress();
    // No add(): the repository bound the model through the Streams driver.
    try (Pipeline pipeline =
        osmos
            .pipeline(TestModels.STREAMS)
            .retries(2, Duration.ofMillis(1), Duration.ofMillis(10))
            .listener(progress)
            .start()) {
      assertEquals(
          List.of(WhPageView_.MODEL.bucket()),
          pipeline.buckets(),
          "the model bound through the Streams driver");
      views.publishAll(data.published);
      awaitWritten(pipeline, progress, data);
      assertAnswers(views, data);
      Pipeline.Stats stats = pipeline.stats();
      assertEquals(3, stats.failures(), "the injected failures: " + stats);
      assertEquals(0, flaky.failuresLeft.get());
      assertNotNull(stats.lastError());
      assertTrue(stats.lastError().contains("injected"), stats.lastError());
      assertTrue(
          progress.failedKeys.keySet().equals(Set.of(poisoned)),
          "only the poisoned session failed: " + progress.failedKeys);
      assertTrue(
          progress.handedBack.get() >= 1, "after its attempts the message went back to the queue");
    }
  }

  // ---- the answers -----------------------------------------------------------------------------

  private void assertAnswers(WhPageViewRepository views, Data data) {
    // Lookup: the newest version by timestamp, although older ones arrived later.
    for (int i = 0; i < SESSIONS; i++) {
      assertEquals(
          Optional.of(data.newest(i)),
          views.get(data.session(i)),
          "newest version of session " + i);
    }
    // Index reads see the newest version of each key, in index order (page, then key).
    List<WhPageView> p1 = views.findAll(WhPageView_.page.eq(data.page(1)));
    assertEquals(data.newestWhere(v -> v.page().equals(data.page(1))), p1, "page p1");
    List<WhPageView> p1to2 = views.findAll(WhPageView_.page.between(data.page(1), data.page(2)));
    assertEquals(
        data.newestWhere(
            v -> v.page().compareTo(data.page(1)) >= 0 && v.page().compareTo(data.page(2)) <= 0),
        p1to2,
        "pages p1 to p2");

    // Warehouse: every distinct version once, duplicates and retries included.
    Map<String, Object> totals =
        single(
            sql(
                views,
                "SELECT count(*) AS n,"
                    + " count(DISTINCT session) AS sessions, sum(millis) AS millis FROM {table}"
                    + " WHERE campaign = '"
                    + data.scope
                    + "'"));
    assertEquals(data.distinct.size(), whole(totals.get("n")), "rows: " + totals);
    assertEquals(SESSIONS, whole(totals.get("sessions")));
    assertEquals(
        data.distinct.stream().mapToLong(WhPageView::millis).sum(), whole(totals.get("millis")));

    List<Map<String, Object>> byPage =
        sql(
            views,
            "SELECT page, count(*) AS n, sum(millis) AS"
                + " millis FROM {table} WHERE campaign = '"
                + data.scope
                + "' GROUP BY page"
                + " ORDER BY page");
    Map<String, long[]> expected = new TreeMap<>();
    for (WhPageView v : data.distinct) {
      long[] e = expected.computeIfAbsent(v.page(), p -> new long[2]);
      e[0]++;
      e[1] += v.millis();
    }
    List<String> expectedRows = new ArrayList<>();
    expected.forEach((page, e) -> expectedRows.add(page + " " + e[0] + " " + e[1]));
    List<String> actualRows = new ArrayList<>();
    for (Map<String, Object> r : byPage) {
      actualRows.add(r.get("page") + " " + whole(r.get("n")) + " " + whole(r.get("millis")));
    }
    assertEquals(expectedRows, actualRows, "per page: count and sum of every version");
  }

  private void awaitWritten(Pipeline pipeline, Progress progress, Data data) {
    await(
        "the pipeline to write " + data.distinct.size() + " versions",
        () -> {
          for (WhPageView v : data.distinct) {
            if (!progress.written.contains(v.session() + "@" + v.time())) {
              return false;
            }
          }
          return pipeline.stats().records() >= data.published.size();
        },
        pipeline);
  }

  private static List<Map<String, Object>> sql(WhPageViewRepository views, String sql) {
    WarehouseJob job = views.query(sql);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (job.status() != Status.DONE) {
      if (System.nanoTime() > deadline) {
        fail("job " + job.id() + " not done after " + TIMEOUT + ": " + sql);
      }
      Eventually.pause(5);
      job = views.poll(job.id());
    }
    if (job.error() != null) {
      fail("query failed: " + job.error() + "\n" + sql);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (byte[] c : job.cursors()) {
      CursorWalk walk = new CursorWalk("result of " + job.id());
      byte[] cursor = c;
      while (cursor != null) {
        ResultRead read = views.readResults(cursor, 100);
        rows.addAll(read.rows());
        cursor = walk.page(read.rows().size(), read.next() != null) ? read.next() : null;
      }
    }
    return rows;
  }

  private static Map<String, Object> single(List<Map<String, Object>> rows) {
    assertEquals(1, rows.size(), "one row expected: " + rows);
    return rows.get(0);
  }

  /** An integral SQL result (engines type counts and sums as BIGINT, HUGEINT or NUMERIC). */
  private static long whole(Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof BigDecimal d) {
      return d.longValueExact();
    }
    throw new AssertionError("not an integral result value: " + value);
  }

  private static void await(String what, BooleanSupplier done, Pipeline pipeline) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail(
            "gave up after "
                + TIMEOUT.toSeconds()
                + " s waiting for "
                + what
                + "; pipeline "
                + pipeline.stats());
      }
      Eventually.pause(10);
    }
  }

  // ---- the data --------------------------------------------------------------------------------

  /** The records of one test run and the answers they must give. */
  private static final class Data {
    final String scope;
    final List<WhPageView> published = new ArrayList<>();
    final List<WhPageView> distinct = new ArrayList<>();

    Data(String scope) {
      this.scope = scope;
      for (int i = SESSIONS - 1; i >= 0; i--) {
        List<WhPageView> versions = new ArrayList<>();
        for (int v = 0; v <= i % 3; v++) {
          versions.add(version(i, v));
        }
        distinct.addAll(versions);
        if (i % 2 == 1) {
          versions = new ArrayList<>(versions);
          java.util.Collections.reverse(versions); // newest first: older ones arrive later
        }
        published.addAll(versions);
        if (i % 4 == 0) {
          published.addAll(versions); // exact duplicates
        }
      }
    }

    String session(int i) {
      return scope + "-s" + i;
    }

    String page(int p) {
      return scope + "/p" + p;
    }

    WhPageView version(int i, int v) {
      return new WhPageView(
          session(i),
          T0.plusSeconds(60L * i + v),
          page((i + v) % 4),
          scope,
          1000L * (i + 1) + 10L * v);
    }

    WhPageView newest(int i) {
      return version(i, i % 3);
    }

    /** The newest versions that match, in index order: by page, then by key. */
    List<WhPageView> newestWhere(java.util.function.Predicate<WhPageView> match) {
      List<WhPageView> out = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        if (match.test(newest(i))) {
          out.add(newest(i));
        }
      }
      out.sort(Comparator.comparing(WhPageView::page).thenComparing(WhPageView::session));
      return out;
    }
  }

  /** Collects what the pipeline reports. */
  private static final class Progress implements Pipeline.Listener {
    final Set<String> written = ConcurrentHashMap.newKeySet();
    final Map<Object, Integer> failedKeys = new ConcurrentHashMap<>();
    final AtomicInteger handedBack = new AtomicInteger();

    @Override
    public void written(String bucket, Object key, Instant timestamp) {
      written.add(key + "@" + timestamp);
    }

    @Override
    public void failed(String bucket, Object key, int attempt, Throwable error, Duration retryIn) {
      failedKeys.merge(key, 1, Integer::sum);
      if (retryIn == null) {
        handedBack.incrementAndGet();
      }
    }
  }

  /** A warehouse whose writes of one key fail a number of times before they work. */
  private static final class FlakyWarehouse implements WarehouseService {
    private final WarehouseService delegate;
    private final String key;
    final AtomicInteger failuresLeft;

    FlakyWarehouse(WarehouseService delegate, String key, int failures) {
      this.delegate = delegate;
      this.key = key;
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public String kind() {
      return "flaky-" + delegate.kind();
    }

    @Override
    public DriverLimits limits() {
      return delegate.limits();
    }

    @Override
    public <T, K> WarehouseTable<T> warehouseTable(ModelSchema<T, K> model) {
      WarehouseTable<T> table = delegate.warehouseTable(model);
      return new WarehouseTable<>() {
        @Override
        public String tableName() {
          return table.tableName();
        }

        @Override
        public void write(List<T> rows) {
          for (T row : rows) {
            if (key.equals(model.key(row))
                && failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
              throw new DriverException("injected warehouse failure for " + key);
            }
          }
          table.write(rows);
        }
      };
    }

    @Override
    public WarehouseJob analyze(String sql) {
      return delegate.analyze(sql);
    }

    @Override
    public WarehouseJob run(String sql, long maxBytesScanned) {
      return delegate.run(sql, maxBytesScanned);
    }

    @Override
    public WarehouseJob poll(String jobId) {
      return delegate.poll(jobId);
    }

    @Override
    public ResultRead read(byte[] cursor, int limit) {
      return delegate.read(cursor, limit);
    }

    /** The tested driver is closed by the scenario, not by this wrapper's registry. */
    @Override
    public void close() {}
  }
}
