package io.osmos.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import io.osmos.exceptions.DriverException;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.WarehouseService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One stream model's table: rows go in by streaming inserts ({@code tabledata.insertAll}). */
final class BigQueryWarehouseTable<T> implements WarehouseService.WarehouseTable<T> {
  /** BigQuery's advice for streaming inserts: at most 500 rows per request. */
  static final int MAX_ROWS_PER_REQUEST = 500;

  /** Requests are capped at 10 MB; rows are estimated, so keep a margin. */
  private static final long MAX_BYTES_PER_REQUEST = 8L << 20;

  private final BigQuery bigquery;
  private final TableLayout layout;
  private final RowEncoder<T> encoder;
  private final String modelName;
  private final String sqlName;

  BigQueryWarehouseTable(
      BigQuery bigquery, TableLayout layout, ModelSchema<T, ?> model, String sqlName) {
    this.bigquery = bigquery;
    this.layout = layout;
    this.encoder = new RowEncoder<>(model);
    this.modelName = model.modelName();
    this.sqlName = sqlName;
  }

  @Override
  public String tableName() {
    return sqlName;
  }

  /**
   * Encodes every row first (a value BigQuery cannot store fails the call before anything is sent),
   * then inserts them in requests of at most 500 rows. A request BigQuery rejects stores none of
   * its rows; earlier requests stay stored, and writing the batch again is harmless since each
   * row's insert id is derived from its key and timestamp.
   */
  @Override
  public void write(List<T> rows) {
    if (rows.isEmpty()) {
      return;
    }
    List<RowEncoder.Row> encoded = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      T record = rows.get(i);
      try {
        encoded.add(encoder.encode(record));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            modelName
                + " row "
                + i
                + keyText(record)
                + " cannot be"
                + " written to BigQuery table "
                + sqlName
                + ": "
                + e.getMessage(),
            e);
      }
    }
    int start = 0;
    while (start < encoded.size()) {
      int end = start;
      long bytes = 0;
      while (end < encoded.size()
          && end - start < MAX_ROWS_PER_REQUEST
          && (end == start || bytes < MAX_BYTES_PER_REQUEST)) {
        bytes += RowEncoder.estimateBytes(encoded.get(end).content()) + 64;
        end++;
      }
      insert(encoded, start, end);
      start = end;
    }
  }

  private void insert(List<RowEncoder.Row> rows, int start, int end) {
    InsertAllRequest.Builder request = InsertAllRequest.newBuilder(layout.tableId());
    for (int i = start; i < end; i++) {
      RowEncoder.Row r = rows.get(i);
      request.addRow(r.insertId(), r.content());
    }
    InsertAllResponse response;
    try {
      response = bigquery.insertAll(request.build());
    } catch (BigQueryException e) {
      throw BigQueryErrors.failed(
          "inserting rows " + start + ".." + (end - 1) + " into " + sqlName, e);
    }
    if (!response.hasErrors()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    String onlyKey = null;
    for (Map.Entry<Long, List<BigQueryError>> e :
        new TreeMap<>(response.getInsertErrors()).entrySet()) {
      List<BigQueryError> causes = new ArrayList<>();
      for (BigQueryError err : e.getValue()) {
        // "stopped" marks valid rows BigQuery dropped because another row of the request failed.
        if (!"stopped".equals(err.getReason())) {
          causes.add(err);
        }
      }
      if (!causes.isEmpty()) {
        int index = start + e.getKey().intValue();
        onlyKey = rows.get(index).key();
        problems.add("row " + index + " (key=" + onlyKey + "): " + BigQueryErrors.describe(causes));
      }
    }
    DriverException failure =
        new DriverException(
            "BigQuery rejected "
                + problems.size()
                + (problems.size() == 1 ? " row" : " rows")
                + " written to "
                + sqlName
                + ", so rows "
                + start
                + ".."
                + (end - 1)
                + " were not stored"
                + (start > 0 ? " (rows before " + start + " were)" : "")
                + ": "
                + String.join("; ", problems));
    if (problems.size() == 1) {
      failure.in(null, null, onlyKey, null);
    }
    throw failure;
  }

  private String keyText(T record) {
    try {
      return " (key=" + Arrays.toString(encoder.keyComponents(record)) + ")";
    } catch (RuntimeException e) {
      return "";
    }
  }

  @Override
  public String toString() {
    return "BigQueryWarehouseTable[" + sqlName + "]";
  }
}
