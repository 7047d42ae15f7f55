package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.exc.ReqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Creates what a bucket needs when a repository binds: the database, the table (primary key {@code
 * id}) and its indexes, each only if absent. Several processes may bind at once, so "already
 * exists" from the server counts as success.
 */
final class TableSetup {
  private TableSetup() {}

  static void database(ConnectionPool pool, String database) {
    if (!pool.list(r.dbList()).contains(database)) {
      ignoringExisting(() -> pool.atom(r.dbCreate(database)));
    }
  }

  static void table(ConnectionPool pool, String database, String table) {
    if (!pool.list(r.db(database).tableList()).contains(table)) {
      ignoringExisting(
          () ->
              pool.atom(
                  r.db(database).tableCreate(table).optArg("primary_key", DocumentLayout.ID)));
      return;
    }
    Object primaryKey = pool.atom(r.db(database).table(table).info().g("primary_key"));
    if (!DocumentLayout.ID.equals(primaryKey)) {
      throw new IllegalStateException(
          "table "
              + database
              + "."
              + table
              + " exists with primary"
              + " key '"
              + primaryKey
              + "'; Osmos stores keys in 'id': use another bucket or"
              + " database, or drop the table");
    }
  }

  static void indexes(
      ConnectionPool pool,
      String database,
      String table,
      Map<String, Function<ReqlExpr, ReqlExpr>> defs) {
    List<Object> existing = pool.list(r.db(database).table(table).indexList());
    for (Map.Entry<String, Function<ReqlExpr, ReqlExpr>> d : defs.entrySet()) {
      if (!existing.contains(d.getKey())) {
        ignoringExisting(
            () ->
                pool.atom(
                    r.db(database)
                        .table(table)
                        .indexCreate(d.getKey(), row -> d.getValue().apply(row))));
      }
    }
    pool.list(r.db(database).table(table).indexWait(new ArrayList<>(defs.keySet()).toArray()));
  }

  private static void ignoringExisting(Runnable create) {
    try {
      create.run();
    } catch (ReqlError e) {
      if (e.getMessage() == null || !e.getMessage().contains("already exists")) {
        throw e;
      }
    }
  }
}
