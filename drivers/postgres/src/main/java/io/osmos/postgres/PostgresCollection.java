package io.osmos.postgres;

import io.osmos.codec.Codecs;
import io.osmos.codec.FieldDescriptor.Role;
import io.osmos.codec.FieldType;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.InvalidCursorException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Condition;
import io.osmos.query.NumberProperty;
import io.osmos.query.Patch;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DocumentCollection;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.KeyRange;
import io.osmos.spi.Slice;
import io.osmos.spi.TupleKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link DocumentCollection} over one table (see {@link DocumentTable} for the layout). Every
 * operation is one statement, or one transaction where it needs several, so indexes (PostgreSQL's
 * own, over the document) are always exact:
 *
 * <ul>
 *   <li>insert: {@code INSERT ... ON CONFLICT DO NOTHING}; no row inserted means the key is taken;
 *   <li>save: an upsert, or for versioned models an {@code UPDATE ... WHERE version = ?} (an insert
 *       that must not conflict for version 0);
 *   <li>saveAll: the same statements as one batch in one transaction, in key order (so concurrent
 *       batches lock rows in the same order), rolled back as a whole on any conflict;
 *   <li>update: one {@code UPDATE} that rebuilds the document from its stored fields and the
 *       patched ones, increments computed in SQL from the stored values;
 *   <li>find: SQL over the indexed expressions with keyset pagination (the continuation is the last
 *       index value and key); count: {@code count(*)} with the same conditions;
 *   <li>scan: a server-side cursor (a transaction with a fetch size), so memory stays bounded.
 * </ul>
 */
final class PostgresCollection<T, K> implements DocumentCollection<T, K> {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SCAN_FETCH = 256;

  /** Collisions of 160 random bits (or 122 for UUIDs) mean something else is wrong. */
  private static final int RANDOM_KEY_ATTEMPTS = 5;

  private final Database db;
  private final DriverLimits limits;
  private final DocumentTable<T, K> layout;
  private final ModelSchema<T, K> schema;
  private final String table;
  private final KeyColumn key;

  // The statements (and failure labels) of the single-document paths, built once per table
  // rather than once per call.
  /** Built on first use: it asks the server whether it has ICU. */
  private volatile QuerySql<T> querySql;

  private final String getSql;
  private final String insertSql;
  private final String upsertSql;
  private final String insertNewSql;
  private final String updateVersionedSql;
  private final String getLabel;
  private final String insertLabel;
  private final String saveLabel;
  private final String saveAllLabel;

  PostgresCollection(Database db, DocumentTable<T, K> layout, DriverLimits limits) {
    this.db = db;
    this.limits = limits;
    this.layout = layout;
    this.schema = layout.schema;
    this.table = layout.table;
    this.key = layout.key;
    this.getSql = "SELECT \"doc\" FROM " + table + " WHERE \"key\" = ?";
    this.insertSql =
        "INSERT INTO "
            + table
            + " (\"key\", \"doc\", \"version\")"
            + " VALUES (?, ?::json, ?) ON CONFLICT (\"key\") DO NOTHING";
    this.upsertSql =
        "INSERT INTO "
            + table
            + " (\"key\", \"doc\", \"version\")"
            + " VALUES (?, ?::json, 0) ON CONFLICT (\"key\") DO UPDATE SET \"doc\" = EXCLUDED.\"doc\"";
    this.insertNewSql =
        "INSERT INTO "
            + table
            + " (\"key\", \"doc\", \"version\")"
            + " VALUES (?, ?::json, 1) ON CONFLICT (\"key\") DO NOTHING";
    this.updateVersionedSql =
        "UPDATE "
            + table
            + " SET \"doc\" = ?::json,"
            + " \"version\" = \"version\" + 1 WHERE \"key\" = ? AND \"version\" = ?";
    this.getLabel = "get from " + table;
    this.insertLabel = "insert into " + table;
    this.saveLabel = "save to " + table;
    this.saveAllLabel = "saveAll to " + table;
  }

  // ---- reads ---------------------------------------------------------------------------------

  @Override
  public Optional<T> get(K k) {
    Object param = keyParam(k);
    byte[] doc =
        db.call(
            getLabel,
            c -> {
              try (PreparedStatement ps = c.prepareStatement(getSql)) {
                BoundSql.bind(ps, 1, param);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? rs.getBytes(1) : null;
                }
              }
            });
    return doc == null ? Optional.empty() : Optional.of(decode(doc, k));
  }

  @Override
  public Map<K, T> getAll(List<K> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    List<Object> params = new ArrayList<>(keys.size());
    for (K k : keys) {
      params.add(keyParam(k));
    }
    Map<Object, byte[]> found =
        db.call(
            "getAll from " + table,
            c -> {
              Map<Object, byte[]> docs = new HashMap<>();
              BoundSql sql =
                  new BoundSql("SELECT \"key\", \"doc\" FROM " + table + " WHERE \"key\" IN (")
                      .params(params)
                      .sql(")");
              try (PreparedStatement ps = sql.prepare(c);
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  docs.put(KeyColumn.lookup(key.read(rs, 1)), rs.getBytes(2));
                }
              }
              return docs;
            });
    Map<K, T> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      byte[] doc = found.get(KeyColumn.lookup(params.get(i)));
      if (doc != null) {
        out.put(keys.get(i), decode(doc, keys.get(i)));
      }
    }
    return out;
  }

  @Override
  public boolean evaluatesOnServer() {
    return true;
  }

  /**
   * Whether the query runs on its driving index with keyset pagination (the index-served plans);
   * anything else is evaluated by {@link QuerySql} with offset pagination.
   */
  private boolean byIndex(Query<T> query) {
    if (!query.isIndexServed() || query.offset() != 0) {
      return false;
    }
    Property<T, ?> driving = query.drivingProperty();
    return driving == null || keyPosition(driving) == 0 || isIndexed(driving);
  }

  private QuerySql<T> querySql() {
    QuerySql<T> q = querySql;
    if (q == null) {
      q = new QuerySql<>(layout, db.hasIcuRootCollation());
      querySql = q;
    }
    return q;
  }

  /**
   * A page of an evaluated plan: {@code OFFSET} and {@code LIMIT} over the plan's order; the
   * continuation is the position after the page among all matches (the offset included).
   */
  private Slice<T> findEvaluated(Query<T> query, int pageSize, byte[] after) {
    long from;
    if (after == null) {
      from = query.offset();
    } else if (after.length == Long.BYTES) {
      from = java.nio.ByteBuffer.wrap(after).getLong();
    } else {
      throw new InvalidCursorException("malformed continuation for " + table);
    }
    QuerySql<T> q = querySql();
    BoundSql sql =
        new BoundSql("SELECT \"key\", \"doc\" FROM " + table + " WHERE TRUE")
            .append(q.where(query))
            .sql(q.orderBy(query))
            .sql(" OFFSET ")
            .param(from)
            .sql(" LIMIT ")
            .param((long) pageSize + 1);
    List<Object[]> rows =
        db.call(
            "find in " + table,
            c -> {
              List<Object[]> out = new ArrayList<>();
              try (PreparedStatement ps = sql.prepare(c);
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(new Object[] {key.read(rs, 1), rs.getBytes(2)});
                }
              }
              return out;
            });
    boolean more = rows.size() > pageSize;
    List<T> items = new ArrayList<>(Math.min(rows.size(), pageSize));
    for (int i = 0; i < rows.size() && i < pageSize; i++) {
      items.add(decode((byte[]) rows.get(i)[1], rows.get(i)[0]));
    }
    return new Slice<>(
        items,
        more ? java.nio.ByteBuffer.allocate(Long.BYTES).putLong(from + pageSize).array() : null);
  }

  /** One {@code DELETE} statement: atomic. */
  @Override
  public long deleteMatching(Query<T> query) {
    QuerySql<T> q = querySql();
    BoundSql sql;
    if (query.offset() == 0 && query.limit() == 0) {
      sql = new BoundSql("DELETE FROM " + table + " WHERE TRUE").append(q.where(query));
    } else {
      sql =
          new BoundSql(
                  "DELETE FROM "
                      + table
                      + " WHERE \"key\" IN (SELECT \"key\" FROM "
                      + table
                      + " WHERE TRUE")
              .append(q.where(query))
              .sql(q.orderBy(query))
              .sql(" OFFSET ")
              .param(query.offset());
      if (query.limit() > 0) {
        sql.sql(" LIMIT ").param((long) query.limit());
      }
      sql.sql(")");
    }
    return db.call(
        "delete from " + table,
        c -> {
          try (PreparedStatement ps = sql.prepare(c)) {
            return (long) ps.executeUpdate();
          }
        });
  }

  @Override
  public Slice<T> find(Query<T> query, int pageSize, byte[] after) {
    if (!byIndex(query)) {
      return findEvaluated(query, pageSize, after);
    }
    Plan<T> plan = plan(query);
    BoundSql sql = new BoundSql("SELECT \"key\", \"doc\"");
    if (plan.sort != null) {
      sql.sql(", ").sql(DocumentTable.text("doc", plan.sort.storedName()));
    }
    sql.sql(" FROM " + table + " WHERE TRUE").append(plan.where);
    if (after != null) {
      sql.append(keyset(plan, after));
    }
    if (plan.sort != null) {
      sql.sql(" ORDER BY " + layout.sortExpression(plan.sort) + " NULLS FIRST, \"key\"");
    } else {
      sql.sql(" ORDER BY \"key\"");
    }
    sql.sql(" LIMIT ").param((long) pageSize + 1);
    List<Object[]> rows =
        db.call(
            "find in " + table,
            c -> {
              List<Object[]> out = new ArrayList<>();
              try (PreparedStatement ps = sql.prepare(c);
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      new Object[] {
                        key.read(rs, 1), rs.getBytes(2), plan.sort != null ? rs.getString(3) : null
                      });
                }
              }
              return out;
            });
    boolean more = rows.size() > pageSize;
    List<T> items = new ArrayList<>(Math.min(rows.size(), pageSize));
    for (int i = 0; i < rows.size() && i < pageSize; i++) {
      items.add(decode((byte[]) rows.get(i)[1], rows.get(i)[0]));
    }
    byte[] continuation = null;
    if (more) {
      Object[] last = rows.get(pageSize - 1);
      continuation =
          plan.sort == null ? TupleKey.encode(last[0]) : TupleKey.encode(last[2], last[0]);
    }
    return new Slice<>(items, continuation);
  }

  @Override
  public long count(Query<T> query) {
    BoundSql where = byIndex(query) ? plan(query).where : querySql().where(query);
    BoundSql sql = new BoundSql("SELECT count(*) FROM " + table + " WHERE TRUE").append(where);
    return db.call(
        "count in " + table,
        c -> {
          try (PreparedStatement ps = sql.prepare(c);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public Stream<T> scan() {
    DocumentCursor cursor = new DocumentCursor();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(cursor::close);
  }

  /**
   * The rows of a scan, read through a server-side cursor: a transaction on a connection of its own
   * with a fetch size, so PostgreSQL sends {@value #SCAN_FETCH} rows at a time. Closing it (or
   * reading to the end) ends the transaction and gives the connection back.
   */
  private final class DocumentCursor implements java.util.Iterator<T> {
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private T next;
    private boolean done;

    DocumentCursor() {
      try {
        connection = db.dataSource().getConnection();
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        statement =
            connection.prepareStatement(
                "SELECT \"key\", \"doc\" FROM " + table,
                ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(SCAN_FETCH);
        rows = statement.executeQuery();
      } catch (SQLException e) {
        close();
        throw SqlErrors.translate("scan of " + table, e);
      }
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (done) {
        return false;
      }
      try {
        if (!rows.next()) {
          close();
          return false;
        }
        next = decode(rows.getBytes(2), key.read(rows, 1));
        return true;
      } catch (SQLException e) {
        close();
        throw SqlErrors.translate("scan of " + table, e);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T n = next;
      next = null;
      return n;
    }

    void close() {
      if (done) {
        return;
      }
      done = true;
      next = null;
      try {
        if (rows != null) {
          rows.close();
        }
        if (statement != null) {
          statement.close();
        }
        if (connection != null) {
          connection.rollback();
          connection.setReadOnly(false);
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        // The connection is broken; closing it below hands it back and the pool discards it.
      } finally {
        if (connection != null) {
          try {
            connection.close();
          } catch (SQLException e) {
            // Nothing more to release.
          }
        }
      }
    }
  }

  // ---- writes --------------------------------------------------------------------------------

  @Override
  public T insert(T model) {
    K k = schema.key(model);
    T m = schema.versioned() ? schema.withVersion(model, 1) : model;
    if (k != null) {
      if (!insertRow(keyParam(k), m)) {
        throw new DuplicateKeyException(
            schema.modelName() + " with key " + k + " already exists; use save to replace it");
      }
      return m;
    }
    for (int attempt = 0; ; attempt++) {
      K generated = generateKey();
      T withKey = schema.withKey(m, generated);
      if (insertRow(keyParam(generated), withKey)) {
        return withKey;
      }
      // A long key from the sequence may have been given explicitly before: take the next one.
      if (layout.sequence == null && attempt + 1 >= RANDOM_KEY_ATTEMPTS) {
        throw new DriverException(
            "postgres: "
                + RANDOM_KEY_ATTEMPTS
                + " generated keys for "
                + schema.modelName()
                + " were all taken in "
                + table);
      }
    }
  }

  private boolean insertRow(Object keyParam, T m) {
    String doc = encode(m);
    long version = schema.versioned() ? schema.version(m) : 0;
    return db.call(
        insertLabel,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            BoundSql.bind(ps, 1, keyParam);
            ps.setString(2, doc);
            ps.setLong(3, version);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public T save(T model) {
    Write w = prepareSave(model, false);
    db.call(
        saveLabel,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(w.sql())) {
            w.bind(ps);
            if (ps.executeUpdate() != 1) {
              throw versionMismatch(c, w);
            }
          }
          return null;
        });
    return w.model;
  }

  @Override
  public List<T> saveAll(List<T> models) {
    List<Write> writes = new ArrayList<>(models.size());
    for (T m : models) {
      writes.add(prepareSave(m, true));
    }
    // Rows are locked in key order, so two batches touching the same rows cannot deadlock. Each
    // key is encoded once, not on every comparison.
    List<Write> ordered = new ArrayList<>(writes);
    ordered.sort(Comparator.comparing(w -> w.order, TupleKey::compare));
    db.transaction(
        saveAllLabel,
        c -> {
          Map<String, List<Write>> bySql = new LinkedHashMap<>();
          for (Write w : ordered) {
            bySql.computeIfAbsent(w.sql(), s -> new ArrayList<>()).add(w);
          }
          for (Map.Entry<String, List<Write>> e : bySql.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(e.getKey())) {
              for (Write w : e.getValue()) {
                w.bind(ps);
                ps.addBatch();
              }
              int[] counts = ps.executeBatch();
              for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                  throw versionMismatch(c, e.getValue().get(i));
                }
              }
            }
          }
          return null;
        });
    List<T> out = new ArrayList<>(writes.size());
    for (Write w : writes) {
      out.add(w.model);
    }
    return out;
  }

  /** One row to write: the statement depends on whether and how the version is checked. */
  private final class Write {
    final T model;
    final K key;
    final Object keyParam;
    final String doc;

    /** The version the stored row must have, or -1 for none (unversioned). */
    final long expected;

    /** The tuple encoding of the key, for saveAll's lock order; null when not needed. */
    final byte[] order;

    Write(T model, K key, long expected, boolean ordered) {
      this.model = model;
      this.key = key;
      this.keyParam = keyParam(key);
      this.doc = encode(model);
      this.expected = expected;
      this.order = ordered ? TupleKey.encode(keyParam) : null;
    }

    String sql() {
      if (expected < 0) {
        return upsertSql;
      }
      return expected == 0 ? insertNewSql : updateVersionedSql;
    }

    void bind(PreparedStatement ps) throws SQLException {
      if (expected > 0) {
        ps.setString(1, doc);
        BoundSql.bind(ps, 2, keyParam);
        ps.setLong(3, expected);
      } else {
        BoundSql.bind(ps, 1, keyParam);
        ps.setString(2, doc);
      }
    }
  }

  private Write prepareSave(T model, boolean ordered) {
    K k = schema.key(model);
    if (k == null) {
      throw new IllegalArgumentException("save needs a key; use insert to have one generated");
    }
    if (!schema.versioned()) {
      return new Write(model, k, -1, ordered);
    }
    long expected = schema.version(model);
    if (expected < 0) {
      throw new IllegalArgumentException(
          schema.modelName() + " " + k + " has the negative" + " version " + expected);
    }
    return new Write(schema.withVersion(model, expected + 1), k, expected, ordered);
  }

  /** The error for a write whose version check failed, naming the stored version. */
  private ConcurrentUpdateException versionMismatch(Connection c, Write w) throws SQLException {
    return versionMismatch(w.key, w.expected, storedVersion(c, w.keyParam));
  }

  private ConcurrentUpdateException versionMismatch(K k, long expected, long actual) {
    return new ConcurrentUpdateException(
        schema.modelName()
            + " "
            + k
            + " was expected at version "
            + expected
            + " but the stored version is "
            + actual
            + (actual == 0 ? " (not stored)" : "")
            + "; read it again and retry");
  }

  /** The stored version of a key, 0 when there is no row. */
  private long storedVersion(Connection c, Object keyParam) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT \"version\" FROM " + table + " WHERE \"key\" = ?")) {
      BoundSql.bind(ps, 1, keyParam);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  @Override
  public Optional<T> update(K k, Patch<T> patch) {
    Object keyParam = keyParam(k);
    BoundSql sql = patchStatement(patch, keyParam);
    try {
      return db.transaction(
          "update of " + table,
          c -> {
            byte[] doc;
            try (PreparedStatement ps = sql.prepare(c);
                ResultSet rs = ps.executeQuery()) {
              doc = rs.next() ? rs.getBytes(1) : null;
            }
            if (doc == null) {
              if (patch.expectedVersion().isPresent()) {
                long actual = storedVersion(c, keyParam);
                if (actual != 0) {
                  throw versionMismatch(k, patch.expectedVersion().getAsLong(), actual);
                }
              }
              return Optional.empty();
            }
            // The patched document as stored: over the record limit, the transaction is rolled
            // back.
            limits.checkRecordBytes(doc.length, schema.modelName());
            // Decoding inside the transaction: a patch whose result does not fit the model (an
            // increment past a short's range) is rolled back.
            return Optional.of(decode(doc, k));
          });
    } catch (DriverException e) {
      if (e.getCause() instanceof SQLException s && "22003".equals(s.getSQLState())) {
        throw new IllegalArgumentException(
            "the increment leaves the range of the field's type"
                + " ("
                + s.getMessage().split("\n", 2)[0]
                + "); nothing was changed",
            e);
      }
      throw e;
    }
  }

  /**
   * {@code UPDATE t SET doc = (the stored fields not patched, plus the patched ones), version =
   * version + 1 WHERE key = ? [AND version = ?] RETURNING doc}. The document is rebuilt with {@code
   * json_each}/{@code json_object_agg}, which keep every untouched value's text as it was.
   */
  private BoundSql patchStatement(Patch<T> patch, Object keyParam) {
    List<String> names = new ArrayList<>();
    BoundSql values = new BoundSql();
    for (Patch.Op<T> op : patch.ops()) {
      Property<T, ?> p = op.property();
      Role role = p.descriptor().role();
      if (role == Role.KEY || role == Role.VERSION) {
        throw new IllegalArgumentException(
            "a patch cannot change the "
                + role.name().toLowerCase(java.util.Locale.ROOT)
                + " field '"
                + p.name()
                + "'");
      }
      names.add(p.storedName());
      values.sql(" UNION ALL SELECT ").param(p.storedName()).sql(", ");
      if (op instanceof Patch.Set<T, ?> set) {
        values.param(setValue(set)).sql("::json");
      } else {
        Patch.Increment<T> inc = (Patch.Increment<T>) op;
        values.append(increment(inc.property(), inc.delta()));
      }
    }
    boolean versioned = schema.versioned();
    if (versioned) {
      names.add(schema.versionField());
      values
          .sql(" UNION ALL SELECT ")
          .param(schema.versionField())
          .sql(", to_json(t.\"version\" + 1)");
    }
    BoundSql sql =
        new BoundSql(
            "UPDATE "
                + table
                + " AS t SET \"doc\" = (SELECT"
                + " json_object_agg(f.k, f.v) FROM (SELECT e.key AS k, e.value AS v FROM"
                + " json_each(t.\"doc\") AS e");
    if (!names.isEmpty()) {
      sql.sql(" WHERE e.key NOT IN (").params(names).sql(")");
    }
    sql.append(values).sql(") AS f)");
    if (versioned) {
      sql.sql(", \"version\" = t.\"version\" + 1");
    }
    sql.sql(" WHERE t.\"key\" = ").param(keyParam);
    if (patch.expectedVersion().isPresent()) {
      sql.sql(" AND t.\"version\" = ").param(patch.expectedVersion().getAsLong());
    }
    return sql.sql(" RETURNING t.\"doc\"");
  }

  private <V> String setValue(Patch.Set<T, V> set) {
    return KeyColumn.checkText(
        "the value set in " + set.property().name(),
        JsonFormat.encodeValueToString(set.property().codec(), set.value()));
  }

  /** The new value of an incremented field, computed from the stored one (missing counts as 0). */
  private BoundSql increment(NumberProperty<T, ?> p, Number delta) {
    String stored = DocumentTable.text("t.\"doc\"", p.storedName());
    FieldType.Kind kind = p.descriptor().type().kind();
    switch (kind) {
      case FLOAT32:
        return new BoundSql("to_json((coalesce(" + stored + "::float8, 0) + ")
            .param(Double.toString(delta.doubleValue()))
            .sql("::float8)::float4)");
      case FLOAT64:
        return new BoundSql("to_json(coalesce(" + stored + "::float8, 0) + ")
            .param(Double.toString(delta.doubleValue()))
            .sql("::float8)");
      case DECIMAL:
      case BIG_INTEGER:
        {
          BigDecimal d = new BigDecimal(delta.toString());
          if (kind == FieldType.Kind.BIG_INTEGER && d.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(
                "cannot increment the integer field '" + p.name() + "' by " + delta);
          }
          return new BoundSql("to_json(coalesce(" + stored + "::numeric, 0) + ")
              .param(d.toString())
              .sql("::numeric)");
        }
      default:
        {
          if ((delta instanceof Double || delta instanceof Float)
              && delta.doubleValue() != Math.rint(delta.doubleValue())) {
            throw new IllegalArgumentException(
                "cannot increment the integer field '" + p.name() + "' by " + delta);
          }
          String sum = "coalesce(" + stored + "::bigint, 0) + ";
          return kind == FieldType.Kind.INT32
              ? new BoundSql("to_json((" + sum).param(delta.longValue()).sql("::bigint)::integer)")
              : new BoundSql("to_json(" + sum).param(delta.longValue()).sql("::bigint)");
        }
    }
  }

  @Override
  public boolean delete(K k) {
    Object param = keyParam(k);
    return db.call(
        "delete from " + table,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM " + table + " WHERE \"key\" = ?")) {
            BoundSql.bind(ps, 1, param);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public int deleteAll(List<K> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    List<Object> params = new ArrayList<>(keys.size());
    for (K k : keys) {
      params.add(keyParam(k));
    }
    BoundSql sql =
        new BoundSql("DELETE FROM " + table + " WHERE \"key\" IN (").params(params).sql(")");
    return db.call(
        "deleteAll from " + table,
        c -> {
          try (PreparedStatement ps = sql.prepare(c)) {
            return ps.executeUpdate();
          }
        });
  }

  // ---- queries -------------------------------------------------------------------------------

  /**
   * How a query runs: in key order ({@code sort} null) or in the order of one {@code @Index}
   * ({@code sort}), with every condition as SQL on bound parameters.
   */
  private record Plan<T>(Property<T, ?> sort, BoundSql where) {}

  private Plan<T> plan(Query<T> query) {
    Property<T, ?> driving = query.drivingProperty();
    Property<T, ?> sort = null;
    if (driving != null && keyPosition(driving) != 0) {
      if (!isIndexed(driving)) {
        String what = query.orderBy() != null ? "order" : "query";
        throw new UnsupportedQueryException(
            "cannot "
                + what
                + " "
                + schema.modelName()
                + " by "
                + driving.name()
                + ": it is neither the (first) key field nor an @Index field, and"
                + " PostgreSQL would have to scan the table");
      }
      sort = driving;
    }
    BoundSql where = new BoundSql();
    for (Condition<T> c : query.conditions()) {
      where.sql(" AND ").append(condition(c));
    }
    return new Plan<>(sort, where);
  }

  /** One condition as SQL. */
  private BoundSql condition(Condition<T> c) {
    Property<T, ?> p = c.property();
    int position = keyPosition(p);
    if (position == 0 && key != KeyColumn.TUPLE) {
      return keyCondition(c);
    }
    if (position == 0) {
      return tupleKeyCondition(c);
    }
    if (position < 0 && !isIndexed(p)) {
      throw new UnsupportedQueryException(
          "cannot query " + schema.modelName() + "." + p.name() + ": it has no @Index");
    }
    // An @Index field, or a later component of a composite key (a filter on rows the driving
    // index selects).
    FieldType.Kind kind = p.descriptor().type().kind();
    if (!DocumentTable.indexable(kind)) {
      throw new UnsupportedQueryException(
          "cannot compare "
              + schema.modelName()
              + "."
              + p.name()
              + ": its type "
              + kind
              + " has no order");
    }
    String expr = DocumentTable.typed(kind, DocumentTable.text("doc", p.storedName()));
    if (c instanceof Condition.Eq<T, ?> eq) {
      return new BoundSql(expr + " = ").append(DocumentTable.typedParam(kind, text(p, eq.value())));
    }
    if (c instanceof Condition.Prefix<T> prefix) {
      BoundSql b =
          new BoundSql(expr + " >= ")
              .append(
                  DocumentTable.typedParam(
                      kind, KeyColumn.checkText("the prefix of " + p.name(), prefix.prefix())));
      String end = prefixEnd(prefix.prefix());
      if (end != null) {
        b.sql(" AND " + expr + " < ").append(DocumentTable.typedParam(kind, end));
      }
      return b;
    }
    Condition.Range<T, ?> r = (Condition.Range<T, ?>) c;
    BoundSql b = new BoundSql(expr + " IS NOT NULL");
    if (r.lower() != null) {
      b.sql(" AND " + expr + (r.lowerInclusive() ? " >= " : " > "))
          .append(DocumentTable.typedParam(kind, text(p, r.lower())));
    }
    if (r.upper() != null) {
      b.sql(" AND " + expr + (r.upperInclusive() ? " <= " : " < "))
          .append(DocumentTable.typedParam(kind, text(p, r.upper())));
    }
    return b;
  }

  /** A condition on a single key stored natively (text, bigint, uuid). */
  private BoundSql keyCondition(Condition<T> c) {
    if (c instanceof Condition.Eq<T, ?> eq) {
      return new BoundSql("\"key\" = ").param(key.componentParam(eq.value()));
    }
    if (c instanceof Condition.Prefix<T> prefix) {
      BoundSql b =
          new BoundSql("\"key\" >= ")
              .param(KeyColumn.checkText("the prefix of the key", prefix.prefix()));
      String end = prefixEnd(prefix.prefix());
      return end == null ? b : b.sql(" AND \"key\" < ").param(end);
    }
    Condition.Range<T, ?> r = (Condition.Range<T, ?>) c;
    BoundSql b = new BoundSql("TRUE");
    if (r.lower() != null) {
      b.sql(r.lowerInclusive() ? " AND \"key\" >= " : " AND \"key\" > ")
          .param(key.componentParam(r.lower()));
    }
    if (r.upper() != null) {
      b.sql(r.upperInclusive() ? " AND \"key\" <= " : " AND \"key\" < ")
          .param(key.componentParam(r.upper()));
    }
    return b;
  }

  /** A condition on the first component of a tuple-encoded key: a range of its bytes. */
  private BoundSql tupleKeyCondition(Condition<T> c) {
    KeyRange range = KeyRange.of(c, new byte[0]);
    BoundSql b = new BoundSql("\"key\" >= ").param(range.start());
    return range.end() == null ? b : b.sql(" AND \"key\" < ").param(range.end());
  }

  /** The keyset condition that continues after the last row of the previous page. */
  private BoundSql keyset(Plan<T> plan, byte[] after) {
    Object[] last;
    try {
      last = TupleKey.decode(after);
    } catch (IllegalArgumentException e) {
      throw new InvalidCursorException(
          "malformed continuation for " + table + ": " + e.getMessage());
    }
    if (plan.sort == null) {
      if (last.length != 1) {
        throw new InvalidCursorException("malformed continuation for " + table);
      }
      return new BoundSql(" AND \"key\" > ").param(keyFromContinuation(last[0]));
    }
    if (last.length != 2 || !(last[0] == null || last[0] instanceof String)) {
      throw new InvalidCursorException("malformed continuation for " + table);
    }
    String expr = layout.sortExpression(plan.sort);
    Object lastKey = keyFromContinuation(last[1]);
    if (last[0] == null) {
      // Rows with no value come first; after the last of them come the rest, all non-null.
      return new BoundSql(" AND ((" + expr + " IS NULL AND \"key\" > ")
          .param(lastKey)
          .sql(") OR " + expr + " IS NOT NULL)");
    }
    return new BoundSql(" AND (" + expr + ", \"key\") > (")
        .append(DocumentTable.typedParam(plan.sort.descriptor().type().kind(), (String) last[0]))
        .sql(", ")
        .param(lastKey)
        .sql(")");
  }

  private Object keyFromContinuation(Object value) {
    boolean fits =
        switch (key) {
          case TEXT -> value instanceof String;
          case BIGINT -> value instanceof Long;
          case UUID -> value instanceof UUID;
          case TUPLE -> value instanceof byte[];
        };
    if (!fits) {
      throw new InvalidCursorException("malformed continuation for " + table);
    }
    return value;
  }

  /**
   * The text {@code ->>} gives for {@code value} stored in {@code p}: the JSON format's text of the
   * value, unquoted when it is a JSON string.
   */
  @SuppressWarnings("unchecked")
  private static <T, V> String text(Property<T, V> p, Object value) {
    String json = JsonFormat.encodeValueToString(p.codec(), (V) value);
    String text = json.startsWith("\"") ? JsonFormat.decodeValue(Codecs.STRING, json) : json;
    // Sent as '?' or refused by the server otherwise, and "a?" is another value.
    return KeyColumn.checkText("a value of " + p.name(), text);
  }

  /**
   * The smallest string greater than every string that starts with {@code prefix} (code point
   * order), or null when there is none.
   */
  static String prefixEnd(String prefix) {
    int[] cps = prefix.codePoints().toArray();
    for (int i = cps.length - 1; i >= 0; i--) {
      int next = cps[i] + 1;
      if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        int[] end = Arrays.copyOf(cps, i + 1);
        end[i] = next;
        return new String(end, 0, end.length);
      }
    }
    return null;
  }

  private int keyPosition(Property<T, ?> p) {
    List<Property<T, ?>> keys = schema.keyProperties();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).storedName().equals(p.storedName())) {
        return i;
      }
    }
    return -1;
  }

  private boolean isIndexed(Property<T, ?> p) {
    for (Property<T, ?> i : layout.indexes) {
      if (i.storedName().equals(p.storedName())) {
        return true;
      }
    }
    return false;
  }

  // ---- codec and keys ------------------------------------------------------------------------

  private Object keyParam(K k) {
    return key.param(schema.keyComponents(k));
  }

  private String encode(T model) {
    // The JSON text keeps surrogates as they are; the JDBC driver would send a lone one as '?'.
    String doc = KeyColumn.checkText("the document", JsonFormat.encodeToString(schema, model));
    // At most three bytes of UTF-8 per char: only long documents are measured.
    if ((long) doc.length() * 3 > limits.maxRecordBytes()) {
      limits.checkRecordBytes(doc.getBytes(StandardCharsets.UTF_8).length, schema.modelName());
    }
    return doc;
  }

  /**
   * Decodes a stored document. Documents are read with {@code getBytes}, which for a text-format
   * {@code json} column is the server's UTF-8 text itself: the JSON reader parses it without the
   * UTF-16 string pgjdbc would build first.
   */
  private T decode(byte[] doc, Object keyForMessages) {
    try {
      return JsonFormat.decode(schema, doc);
    } catch (DecodeException e) {
      Object shown = keyForMessages instanceof byte[] b ? describeTupleKey(b) : keyForMessages;
      throw (DecodeException) e.in(null, schema.bucket(), shown, null);
    }
  }

  private static String describeTupleKey(byte[] key) {
    try {
      return Arrays.toString(TupleKey.decode(key));
    } catch (IllegalArgumentException e) {
      return HexFormat.of().formatHex(key);
    }
  }

  @SuppressWarnings("unchecked")
  private K generateKey() {
    return switch (schema.keyGeneration()) {
      case STRING -> {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        yield schema.generatedKey(HexFormat.of().formatHex(b));
      }
      case UUID -> schema.generatedKey(UUID.randomUUID());
      case LONG ->
          schema.generatedKey(
              db.call(
                  "next key of " + table,
                  c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT nextval(?::regclass)")) {
                      ps.setString(1, layout.sequence);
                      try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                      }
                    }
                  }));
      case NONE ->
          throw new IllegalArgumentException(
              schema.modelName() + " has no key and its" + " key type cannot be generated");
    };
  }
}
