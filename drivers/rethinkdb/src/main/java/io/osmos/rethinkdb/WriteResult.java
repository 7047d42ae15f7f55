package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.rethinkdb.gen.ast.ReqlExpr;
import java.util.List;
import java.util.Map;

/**
 * The summary RethinkDB returns for a write ({@code insert}, {@code update}, {@code replace},
 * {@code delete}, {@code forEach}): counts, the first error, generated keys and, when asked for,
 * the changes.
 */
record WriteResult(
    long inserted,
    long replaced,
    long unchanged,
    long skipped,
    long deleted,
    long errors,
    String firstError,
    List<?> generatedKeys,
    List<?> changes) {

  /** Marks errors raised on purpose by Osmos's own write functions ({@code r.error}). */
  static final String OSMOS_ERROR = "osmos:";

  static WriteResult of(Object response) {
    if (!(response instanceof Map<?, ?> m)) {
      throw new IllegalStateException("expected a write summary from RethinkDB, got " + response);
    }
    return new WriteResult(
        count(m, "inserted"),
        count(m, "replaced"),
        count(m, "unchanged"),
        count(m, "skipped"),
        count(m, "deleted"),
        count(m, "errors"),
        m.get("first_error") == null ? null : String.valueOf(m.get("first_error")),
        m.get("generated_keys") instanceof List<?> l ? l : List.of(),
        m.get("changes") instanceof List<?> c ? c : List.of());
  }

  private static long count(Map<?, ?> m, String name) {
    return m.get(name) instanceof Number n ? n.longValue() : 0;
  }

  /** Whether the first error is the Osmos error {@code tag} (e.g. {@code version}). */
  boolean failedWith(String tag) {
    return errors > 0 && firstError != null && firstError.contains(OSMOS_ERROR + tag);
  }

  /** Whether the first error is a duplicate primary key. */
  boolean duplicateKey() {
    return errors > 0 && firstError != null && firstError.startsWith("Duplicate primary key");
  }

  /**
   * The summary of a write run with {@code return_changes}, with each change's new document as JSON
   * text, so that a document of any depth arrives as one string (see {@link StoredJson}). Use as
   * {@code write.do_(WriteResult::changesAsJson)}.
   */
  static ReqlExpr changesAsJson(ReqlExpr summary) {
    return summary.merge(
        r.hashMap(
            "changes",
            summary
                .g("changes")
                .default_(r.array())
                .map(
                    c ->
                        r.hashMap(
                            "new_val", c.g("new_val").default_((Object) null).toJsonString()))));
  }

  /** The new value of the first change (read as {@link #changesAsJson} sent it), or null. */
  Map<?, ?> newValue() {
    if (changes.isEmpty() || !(changes.get(0) instanceof Map<?, ?> change)) {
      return null;
    }
    Object doc = change.get("new_val");
    if (doc instanceof String json) {
      doc = StoredJson.read(json);
    }
    return doc instanceof Map<?, ?> m ? m : null;
  }
}
