package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.rethinkdb.gen.ast.Table;
import io.osmos.exceptions.DriverException;
import java.util.Map;

/**
 * Per-bucket counters for generated {@code long} keys, one document per bucket in the table {@value
 * #TABLE} ({@code {"id": "<bucket>", "value": <last key>}}), advanced by an atomic {@code update}.
 */
final class Sequences {
  static final String TABLE = "osmos_sequences";

  private final ConnectionPool pool;
  private final String database;

  Sequences(ConnectionPool pool, String database) {
    this.pool = pool;
    this.database = database;
  }

  /** The next value of {@code bucket}'s counter (1 first). */
  long next(String bucket) {
    Table t = r.db(database).table(TABLE);
    while (true) {
      WriteResult w =
          WriteResult.of(
              pool.atom(
                  t.get(bucket)
                      .update(d -> r.hashMap("value", d.g("value").add(1)))
                      .optArg("return_changes", true)));
      if (w.errors() == 0 && w.newValue() != null) {
        return ((Number) w.newValue().get("value")).longValue();
      }
      if (w.errors() == 0 && w.skipped() > 0) {
        WriteResult created =
            WriteResult.of(
                pool.atom(t.insert(Map.of("id", bucket, "value", 1L)).optArg("conflict", "error")));
        if (created.inserted() == 1) {
          return 1;
        }
        if (created.duplicateKey()) {
          continue; // another process created it first
        }
        w = created;
      }
      throw new DriverException(
          "rethinkdb: advancing the key sequence of bucket '"
              + bucket
              + "' in "
              + database
              + "."
              + TABLE
              + " failed: "
              + w.firstError());
    }
  }
}
