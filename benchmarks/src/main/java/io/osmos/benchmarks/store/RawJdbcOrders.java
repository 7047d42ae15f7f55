package io.osmos.benchmarks.store;

import io.osmos.benchmarks.codec.HandWrittenOrderCodec;
import io.osmos.benchmarks.model.Order;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * The raw-client baseline for PostgreSQL: JDBC running exactly the SQL Osmos's PostgreSQL driver
 * runs for the same operations, on the same table, through the same connection pool, with a
 * hand-written JSON codec for the document column, which it reads as the driver does: {@code
 * getBytes}, the column's UTF-8 text as sent by the server. The indexes are PostgreSQL's own
 * expression indexes over the document, so the server does the same index upkeep for both.
 */
public final class RawJdbcOrders {
  private static final String TABLE = "\"osmos\".\"orders\"";
  private static final String GET = "SELECT \"doc\" FROM " + TABLE + " WHERE \"key\" = ?";
  private static final String UPSERT =
      "INSERT INTO "
          + TABLE
          + " (\"key\", \"doc\", \"version\") VALUES (?, ?::json, 0)"
          + " ON CONFLICT (\"key\") DO UPDATE SET \"doc\" = EXCLUDED.\"doc\"";
  private static final String BY_CUSTOMER =
      "SELECT \"key\", \"doc\", (doc->>E'customerId')"
          + " FROM "
          + TABLE
          + " WHERE TRUE AND (doc->>E'customerId') COLLATE \"C\" = (?) COLLATE \"C\""
          + " ORDER BY (doc->>E'customerId') COLLATE \"C\" NULLS FIRST, \"key\" LIMIT ?";
  private static final int PAGE = 1000;

  private final DataSource db;

  public RawJdbcOrders(DataSource db) {
    this.db = db;
  }

  public Order get(String id) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(GET)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? HandWrittenOrderCodec.decode(rs.getBytes(1)) : null;
      }
    }
  }

  public void save(Order order) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, order.id());
      ps.setString(2, HandWrittenOrderCodec.encodeToString(order));
      ps.executeUpdate();
    }
  }

  /** One transaction, one batch, rows in key order (as the driver does, against deadlocks). */
  public void saveAll(List<Order> orders) throws SQLException {
    List<Order> sorted = new ArrayList<>(orders);
    sorted.sort(Comparator.comparing(Order::id));
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        for (Order o : sorted) {
          ps.setString(1, o.id());
          ps.setString(2, HandWrittenOrderCodec.encodeToString(o));
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  public List<Order> findByCustomerId(String customerId) throws SQLException {
    List<Order> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(BY_CUSTOMER)) {
      ps.setString(1, customerId);
      ps.setLong(2, PAGE + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(HandWrittenOrderCodec.decode(rs.getBytes(2)));
        }
      }
    }
    return out;
  }
}
