package io.osmos.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.WarehouseService;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Google BigQuery as a {@link WarehouseService}, after Beneath's BigQuery driver: one table per
 * stream model in one dataset, filled by streaming inserts, and SQL run as query jobs whose results
 * are read page by page.
 *
 * <pre>{@code
 * BigQueryDriver warehouse = new BigQueryDriver("my-project", "osmos");  // default credentials
 * Osmos osmos = Osmos.builder()
 *     .driver("events", Streams.of(queue, lookup, warehouse))
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>The dataset is created on first use if it does not exist. A model's table is named after
 *       its bucket and created from the model's schema if it does not exist (an existing table must
 *       fit the model). Besides the model's fields it has {@code __key BYTES} (the tuple-encoded
 *       key) and {@code __timestamp TIMESTAMP} (the {@code @Timestamp}); it is partitioned by day
 *       on {@code __timestamp} and clustered on the key fields. See the module README for the type
 *       mapping.
 *   <li>Writes are streaming inserts whose insert id is derived from the key and timestamp, so
 *       BigQuery drops a retried write of the same record (best effort, within about a minute).
 *   <li>{@link #analyze} is a dry run; {@link #run} dry-runs the SQL too (only SELECT queries are
 *       run: BigQuery's dry run tells a script of several statements, DML and DDL apart) and starts
 *       a query job under a new UUID with {@code maximumBytesBilled} set and no destination table;
 *       {@link #poll} gets the job; cursors read the job's result table with page tokens.
 *   <li>Queries can run with credentials of their own that may only read ({@link
 *       #BigQueryDriver(BigQuery, BigQuery, String)}).
 * </ul>
 */
public final class BigQueryDriver implements WarehouseService {
  /** Beneath's limits for BigQuery: 1 KiB keys, 1 MiB rows, 10 000 rows per write. */
  public static final DriverLimits LIMITS =
      new DriverLimits(1024, 1 << 20, 10_000, 9_999_360, 1000, 32);

  /** The most bytes a query may bill, and the cap when the caller gives none: 1 TB (Beneath's). */
  public static final long MAX_BYTES_BILLED = 1_000_000_000_000L;

  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_]{1,1024}");

  /** How many jobs whose SQL the dry run rejected {@link #poll} remembers. */
  private static final int REMEMBERED_REJECTIONS = 1000;

  private final BigQuery bigquery;
  private final BigQuery queries;
  private final String project;
  private final String dataset;
  private final String location;
  private final String jobProject;
  private final String jobLocation;
  private final Map<String, Schema> verified = new ConcurrentHashMap<>();
  private final Object datasetLock = new Object();
  private final Map<String, WarehouseJob> rejected =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WarehouseJob> eldest) {
              return size() > REMEMBERED_REJECTIONS;
            }
          });
  private volatile boolean datasetReady;

  /** A driver for {@code dataset} in {@code project}, with the application default credentials. */
  public BigQueryDriver(String project, String dataset) {
    this(
        BigQueryOptions.newBuilder()
            .setProjectId(Objects.requireNonNull(project, "project"))
            .build(),
        dataset);
  }

  /**
   * A driver for {@code dataset} in the options' project. For a local or fake server:
   *
   * <pre>{@code
   * BigQueryOptions.newBuilder().setProjectId("test").setHost("http://127.0.0.1:9050")
   *     .setCredentials(NoCredentials.getInstance()).build()
   * }</pre>
   */
  public BigQueryDriver(BigQueryOptions options, String dataset) {
    this(options.getService(), dataset);
  }

  /** A driver using {@code bigquery} (its options' project and location) for {@code dataset}. */
  public BigQueryDriver(BigQuery bigquery, String dataset) {
    this(bigquery, bigquery, dataset);
  }

  /**
   * A driver whose queries run with credentials of their own. {@code tables} creates the dataset
   * and the models' tables and writes rows (BigQuery Data Editor on the dataset); {@code queries}
   * dry-runs and runs SQL and reads the results (BigQuery Data Viewer on the dataset and BigQuery
   * Job User on its project, nothing more), so SQL can write nothing whatever it is. Jobs run in
   * {@code queries}' project and location.
   */
  public BigQueryDriver(BigQuery tables, BigQuery queries, String dataset) {
    this.bigquery = Objects.requireNonNull(tables, "tables");
    this.queries = Objects.requireNonNull(queries, "queries");
    this.project =
        Objects.requireNonNull(
            tables.getOptions().getProjectId(),
            "the BigQuery options name no project; set one with setProjectId");
    this.location = tables.getOptions().getLocation();
    this.jobProject =
        Objects.requireNonNull(
            queries.getOptions().getProjectId(),
            "the BigQuery options of queries name no project; set one with setProjectId");
    this.jobLocation = queries.getOptions().getLocation();
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    if (!DATASET.matcher(dataset).matches()) {
      throw new IllegalArgumentException(
          "'"
              + dataset
              + "' is not a BigQuery dataset id: use"
              + " letters, digits and underscores (at most 1024)");
    }
  }

  @Override
  public String kind() {
    return "bigquery";
  }

  @Override
  public DriverLimits limits() {
    return LIMITS;
  }

  /** The project the driver's dataset and jobs are in. */
  public String project() {
    return project;
  }

  /** The dataset that holds the models' tables. */
  public String dataset() {
    return dataset;
  }

  // ---- tables --------------------------------------------------------------------------------

  /**
   * The model's table, created (with the dataset) if it does not exist.
   *
   * @throws DriverException if a table of that name exists with a schema that does not fit the
   *     model, naming each difference
   */
  @Override
  public <T, K> WarehouseTable<T> warehouseTable(ModelSchema<T, K> model) {
    Objects.requireNonNull(model, "model");
    TableLayout layout = new TableLayout(TableId.of(project, dataset, model.bucket()), model);
    String sqlName = "`" + project + "." + dataset + "." + model.bucket() + "`";
    if (!layout.schema().equals(verified.get(model.bucket()))) {
      ensureDataset();
      ensureTable(layout, sqlName);
      verified.put(model.bucket(), layout.schema());
    }
    return new BigQueryWarehouseTable<>(bigquery, layout, model, sqlName);
  }

  private void ensureDataset() {
    if (datasetReady) {
      return;
    }
    synchronized (datasetLock) {
      if (datasetReady) {
        return;
      }
      DatasetId id = DatasetId.of(project, dataset);
      try {
        // Looked up first, so a deployment allowed to use the dataset but not to create datasets
        // works.
        if (bigquery.getDataset(id) == null) {
          try {
            bigquery.create(DatasetInfo.newBuilder(id).setLocation(location).build());
          } catch (BigQueryException e) {
            if (e.getCode() != BigQueryErrors.CONFLICT) {
              throw e;
            }
          }
        }
      } catch (BigQueryException e) {
        throw BigQueryErrors.failed("creating dataset " + project + "." + dataset, e);
      }
      datasetReady = true;
    }
  }

  private void ensureTable(TableLayout layout, String sqlName) {
    try {
      Table existing = bigquery.getTable(layout.tableId());
      if (existing == null) {
        try {
          bigquery.create(layout.tableInfo());
          return;
        } catch (BigQueryException e) {
          if (e.getCode() != BigQueryErrors.CONFLICT) {
            throw e;
          }
          // Another process created it meanwhile: check what it made.
          existing = bigquery.getTable(layout.tableId());
          if (existing == null) {
            throw e;
          }
        }
      }
      List<String> differences = layout.differences(existing.getDefinition());
      if (!differences.isEmpty()) {
        throw new DriverException(
            "BigQuery table "
                + sqlName
                + " exists with a schema that does"
                + " not fit the model: "
                + String.join("; ", differences)
                + ". Migrate the table,"
                + " or give the model a bucket of its own");
      }
    } catch (BigQueryException e) {
      throw BigQueryErrors.failed("creating table " + sqlName, e);
    }
  }

  // ---- queries -------------------------------------------------------------------------------

  /**
   * Dry-runs {@code sql}: checks it and describes its result without running it. The job has no id,
   * status {@code DONE}, the result columns and the bytes the query would scan.
   *
   * @throws UnsupportedQueryException if BigQuery rejects the SQL, or it is not a SELECT query
   */
  @Override
  public WarehouseJob analyze(String sql) {
    JobStatistics.QueryStatistics stats = dryRun(sql);
    return new WarehouseJob(
        null,
        Status.DONE,
        null,
        ResultRows.columns(stats.getSchema()),
        List.of(),
        orMinusOne(stats.getTotalBytesProcessed()),
        -1);
  }

  /**
   * Starts {@code sql} as a query job with a new UUID as its id. The SQL is dry-run first, so only
   * a single SELECT runs. Bad SQL does not throw: the job is returned done, with BigQuery's error
   * (SQL the dry run rejects never reaches BigQuery as a job; this driver instance remembers such
   * jobs for {@link #poll}). Errors while the job runs, such as the bytes cap, are in the job too.
   *
   * @param maxBytesScanned the most bytes the query may bill; 0 for {@link #MAX_BYTES_BILLED}
   * @throws LimitExceededException if {@code maxBytesScanned} exceeds {@link #MAX_BYTES_BILLED}
   */
  @Override
  public WarehouseJob run(String sql, long maxBytesScanned) {
    if (maxBytesScanned < 0) {
      throw new IllegalArgumentException(
          "maxBytesScanned must be 0 (the default cap) or" + " positive, was " + maxBytesScanned);
    }
    if (maxBytesScanned > MAX_BYTES_BILLED) {
      throw new LimitExceededException(
          "maxBytesScanned "
              + maxBytesScanned
              + " exceeds the"
              + " BigQuery driver's cap of "
              + MAX_BYTES_BILLED
              + " bytes (1 TB)");
    }
    JobId id =
        JobId.newBuilder()
            .setProject(jobProject)
            .setJob(UUID.randomUUID().toString())
            .setLocation(jobLocation)
            .build();
    try {
      dryRun(sql);
    } catch (UnsupportedQueryException e) {
      WarehouseJob failed =
          new WarehouseJob(id.getJob(), Status.DONE, e.getMessage(), List.of(), List.of(), -1, -1);
      rejected.put(id.getJob(), failed);
      return failed;
    }
    long cap = maxBytesScanned == 0 ? MAX_BYTES_BILLED : maxBytesScanned;
    // No destination table and no write or create disposition: the result goes to the job's
    // anonymous table, and the job has nowhere to write to.
    QueryJobConfiguration config =
        QueryJobConfiguration.newBuilder(sql)
            .setUseLegacySql(false)
            .setMaximumBytesBilled(cap)
            .build();
    Job job;
    try {
      job = queries.create(JobInfo.of(id, config));
    } catch (BigQueryException e) {
      throw BigQueryErrors.failed("starting query job " + id.getJob(), e);
    }
    return describe(job);
  }

  /**
   * The job's state; when it is done and succeeded, with its columns, row count and one cursor.
   *
   * @throws IllegalArgumentException if there is no job {@code jobId} in the driver's project
   */
  @Override
  public WarehouseJob poll(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    WarehouseJob failed = rejected.get(jobId);
    if (failed != null) {
      return failed;
    }
    Job job;
    try {
      job =
          queries.getJob(
              JobId.newBuilder()
                  .setProject(jobProject)
                  .setJob(jobId)
                  .setLocation(jobLocation)
                  .build());
    } catch (BigQueryException e) {
      throw BigQueryErrors.failed("getting job " + jobId, e);
    }
    if (job == null) {
      throw new IllegalArgumentException(
          "BigQuery has no job '"
              + jobId
              + "' in project "
              + jobProject
              + (jobLocation == null ? "" : " (location " + jobLocation + ")"));
    }
    return describe(job);
  }

  /**
   * Reads up to {@code limit} rows from a cursor of a finished job (one page of its result table).
   *
   * @throws InvalidCursorException if {@code cursor} is not one of this driver's cursors
   * @throws DriverException if the result is gone (BigQuery keeps results for about a day)
   */
  @Override
  public ResultRead read(byte[] cursor, int limit) {
    Objects.requireNonNull(cursor, "cursor");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    ResultCursor at = ResultCursor.decode(cursor);
    List<BigQuery.TableDataListOption> options = new ArrayList<>(2);
    options.add(BigQuery.TableDataListOption.pageSize(limit));
    if (at.pageToken() != null) {
      options.add(BigQuery.TableDataListOption.pageToken(at.pageToken()));
    }
    TableResult page;
    try {
      page =
          queries.listTableData(
              at.table(), at.schema(), options.toArray(new BigQuery.TableDataListOption[0]));
    } catch (BigQueryException e) {
      if (e.getCode() == BigQueryErrors.NOT_FOUND) {
        throw new DriverException(
            "the result of this cursor is gone (BigQuery keeps query"
                + " results for about 24 hours); run the query again",
            e);
      }
      throw BigQueryErrors.failed(
          "reading results from " + at.table().getDataset() + "." + at.table().getTable(), e);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FieldValueList values : page.getValues()) {
      rows.add(ResultRows.row(at.schema().getFields(), values));
    }
    String next = page.getNextPageToken();
    return new ResultRead(rows, next == null || next.isEmpty() ? null : at.at(next).encode());
  }

  private JobStatistics.QueryStatistics dryRun(String sql) {
    Objects.requireNonNull(sql, "sql");
    QueryJobConfiguration config =
        QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).setDryRun(true).build();
    Job job;
    try {
      job = queries.create(JobInfo.of(config));
    } catch (BigQueryException e) {
      if (e.getCode() == 400 || e.getCode() == BigQueryErrors.NOT_FOUND) {
        throw new UnsupportedQueryException(
            "BigQuery rejected the query: " + BigQueryErrors.describe(e), e);
      }
      throw BigQueryErrors.failed("checking the query (dry run)", e);
    }
    JobStatistics.QueryStatistics stats = job.getStatistics();
    JobStatistics.QueryStatistics.StatementType type = stats.getStatementType();
    if (!JobStatistics.QueryStatistics.StatementType.SELECT.equals(type)) {
      throw new UnsupportedQueryException(
          "the warehouse runs SELECT queries only; BigQuery" + " sees a " + type + " statement");
    }
    return stats;
  }

  private WarehouseJob describe(Job job) {
    String id = job.getJobId().getJob();
    if (!(job.getConfiguration() instanceof QueryJobConfiguration query)) {
      throw new IllegalArgumentException(
          "BigQuery job "
              + id
              + " is not a query job but a "
              + job.getConfiguration().getType()
              + " job");
    }
    JobStatus status = job.getStatus();
    Status state =
        switch (status.getState().name()) {
          case "PENDING" -> Status.PENDING;
          case "RUNNING" -> Status.RUNNING;
          default -> Status.DONE;
        };
    JobStatistics.QueryStatistics stats = job.getStatistics();
    long bytes = stats == null ? -1 : orMinusOne(stats.getTotalBytesProcessed());
    if (state != Status.DONE) {
      return new WarehouseJob(id, state, null, List.of(), List.of(), bytes, -1);
    }
    if (status.getError() != null) {
      List<BigQueryError> errors = status.getExecutionErrors();
      String error =
          errors == null || errors.isEmpty()
              ? BigQueryErrors.describe(status.getError())
              : BigQueryErrors.describe(errors);
      return new WarehouseJob(id, state, error, List.of(), List.of(), bytes, -1);
    }
    TableId destination = query.getDestinationTable();
    if (destination != null && destination.getProject() == null) {
      destination = TableId.of(jobProject, destination.getDataset(), destination.getTable());
    }
    Table result;
    try {
      result = destination == null ? null : queries.getTable(destination);
    } catch (BigQueryException e) {
      throw BigQueryErrors.failed("getting the result table of job " + id, e);
    }
    if (result == null) {
      throw new DriverException(
          "BigQuery job "
              + id
              + " is done but its result table "
              + destination
              + " does not exist");
    }
    Schema schema = result.getDefinition().getSchema();
    BigInteger rows = result.getNumRows();
    byte[] cursor = new ResultCursor(destination, null, schema).encode();
    return new WarehouseJob(
        id,
        state,
        null,
        ResultRows.columns(schema),
        List.of(cursor),
        bytes,
        rows == null ? -1 : rows.longValueExact());
  }

  private static long orMinusOne(Long value) {
    return value == null ? -1 : value;
  }

  @Override
  public String toString() {
    return "BigQueryDriver[" + project + "." + dataset + "]";
  }
}
