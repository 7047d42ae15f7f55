package io.osmos.bigquery;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.Dataset;
import com.google.api.services.bigquery.model.DatasetReference;
import com.google.api.services.bigquery.model.ErrorProto;
import com.google.api.services.bigquery.model.GetQueryResultsResponse;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfiguration;
import com.google.api.services.bigquery.model.JobConfigurationQuery;
import com.google.api.services.bigquery.model.JobReference;
import com.google.api.services.bigquery.model.JobStatistics;
import com.google.api.services.bigquery.model.JobStatistics2;
import com.google.api.services.bigquery.model.JobStatus;
import com.google.api.services.bigquery.model.QueryRequest;
import com.google.api.services.bigquery.model.QueryResponse;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableCell;
import com.google.api.services.bigquery.model.TableDataInsertAllRequest;
import com.google.api.services.bigquery.model.TableDataInsertAllResponse;
import com.google.api.services.bigquery.model.TableDataList;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The state behind {@link FakeBigQueryServer}: datasets, tables and jobs, with the rows in an
 * in-memory DuckDB database (schema {@code "project.dataset"}, one DuckDB table per BigQuery
 * table). Every method is synchronized: the fake answers one request at a time, so its behaviour is
 * deterministic.
 */
final class FakeBigQueryEngine implements AutoCloseable {
  /** Where query results go, as BigQuery's anonymous datasets. */
  static final String RESULTS_DATASET = "_osmos_fake_results";

  private static final String LOCATION = "US";
  private static final long MIB = 1 << 20;
  private static final int DEFAULT_PAGE_ROWS = 100_000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,299}");
  private static final Pattern TABLE_ID =
      Pattern.compile("[\\p{L}\\p{M}\\p{N}\\p{Pc}\\p{Pd}]" + "{1,1024}");
  private static final Set<String> CLUSTERABLE =
      Set.of(
          "STRING",
          "INTEGER",
          "BOOLEAN",
          "DATE",
          "DATETIME",
          "TIMESTAMP",
          "NUMERIC",
          "BIGNUMERIC",
          "GEOGRAPHY");

  /** A request BigQuery would refuse: HTTP status, error reason and message. */
  static final class FakeError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;
    final String reason;

    FakeError(int code, String reason, String message) {
      super(message, null, false, false);
      this.code = code;
      this.reason = reason;
    }
  }

  private static final class TableState {
    final String project;
    final String dataset;
    final String table;
    final Table posted;
    final Table resource;
    final Set<String> insertIds = new HashSet<>();
    long rows;
    long bytes;

    TableState(String project, String dataset, String table, Table posted, Table resource) {
      this.project = project;
      this.dataset = dataset;
      this.table = table;
      this.posted = posted;
      this.resource = resource;
    }

    String duckName() {
      return FakeSql.quote(project + "." + dataset) + "." + FakeSql.quote(table);
    }

    List<TableFieldSchema> fields() {
      return resource.getSchema().getFields();
    }
  }

  private static final class JobState {
    final Job done;
    int pollsLeft;
    boolean int64Timestamps;

    JobState(Job done, int pollsLeft) {
      this.done = done;
      this.pollsLeft = pollsLeft;
    }
  }

  private final Connection duck;
  private final Map<String, Dataset> datasets = new LinkedHashMap<>();
  private final Map<String, TableState> tables = new LinkedHashMap<>();
  private final Map<String, JobState> jobs = new HashMap<>();
  private final List<String> log = new ArrayList<>();
  private final List<QueryJob> queryJobs = new ArrayList<>();
  private int pollsUntilDone;
  private long clock = 1_700_000_000_000L;

  FakeBigQueryEngine() {
    try {
      duck = DriverManager.getConnection("jdbc:duckdb:");
      for (String sql : FakeSql.SETUP) {
        execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start DuckDB for the BigQuery fake", e);
    }
  }

  synchronized void pollsUntilDone(int polls) {
    this.pollsUntilDone = polls;
  }

  synchronized void log(String line) {
    log.add(line);
  }

  synchronized List<String> requests() {
    return List.copyOf(log);
  }

  /**
   * A query job the fake was asked for: a dry run or a run, its SQL, the statement type the fake
   * sees in it, and the principal the client named ({@link FakeBigQueryServer#PRINCIPAL_HEADER}).
   */
  record QueryJob(boolean dryRun, String sql, String statementType, String principal) {}

  synchronized List<QueryJob> queryJobs() {
    return List.copyOf(queryJobs);
  }

  /** A copy of the table resource as the client posted it, or null. */
  synchronized Table postedTable(String project, String dataset, String table) {
    TableState t = tables.get(key(project, dataset, table));
    return t == null ? null : t.posted.clone();
  }

  /** Every stored row of a table as DuckDB returns it (BLOBs as byte[]), in insertion order. */
  synchronized List<Map<String, Object>> storedRows(String project, String dataset, String table) {
    TableState t = existing(project, dataset, table);
    List<Map<String, Object>> out = new ArrayList<>();
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + t.duckName())) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.put(rs.getMetaData().getColumnName(i), v instanceof Blob ? FakeSql.bytes(v) : v);
        }
        out.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  // ---- datasets -------------------------------------------------------------------------------

  synchronized Dataset createDataset(String project, Dataset body) {
    DatasetReference ref = body.getDatasetReference();
    if (ref == null || ref.getDatasetId() == null) {
      throw new FakeError(400, "invalid", "Dataset reference is missing.");
    }
    String id = ref.getDatasetId();
    if (!NAME.matcher(id).matches() || id.equals(RESULTS_DATASET)) {
      throw new FakeError(
          400,
          "invalid",
          "Invalid dataset ID \""
              + id
              + "\". Dataset IDs must"
              + " be alphanumeric (plus underscores) and must be at most 1024 characters long.");
    }
    String key = project + "." + id;
    if (datasets.containsKey(key)) {
      throw new FakeError(409, "duplicate", "Already Exists: Dataset " + project + ":" + id);
    }
    return addDataset(project, id, body);
  }

  private Dataset addDataset(String project, String id, Dataset body) {
    execute("CREATE SCHEMA " + FakeSql.quote(project + "." + id));
    Dataset d =
        body.clone()
            .setKind("bigquery#dataset")
            .setId(project + ":" + id)
            .setDatasetReference(new DatasetReference().setProjectId(project).setDatasetId(id))
            .setLocation(body.getLocation() == null ? LOCATION : body.getLocation())
            .setCreationTime(tick())
            .setLastModifiedTime(clock)
            .setEtag(UUID.randomUUID().toString());
    datasets.put(project + "." + id, d);
    return d;
  }

  synchronized Dataset getDataset(String project, String dataset) {
    Dataset d = datasets.get(project + "." + dataset);
    if (d == null) {
      throw new FakeError(404, "notFound", "Not found: Dataset " + project + ":" + dataset);
    }
    return d.clone();
  }

  synchronized void deleteDataset(String project, String dataset, boolean deleteContents) {
    getDataset(project, dataset);
    List<String> inside = new ArrayList<>();
    for (TableState t : tables.values()) {
      if (t.project.equals(project) && t.dataset.equals(dataset)) {
        inside.add(key(t.project, t.dataset, t.table));
      }
    }
    if (!inside.isEmpty() && !deleteContents) {
      throw new FakeError(
          400, "resourceInUse", "Dataset " + project + ":" + dataset + " is still in use");
    }
    inside.forEach(tables::remove);
    execute("DROP SCHEMA " + FakeSql.quote(project + "." + dataset) + " CASCADE");
    datasets.remove(project + "." + dataset);
  }

  // ---- tables ---------------------------------------------------------------------------------

  synchronized Table createTable(String project, String dataset, Table body) {
    getDataset(project, dataset);
    TableReference ref = body.getTableReference();
    if (ref == null || ref.getTableId() == null) {
      throw new FakeError(400, "invalid", "Table reference is missing.");
    }
    String id = ref.getTableId();
    if (!TABLE_ID.matcher(id).matches()) {
      throw new FakeError(400, "invalid", "Invalid table ID \"" + id + "\".");
    }
    if (tables.containsKey(key(project, dataset, id))) {
      throw new FakeError(
          409, "duplicate", "Already Exists: Table " + project + ":" + dataset + "." + id);
    }
    List<TableFieldSchema> fields = body.getSchema() == null ? null : body.getSchema().getFields();
    if (fields == null || fields.isEmpty()) {
      throw new FakeError(
          400,
          "invalid",
          "The fake needs a schema for table "
              + id
              + " (views and schemaless tables are not implemented).");
    }
    checkFields(fields, "");
    checkPartitioning(body.getTimePartitioning(), fields);
    checkClustering(body.getClustering(), fields);
    return addTable(project, dataset, id, body, fields).resource.clone();
  }

  private TableState addTable(
      String project, String dataset, String id, Table body, List<TableFieldSchema> fields) {
    StringBuilder ddl =
        new StringBuilder("CREATE TABLE ")
            .append(FakeSql.quote(project + "." + dataset))
            .append('.')
            .append(FakeSql.quote(id))
            .append(" (");
    for (int i = 0; i < fields.size(); i++) {
      TableFieldSchema f = fields.get(i);
      ddl.append(i == 0 ? "" : ", ")
          .append(FakeSql.quote(f.getName()))
          .append(' ')
          .append(FakeSql.duckType(f));
    }
    execute(ddl.append(')').toString());
    Table resource =
        body.clone()
            .setKind("bigquery#table")
            .setId(project + ":" + dataset + "." + id)
            .setTableReference(
                new TableReference().setProjectId(project).setDatasetId(dataset).setTableId(id))
            .setType("TABLE")
            .setLocation(LOCATION)
            .setCreationTime(tick());
    TableState t = new TableState(project, dataset, id, body.clone(), resource);
    tables.put(key(project, dataset, id), t);
    return t;
  }

  private static void checkFields(List<TableFieldSchema> fields, String path) {
    Set<String> names = new HashSet<>();
    for (TableFieldSchema f : fields) {
      String name = f.getName();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new FakeError(
            400,
            "invalid",
            "Invalid field name \""
                + name
                + "\". Fields must"
                + " contain only letters, numbers, and underscores, start with a letter or"
                + " underscore, and be at most 300 characters long.");
      }
      if (!names.add(name.toLowerCase(Locale.ROOT))) {
        throw new FakeError(
            400, "invalid", "Field " + path + name + " already exists in" + " schema");
      }
      String mode = FakeSql.mode(f);
      if (!Set.of("NULLABLE", "REQUIRED", "REPEATED").contains(mode)) {
        throw new FakeError(400, "invalid", "Invalid mode " + mode + " for field " + name);
      }
      try {
        FakeSql.duckType(f);
      } catch (IllegalArgumentException e) {
        throw new FakeError(400, "invalid", e.getMessage());
      }
      if (f.getFields() != null && !f.getFields().isEmpty()) {
        if (!FakeSql.normalizeType(f.getType()).equals("RECORD")) {
          throw new FakeError(
              400,
              "invalid",
              "Field " + path + name + " has sub-fields but is" + " of type " + f.getType());
        }
        checkFields(f.getFields(), path + name + ".");
      }
    }
  }

  private static void checkPartitioning(TimePartitioning p, List<TableFieldSchema> fields) {
    if (p == null) {
      return;
    }
    if (!Set.of("DAY", "HOUR", "MONTH", "YEAR").contains(String.valueOf(p.getType()))) {
      throw new FakeError(400, "invalid", "Invalid time partitioning type " + p.getType());
    }
    if (p.getField() == null) {
      return;
    }
    TableFieldSchema f = FakeSql.find(fields, p.getField());
    if (f == null) {
      throw new FakeError(
          400,
          "invalid",
          "The field specified for partitioning cannot be found" + " in the schema");
    }
    String type = FakeSql.normalizeType(f.getType());
    if (!Set.of("TIMESTAMP", "DATE", "DATETIME").contains(type)
        || FakeSql.mode(f).equals("REPEATED")) {
      throw new FakeError(
          400,
          "invalid",
          "The field specified for time partitioning can only"
              + " be of type TIMESTAMP, DATE or DATETIME. The type found is: "
              + type
              + ".");
    }
  }

  private static void checkClustering(Clustering c, List<TableFieldSchema> fields) {
    if (c == null || c.getFields() == null) {
      return;
    }
    if (c.getFields().size() > 4) {
      throw new FakeError(
          400,
          "invalid",
          "Too many clustering fields: " + c.getFields().size() + ", only 4 allowed.");
    }
    for (String name : c.getFields()) {
      TableFieldSchema f = FakeSql.find(fields, name);
      if (f == null) {
        throw new FakeError(
            400,
            "invalid",
            "The field specified for clustering cannot be found"
                + " in the schema. Invalid field: "
                + name
                + ".");
      }
      String type = FakeSql.normalizeType(f.getType());
      if (!CLUSTERABLE.contains(type) || FakeSql.mode(f).equals("REPEATED")) {
        throw new FakeError(
            400,
            "invalid",
            "Field "
                + name
                + " is of type "
                + (FakeSql.mode(f).equals("REPEATED") ? "ARRAY<" + type + ">" : type)
                + " which is not supported for clustering.");
      }
    }
  }

  synchronized Table getTable(String project, String dataset, String table) {
    TableState t = existing(project, dataset, table);
    return t.resource
        .clone()
        .setNumRows(BigInteger.valueOf(t.rows))
        .setNumBytes(t.bytes)
        .setLastModifiedTime(BigInteger.valueOf(clock))
        .setEtag(Long.toHexString(t.rows) + "-" + t.bytes);
  }

  synchronized void deleteTable(String project, String dataset, String table) {
    TableState t = existing(project, dataset, table);
    execute("DROP TABLE " + t.duckName());
    tables.remove(key(project, dataset, table));
  }

  private TableState existing(String project, String dataset, String table) {
    TableState t = tables.get(key(project, dataset, table));
    if (t == null) {
      getDataset(project, dataset);
      throw new FakeError(
          404, "notFound", "Not found: Table " + project + ":" + dataset + "." + table);
    }
    return t;
  }

  private static String key(String project, String dataset, String table) {
    return project + "." + dataset + "." + table;
  }

  // ---- rows -----------------------------------------------------------------------------------

  /**
   * {@code tabledata.insertAll}: rows whose insert id was seen before (in any earlier successful
   * request, or earlier in this one) are dropped, which is BigQuery's best-effort de-duplication
   * made deterministic. Without {@code skipInvalidRows}, one invalid row fails the request: the
   * invalid rows get their errors, the others {@code stopped}, and nothing is stored.
   */
  synchronized TableDataInsertAllResponse insertAll(
      String project, String dataset, String table, TableDataInsertAllRequest request) {
    TableState t = existing(project, dataset, table);
    List<TableDataInsertAllRequest.Rows> rows =
        request.getRows() == null ? List.of() : request.getRows();
    boolean skipInvalid = Boolean.TRUE.equals(request.getSkipInvalidRows());
    boolean ignoreUnknown = Boolean.TRUE.equals(request.getIgnoreUnknownValues());
    List<TableDataInsertAllResponse.InsertErrors> errors = new ArrayList<>();
    List<String> values = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    List<Integer> valid = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < rows.size(); i++) {
      TableDataInsertAllRequest.Rows row = rows.get(i);
      String id = row.getInsertId();
      if (id != null && !id.isEmpty() && (t.insertIds.contains(id) || ids.contains(id))) {
        continue;
      }
      Map<String, Object> json = row.getJson() == null ? Map.of() : row.getJson();
      try {
        values.add(rowLiteral(t, json, ignoreUnknown));
        valid.add(i);
        if (id != null && !id.isEmpty()) {
          ids.add(id);
        }
        bytes += jsonSize(json);
      } catch (FakeSql.RowError e) {
        errors.add(
            new TableDataInsertAllResponse.InsertErrors()
                .setIndex((long) i)
                .setErrors(
                    List.of(
                        new ErrorProto()
                            .setReason("invalid")
                            .setLocation(e.location)
                            .setMessage(e.getMessage()))));
      }
    }
    TableDataInsertAllResponse response =
        new TableDataInsertAllResponse().setKind("bigquery#tableDataInsertAllResponse");
    if (!errors.isEmpty() && !skipInvalid) {
      for (int i : valid) {
        errors.add(
            new TableDataInsertAllResponse.InsertErrors()
                .setIndex((long) i)
                .setErrors(
                    List.of(new ErrorProto().setReason("stopped").setLocation("").setMessage(""))));
      }
      errors.sort((a, b) -> Long.compare(a.getIndex(), b.getIndex()));
      return response.setInsertErrors(errors);
    }
    if (!values.isEmpty()) {
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(t.duckName()).append(" (");
      for (int c = 0; c < t.fields().size(); c++) {
        sql.append(c == 0 ? "" : ", ").append(FakeSql.quote(t.fields().get(c).getName()));
      }
      sql.append(") VALUES ").append(String.join(", ", values));
      try {
        execute(sql.toString());
      } catch (IllegalStateException e) {
        throw new FakeError(
            400, "invalid", "The fake could not store the rows: " + e.getCause().getMessage());
      }
      t.insertIds.addAll(ids);
      t.rows += values.size();
      t.bytes += bytes;
      tick();
    }
    return errors.isEmpty() ? response : response.setInsertErrors(errors);
  }

  private static String rowLiteral(TableState t, Map<String, Object> json, boolean ignoreUnknown) {
    if (!ignoreUnknown) {
      for (String name : json.keySet()) {
        if (FakeSql.find(t.fields(), name) == null) {
          throw new FakeSql.RowError(name, "no such field: " + name + ".");
        }
      }
    }
    StringBuilder b = new StringBuilder("(");
    for (int c = 0; c < t.fields().size(); c++) {
      TableFieldSchema f = t.fields().get(c);
      Object v = FakeSql.valueOf(json, f.getName());
      if (v == null && FakeSql.mode(f).equals("REPEATED")) {
        v = List.of();
      }
      b.append(c == 0 ? "" : ", ").append(FakeSql.literal(f, v, f.getName()));
    }
    return b.append(')').toString();
  }

  private static long jsonSize(Map<String, Object> json) {
    try {
      return GsonFactory.getDefaultInstance().toString(json).length();
    } catch (IOException e) {
      return 0;
    }
  }

  /** {@code tabledata.list}: a page of rows in insertion order. */
  synchronized TableDataList listData(
      String project,
      String dataset,
      String table,
      Long maxResults,
      String pageToken,
      Long startIndex,
      boolean int64Timestamps) {
    TableState t = existing(project, dataset, table);
    Page page = page(t, maxResults, pageToken, startIndex, int64Timestamps);
    return new TableDataList()
        .setKind("bigquery#tableDataList")
        .setEtag("e" + t.rows)
        .setTotalRows(t.rows)
        .setRows(page.rows)
        .setPageToken(page.next);
  }

  private record Page(List<TableRow> rows, String next) {}

  private Page page(
      TableState t, Long maxResults, String pageToken, Long startIndex, boolean int64Timestamps) {
    long offset = startIndex == null ? 0 : startIndex;
    if (pageToken != null && !pageToken.isEmpty()) {
      offset = decodeToken(pageToken);
    }
    long limit = maxResults == null || maxResults <= 0 ? DEFAULT_PAGE_ROWS : maxResults;
    List<TableFieldSchema> fields = t.fields();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int c = 0; c < fields.size(); c++) {
      sql.append(c == 0 ? "" : ", ").append(FakeSql.quote(fields.get(c).getName()));
    }
    sql.append(" FROM ")
        .append(t.duckName())
        .append(" LIMIT ")
        .append(limit)
        .append(" OFFSET ")
        .append(offset);
    List<TableRow> rows = new ArrayList<>();
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(sql.toString())) {
      while (rs.next()) {
        List<TableCell> cells = new ArrayList<>(fields.size());
        for (int c = 0; c < fields.size(); c++) {
          cells.add(
              new TableCell()
                  .setV(FakeSql.cell(fields.get(c), rs.getObject(c + 1), int64Timestamps)));
        }
        rows.add(new TableRow().setF(cells));
      }
    } catch (SQLException e) {
      throw new FakeError(
          500, "internalError", "the fake failed to read " + t.table + ": " + e.getMessage());
    }
    long end = offset + rows.size();
    return new Page(rows, end < t.rows ? encodeToken(end) : null);
  }

  private static String encodeToken(long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeToken(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!s.startsWith("offset:")) {
        throw new IllegalArgumentException(s);
      }
      return Long.parseLong(s.substring(7));
    } catch (IllegalArgumentException e) {
      throw new FakeError(400, "invalid", "Invalid page token: " + token);
    }
  }

  // ---- jobs -----------------------------------------------------------------------------------

  /**
   * {@code jobs.insert} of a query job. A dry run answers at once (HTTP 400/404 when the query is
   * bad, as BigQuery does); a real run executes the query into a result table now and reports the
   * job RUNNING until it has been polled {@link #pollsUntilDone} times. Execution errors are in the
   * job's status, not the HTTP answer.
   */
  synchronized Job insertJob(String project, Job body, String principal) {
    JobConfiguration config = body.getConfiguration();
    if (config == null || config.getQuery() == null || config.getQuery().getQuery() == null) {
      throw new FakeError(400, "invalid", "The fake implements query jobs only.");
    }
    JobConfigurationQuery query = config.getQuery();
    if (!Boolean.FALSE.equals(query.getUseLegacySql())) {
      throw new FakeError(
          400, "invalid", "The fake speaks GoogleSQL only: set useLegacySql to" + " false.");
    }
    JobReference ref =
        body.getJobReference() == null ? new JobReference() : body.getJobReference().clone();
    ref.setProjectId(project).setLocation(ref.getLocation() == null ? LOCATION : ref.getLocation());
    queryJobs.add(
        new QueryJob(
            Boolean.TRUE.equals(config.getDryRun()),
            query.getQuery(),
            typeOrError(query.getQuery()),
            principal));
    if (Boolean.TRUE.equals(config.getDryRun())) {
      return dryRun(project, ref, config);
    }
    if (ref.getJobId() == null) {
      ref.setJobId("job_" + UUID.randomUUID().toString().replace('-', '_'));
    }
    String jobKey = project + "." + ref.getJobId();
    if (jobs.containsKey(jobKey)) {
      throw new FakeError(
          409,
          "duplicate",
          "Already Exists: Job " + project + ":" + ref.getLocation() + "." + ref.getJobId());
    }
    Job done = runQuery(project, ref, config);
    JobState state = new JobState(done, pollsUntilDone);
    jobs.put(jobKey, state);
    return state.pollsLeft > 0 ? running(done) : done.clone();
  }

  /** The statement type of {@code sql}, or the syntax error the fake finds in it. */
  private static String typeOrError(String sql) {
    try {
      return FakeStatementTypes.of(sql);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * A dry run: the statement type of the text and, for a SELECT, its schema (DuckDB describes it).
   * The tables a SELECT or a DML statement names must exist; other statements (DDL that creates
   * what does not exist yet, scripts) are typed without checking their names.
   */
  private Job dryRun(String project, JobReference ref, JobConfiguration config) {
    String sql = config.getQuery().getQuery();
    FakeSql.Translation tr = translate(project, sql);
    String type = statementType(tr, sql);
    Set<FakeSql.TableRef> refs =
        Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE_TABLE").contains(type)
            ? referenced(tr)
            : Set.of();
    JobStatistics2 q =
        new JobStatistics2()
            .setStatementType(type)
            .setTotalBytesProcessed(bytesOf(refs))
            .setReferencedTables(references(refs))
            .setCacheHit(false);
    if (type.equals("SELECT")) {
      q.setSchema(new TableSchema().setFields(describe("DESCRIBE " + tr.sql())));
    }
    return new Job()
        .setKind("bigquery#job")
        .setJobReference(new JobReference().setProjectId(project).setLocation(ref.getLocation()))
        .setConfiguration(config.clone())
        .setStatus(new JobStatus().setState("DONE"))
        .setStatistics(
            new JobStatistics()
                .setCreationTime(tick())
                .setTotalBytesProcessed(q.getTotalBytesProcessed())
                .setQuery(q));
  }

  private Job runQuery(String project, JobReference ref, JobConfiguration config) {
    JobConfiguration cfg = config.clone();
    String sql = cfg.getQuery().getQuery();
    long created = tick();
    Job job =
        new Job()
            .setKind("bigquery#job")
            .setId(project + ":" + ref.getLocation() + "." + ref.getJobId())
            .setJobReference(ref)
            .setConfiguration(cfg)
            .setUserEmail("fake@osmos.test");
    JobStatistics stats = new JobStatistics().setCreationTime(created).setStartTime(created);
    try {
      FakeSql.Translation tr = translate(project, sql);
      String type = statementType(tr, sql);
      Set<FakeSql.TableRef> refs = type.equals("SELECT") ? referenced(tr) : Set.of();
      if (!type.equals("SELECT")) {
        throw new FakeError(
            400,
            "invalidQuery",
            "The fake runs SELECT queries only; this is" + " a " + type + " statement.");
      }
      long processed = bytesOf(refs);
      long billed =
          refs.isEmpty() ? 0 : Math.max(10 * MIB * refs.size(), (processed + MIB - 1) / MIB * MIB);
      Long max = cfg.getQuery().getMaximumBytesBilled();
      if (max != null && billed > max) {
        throw new FakeError(
            400,
            "bytesBilledLimitExceeded",
            "Query exceeded limit for bytes"
                + " billed: "
                + max
                + ". "
                + billed
                + " or higher required.");
      }
      String resultId = "anon_" + ref.getJobId().replaceAll("[^A-Za-z0-9_]", "_");
      if (!datasets.containsKey(project + "." + RESULTS_DATASET)) {
        addDataset(project, RESULTS_DATASET, new Dataset());
      }
      String target =
          FakeSql.quote(project + "." + RESULTS_DATASET) + "." + FakeSql.quote(resultId);
      try (Statement s = duck.createStatement()) {
        s.execute("CREATE TABLE " + target + " AS " + tr.sql());
      } catch (SQLException e) {
        throw new FakeError(400, "invalidQuery", e.getMessage());
      }
      List<TableFieldSchema> fields = describe("DESCRIBE " + target);
      Table result =
          new Table()
              .setSchema(new TableSchema().setFields(fields))
              .setTableReference(
                  new TableReference()
                      .setProjectId(project)
                      .setDatasetId(RESULTS_DATASET)
                      .setTableId(resultId));
      TableState state =
          new TableState(
              project,
              RESULTS_DATASET,
              resultId,
              result,
              result
                  .clone()
                  .setKind("bigquery#table")
                  .setType("TABLE")
                  .setLocation(LOCATION)
                  .setId(project + ":" + RESULTS_DATASET + "." + resultId)
                  .setCreationTime(clock));
      state.rows = count(target);
      state.bytes = state.rows * 8L * fields.size();
      tables.put(key(project, RESULTS_DATASET, resultId), state);
      cfg.getQuery().setDestinationTable(result.getTableReference());
      stats
          .setTotalBytesProcessed(processed)
          .setEndTime(tick())
          .setQuery(
              new JobStatistics2()
                  .setStatementType("SELECT")
                  .setTotalBytesProcessed(processed)
                  .setTotalBytesBilled(billed)
                  .setCacheHit(false)
                  .setReferencedTables(references(refs))
                  .setSchema(new TableSchema().setFields(fields)));
      return job.setStatus(new JobStatus().setState("DONE")).setStatistics(stats);
    } catch (FakeError e) {
      ErrorProto error =
          new ErrorProto().setReason(e.reason).setLocation("query").setMessage(e.getMessage());
      // A mutable list: the job is cloned (deep copies) when answered.
      List<ErrorProto> errors = new ArrayList<>(List.of(error.clone()));
      return job.setStatus(new JobStatus().setState("DONE").setErrorResult(error).setErrors(errors))
          .setStatistics(stats.setEndTime(tick()).setQuery(new JobStatistics2()));
    }
  }

  private static Job running(Job done) {
    Job j = done.clone();
    j.setStatus(new JobStatus().setState("RUNNING"));
    j.getConfiguration().getQuery().setDestinationTable(null);
    j.setStatistics(
        new JobStatistics()
            .setCreationTime(done.getStatistics().getCreationTime())
            .setStartTime(done.getStatistics().getStartTime()));
    return j;
  }

  /** {@code jobs.get}: counts as a poll. */
  synchronized Job getJob(String project, String jobId) {
    JobState state = job(project, jobId);
    state.pollsLeft--;
    return state.pollsLeft > 0 ? running(state.done) : state.done.clone();
  }

  private JobState job(String project, String jobId) {
    JobState state = jobs.get(project + "." + jobId);
    if (state == null) {
      throw new FakeError(
          404, "notFound", "Not found: Job " + project + ":" + LOCATION + "." + jobId);
    }
    return state;
  }

  /** {@code jobs.query}: runs the query as a job and answers with its first page. */
  synchronized QueryResponse query(String project, QueryRequest request) {
    if (!Boolean.FALSE.equals(request.getUseLegacySql())) {
      throw new FakeError(
          400, "invalid", "The fake speaks GoogleSQL only: set useLegacySql to" + " false.");
    }
    JobConfiguration config =
        new JobConfiguration()
            .setDryRun(request.getDryRun())
            .setQuery(
                new JobConfigurationQuery()
                    .setQuery(request.getQuery())
                    .setUseLegacySql(false)
                    .setMaximumBytesBilled(request.getMaximumBytesBilled()));
    JobReference ref =
        new JobReference()
            .setProjectId(project)
            .setLocation(request.getLocation() == null ? LOCATION : request.getLocation());
    if (Boolean.TRUE.equals(request.getDryRun())) {
      Job dry = dryRun(project, ref, config);
      return new QueryResponse()
          .setKind("bigquery#queryResponse")
          .setJobComplete(true)
          .setJobReference(dry.getJobReference())
          .setSchema(dry.getStatistics().getQuery().getSchema())
          .setTotalBytesProcessed(dry.getStatistics().getTotalBytesProcessed());
    }
    ref.setJobId("job_" + UUID.randomUUID().toString().replace('-', '_'));
    Job done = runQuery(project, ref, config);
    if (done.getStatus().getErrorResult() != null) {
      ErrorProto e = done.getStatus().getErrorResult();
      throw new FakeError(
          e.getReason().equals("notFound") ? 404 : 400, e.getReason(), e.getMessage());
    }
    boolean int64 =
        request.getFormatOptions() != null
            && Boolean.TRUE.equals(request.getFormatOptions().getUseInt64Timestamp());
    JobState state = new JobState(done, 0);
    state.int64Timestamps = int64;
    jobs.put(project + "." + ref.getJobId(), state);
    TableState result = resultTable(done);
    Page page = page(result, request.getMaxResults(), null, null, int64);
    return new QueryResponse()
        .setKind("bigquery#queryResponse")
        .setJobComplete(true)
        .setJobReference(ref)
        .setSchema(result.resource.getSchema())
        .setTotalRows(BigInteger.valueOf(result.rows))
        .setRows(page.rows)
        .setPageToken(page.next)
        .setCacheHit(false)
        .setTotalBytesProcessed(done.getStatistics().getTotalBytesProcessed());
  }

  /** {@code jobs.getQueryResults}: the job's completion, schema and a page of rows. */
  synchronized GetQueryResultsResponse getQueryResults(
      String project,
      String jobId,
      Long maxResults,
      String pageToken,
      Long startIndex,
      Boolean int64Timestamps) {
    JobState state = job(project, jobId);
    state.pollsLeft--;
    GetQueryResultsResponse r =
        new GetQueryResultsResponse()
            .setKind("bigquery#getQueryResultsResponse")
            .setJobReference(state.done.getJobReference());
    if (state.pollsLeft > 0) {
      return r.setJobComplete(false);
    }
    if (state.done.getStatus().getErrorResult() != null) {
      ErrorProto e = state.done.getStatus().getErrorResult();
      throw new FakeError(400, e.getReason(), e.getMessage());
    }
    TableState result = resultTable(state.done);
    boolean int64 = int64Timestamps != null ? int64Timestamps : state.int64Timestamps;
    Page page = page(result, maxResults, pageToken, startIndex, int64);
    return r.setJobComplete(true)
        .setSchema(result.resource.getSchema())
        .setTotalRows(BigInteger.valueOf(result.rows))
        .setRows(page.rows)
        .setPageToken(page.next)
        .setCacheHit(false)
        .setTotalBytesProcessed(state.done.getStatistics().getTotalBytesProcessed());
  }

  private TableState resultTable(Job done) {
    TableReference t = done.getConfiguration().getQuery().getDestinationTable();
    return existing(t.getProjectId(), t.getDatasetId(), t.getTableId());
  }

  // ---- queries --------------------------------------------------------------------------------

  private static FakeSql.Translation translate(String project, String sql) {
    try {
      return FakeSql.translate(sql, project);
    } catch (IllegalArgumentException e) {
      throw new FakeError(400, "invalidQuery", e.getMessage());
    }
  }

  private static String statementType(FakeSql.Translation tr, String sql) {
    try {
      return tr.statementType(sql);
    } catch (IllegalArgumentException e) {
      throw new FakeError(400, "invalidQuery", e.getMessage());
    }
  }

  /** The distinct tables a query names; each must exist. */
  private Set<FakeSql.TableRef> referenced(FakeSql.Translation tr) {
    Set<FakeSql.TableRef> refs = new LinkedHashSet<>(tr.tables());
    for (FakeSql.TableRef r : refs) {
      if (!tables.containsKey(key(r.project(), r.dataset(), r.table()))) {
        throw new FakeError(
            404,
            "notFound",
            "Not found: "
                + (datasets.containsKey(r.project() + "." + r.dataset())
                    ? "Table " + r.project() + ":" + r.dataset() + "." + r.table()
                    : "Dataset " + r.project() + ":" + r.dataset())
                + " was not found in location "
                + LOCATION);
      }
    }
    return refs;
  }

  private long bytesOf(Set<FakeSql.TableRef> refs) {
    long n = 0;
    for (FakeSql.TableRef r : refs) {
      n += tables.get(key(r.project(), r.dataset(), r.table())).bytes;
    }
    return n;
  }

  private static List<TableReference> references(Set<FakeSql.TableRef> refs) {
    List<TableReference> out = new ArrayList<>();
    for (FakeSql.TableRef r : refs) {
      out.add(
          new TableReference()
              .setProjectId(r.project())
              .setDatasetId(r.dataset())
              .setTableId(r.table()));
    }
    return out;
  }

  private List<TableFieldSchema> describe(String sql) {
    List<TableFieldSchema> fields = new ArrayList<>();
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (sql.startsWith("DESCRIBE") && rs.next()) {
        fields.add(FakeSql.field(rs.getString("column_name"), rs.getString("column_type")));
      }
    } catch (SQLException e) {
      throw new FakeError(400, "invalidQuery", e.getMessage());
    }
    return fields;
  }

  private long count(String table) {
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new FakeError(500, "internalError", e.getMessage());
    }
  }

  private void execute(String sql) {
    try (Statement s = duck.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB refused: " + sql, e);
    }
  }

  /** A deterministic clock in milliseconds: each call moves it on by one. */
  private long tick() {
    return ++clock;
  }

  @Override
  public synchronized void close() {
    try {
      duck.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
