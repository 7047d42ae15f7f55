package io.osmos.bigquery;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.QueryRequest;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableDataInsertAllRequest;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A BigQuery REST v2 server for tests, in process: the unmodified {@code google-cloud-bigquery}
 * client talks HTTP to it as to BigQuery, and it keeps the data in an embedded DuckDB database, so
 * queries are really executed. No BigQuery emulator exists that runs here; this is the stand-in.
 *
 * <pre>{@code
 * try (FakeBigQueryServer bq = FakeBigQueryServer.start()) {
 *   BigQueryDriver warehouse = new BigQueryDriver(bq.options(), "osmos");
 *   // or: Osmos.driverFromUrl(bq.url("osmos"))
 * }
 * }</pre>
 *
 * <p>Implemented, as the client calls them (all under {@code /bigquery/v2}, gzip request bodies,
 * {@code ?prettyPrint=false} ignored):
 *
 * <ul>
 *   <li>{@code POST projects/P/datasets} (409 on a duplicate), {@code GET} and {@code DELETE
 *       projects/P/datasets/D} (404 for a missing one, which the client turns into null);
 *   <li>{@code POST projects/P/datasets/D/tables} with a schema (field names, modes, RECORD
 *       sub-fields, time partitioning and clustering are checked as BigQuery checks them), {@code
 *       GET} and {@code DELETE .../tables/T};
 *   <li>{@code POST .../tables/T/insertAll}: values are checked against the schema and reported as
 *       {@code insertErrors} (invalid rows, the others {@code stopped}, nothing stored unless
 *       {@code skipInvalidRows}); a row whose {@code insertId} was stored before is dropped;
 *   <li>{@code GET .../tables/T/data} ({@code tabledata.list}): rows in insertion order, paged with
 *       {@code maxResults}, {@code pageToken} and {@code startIndex}; cells are strings, RECORD is
 *       {@code {f: [..]}}, REPEATED {@code [{v: ..}]}, TIMESTAMP seconds with microseconds;
 *   <li>{@code POST projects/P/jobs} for query jobs: dry runs (schema, the statement type BigQuery
 *       would report, see {@link FakeStatementTypes}: {@code SCRIPT} for several statements, {@code
 *       DELETE}, {@code CREATE_TABLE_AS_SELECT}, ...; referenced tables, bytes), and runs that
 *       execute the SELECT into a result table (in dataset {@value
 *       FakeBigQueryEngine#RESULTS_DATASET}); {@code maximumBytesBilled} is enforced against an
 *       estimate (bytes inserted into the referenced tables, at least 10 MiB per table, as BigQuery
 *       bills); a duplicate job id is a 409;
 *   <li>{@code GET projects/P/jobs/J}; {@link #completeJobsAfterPolls} makes jobs report RUNNING
 *       until polled that many times;
 *   <li>{@code POST projects/P/queries} and {@code GET projects/P/queries/J} ({@code jobs.query}
 *       and {@code getQueryResults}).
 * </ul>
 *
 * <p>SQL is GoogleSQL as far as DuckDB understands it, plus: backtick table names {@code
 * `project.dataset.table`} and {@code `dataset.table`}, string literals in single, double or triple
 * quotes with backslash escapes (kept in raw {@code r'...'} strings), {@code #} and {@code /*
 * *}{@code /} comments, {@code CURRENT_TIMESTAMP()}, {@code SAFE_CAST}, {@code
 * TIMESTAMP_MICROS/MILLIS/SECONDS}, {@code UNIX_MICROS/MILLIS/SECONDS}, {@code COUNTIF}, {@code
 * SAFE_DIVIDE} and the type names {@code INT64}, {@code FLOAT64}, {@code BYTES}. Only SELECT
 * statements run: a job with any other statement (BigQuery would run DML, DDL and scripts) ends
 * with an error, and {@link #queryJobs} shows that it was asked for. BIGNUMERIC values are kept
 * exact, as text, so DuckDB can select, compare for equality and return them but not compute with
 * them.
 *
 * <p>Errors have BigQuery's shape: {@code {"error": {"code", "message", "errors": [{"reason",
 * "message"}], "status"}}}. Requests are answered one at a time, in order.
 */
public final class FakeBigQueryServer implements AutoCloseable {
  /** The project {@link #start()} serves. */
  public static final String DEFAULT_PROJECT = "osmos-test";

  /**
   * A request header naming who sends the request, recorded with each query job ({@link
   * #queryJobs}): the fake has no credentials to tell principals apart.
   */
  public static final String PRINCIPAL_HEADER = "x-osmos-fake-principal";

  private static final String PREFIX = "/bigquery/v2/";
  private static final GsonFactory JSON = GsonFactory.getDefaultInstance();

  private final String project;
  private final FakeBigQueryEngine engine = new FakeBigQueryEngine();
  private final HttpServer http;
  private final ExecutorService executor;

  private FakeBigQueryServer(String project) throws IOException {
    this.project = project;
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "fake-bigquery");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
  }

  /** A server for project {@value #DEFAULT_PROJECT} on a free loopback port. */
  public static FakeBigQueryServer start() {
    return start(DEFAULT_PROJECT);
  }

  /** A server for {@code project} on a free loopback port. */
  public static FakeBigQueryServer start(String project) {
    try {
      return new FakeBigQueryServer(project);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake BigQuery server", e);
    }
  }

  /** The project the client options name. Requests for other projects work as well. */
  public String project() {
    return project;
  }

  /** {@code http://127.0.0.1:PORT}, for {@code BigQueryOptions.setHost}. */
  public String host() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** Client options for this server: its host and project, no credentials. */
  public BigQueryOptions options() {
    return BigQueryOptions.newBuilder()
        .setProjectId(project)
        .setHost(host())
        .setCredentials(NoCredentials.getInstance())
        .build();
  }

  /** Client options as {@link #options()}, whose requests name {@code principal}. */
  public BigQueryOptions options(String principal) {
    return options().toBuilder()
        .setHeaderProvider(FixedHeaderProvider.create(PRINCIPAL_HEADER, principal))
        .build();
  }

  /** The driver URL for {@code dataset} on this server: {@code bigquery://P/D?host=...}. */
  public String url(String dataset) {
    return "bigquery://" + project + "/" + dataset + "?host=" + host();
  }

  /** Makes new query jobs report RUNNING until they have been polled {@code polls} times. */
  public void completeJobsAfterPolls(int polls) {
    engine.pollsUntilDone(polls);
  }

  /**
   * The table resource exactly as the client posted it to create {@code dataset.table} in this
   * server's project (schema, partitioning, clustering, ...), or null if it was not created.
   */
  public Table postedTable(String dataset, String table) {
    return engine.postedTable(project, dataset, table);
  }

  /** The rows stored in {@code dataset.table}, as DuckDB holds them, in insertion order. */
  public List<Map<String, Object>> storedRows(String dataset, String table) {
    return engine.storedRows(project, dataset, table);
  }

  /**
   * Every query job asked for so far, dry run or not, with the statement type the fake sees in its
   * SQL, in order: a test can see which SQL a driver let run.
   */
  public List<FakeBigQueryEngine.QueryJob> queryJobs() {
    return engine.queryJobs();
  }

  /** Every request so far, as {@code METHOD /path}, in order. */
  public List<String> requests() {
    return engine.requests();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    engine.close();
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      engine.log(method + " " + path);
      int status = 200;
      Object body;
      try {
        body = route(method, path, query(exchange.getRequestURI().getRawQuery()), exchange);
        if (body == null) {
          status = 204;
        }
      } catch (FakeBigQueryEngine.FakeError e) {
        status = e.code;
        body = error(e.code, e.reason, e.getMessage());
      } catch (RuntimeException e) {
        status = 400;
        body = error(400, "invalid", "the fake failed: " + e);
      }
      if (body == null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] bytes = JSON.toByteArray(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private Object route(String method, String rawPath, Map<String, String> q, HttpExchange ex)
      throws IOException {
    if (!rawPath.startsWith(PREFIX)) {
      throw notImplemented(method, rawPath);
    }
    List<String> s = new ArrayList<>();
    for (String part : rawPath.substring(PREFIX.length()).split("/", -1)) {
      s.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
    }
    if (s.size() < 3 || !s.get(0).equals("projects")) {
      throw notImplemented(method, rawPath);
    }
    String p = s.get(1);
    String kind = s.get(2);
    int n = s.size();
    if (kind.equals("datasets")) {
      if (n == 3 && method.equals("POST")) {
        return engine.createDataset(p, parse(ex, Dataset.class));
      }
      String d = n > 3 ? s.get(3) : null;
      if (n == 4 && method.equals("GET")) {
        return engine.getDataset(p, d);
      }
      if (n == 4 && method.equals("DELETE")) {
        engine.deleteDataset(p, d, "true".equals(q.get("deleteContents")));
        return null;
      }
      if (n == 5 && s.get(4).equals("tables") && method.equals("POST")) {
        return engine.createTable(p, d, parse(ex, Table.class));
      }
      String t = n > 5 && s.get(4).equals("tables") ? s.get(5) : null;
      if (t != null && n == 6 && method.equals("GET")) {
        return engine.getTable(p, d, t);
      }
      if (t != null && n == 6 && method.equals("DELETE")) {
        engine.deleteTable(p, d, t);
        return null;
      }
      if (t != null && n == 7 && s.get(6).equals("insertAll") && method.equals("POST")) {
        return engine.insertAll(p, d, t, parse(ex, TableDataInsertAllRequest.class));
      }
      if (t != null && n == 7 && s.get(6).equals("data") && method.equals("GET")) {
        return engine.listData(
            p,
            d,
            t,
            longParam(q, "maxResults"),
            q.get("pageToken"),
            longParam(q, "startIndex"),
            "true".equals(q.get("formatOptions.useInt64Timestamp")));
      }
    } else if (kind.equals("jobs")) {
      if (n == 3 && method.equals("POST")) {
        return engine.insertJob(
            p, parse(ex, Job.class), ex.getRequestHeaders().getFirst(PRINCIPAL_HEADER));
      }
      if (n == 4 && method.equals("GET")) {
        return engine.getJob(p, s.get(3));
      }
    } else if (kind.equals("queries")) {
      if (n == 3 && method.equals("POST")) {
        return engine.query(p, parse(ex, QueryRequest.class));
      }
      if (n == 4 && method.equals("GET")) {
        String int64 = q.get("formatOptions.useInt64Timestamp");
        return engine.getQueryResults(
            p,
            s.get(3),
            longParam(q, "maxResults"),
            q.get("pageToken"),
            longParam(q, "startIndex"),
            int64 == null ? null : Boolean.valueOf(int64));
      }
    }
    throw notImplemented(method, rawPath);
  }

  private static FakeBigQueryEngine.FakeError notImplemented(String method, String path) {
    return new FakeBigQueryEngine.FakeError(
        400, "invalid", "FakeBigQueryServer does not" + " implement " + method + " " + path);
  }

  private static <T> T parse(HttpExchange ex, Class<T> type) throws IOException {
    byte[] raw = ex.getRequestBody().readAllBytes();
    InputStream in = new ByteArrayInputStream(raw);
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
      in = new GZIPInputStream(in);
    }
    byte[] body = in.readAllBytes();
    if (body.length == 0) {
      throw new FakeBigQueryEngine.FakeError(400, "invalid", "Required request body is missing");
    }
    return JSON.createJsonParser(new ByteArrayInputStream(body), StandardCharsets.UTF_8)
        .parseAndClose(type);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(
          name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Long longParam(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new FakeBigQueryEngine.FakeError(
          400, "invalid", "Invalid value for " + name + ": " + v);
    }
  }

  private static GenericJson error(int code, String reason, String message) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("message", message);
    item.put("domain", "global");
    item.put("reason", reason);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("errors", List.of(item));
    error.put(
        "status",
        switch (code) {
          case 404 -> "NOT_FOUND";
          case 409 -> "ALREADY_EXISTS";
          case 500 -> "INTERNAL";
          default -> "INVALID_ARGUMENT";
        });
    GenericJson json = new GenericJson();
    json.set("error", error);
    return json;
  }

  @Override
  public String toString() {
    return "FakeBigQueryServer[" + host() + ", project " + project + "]";
  }
}
