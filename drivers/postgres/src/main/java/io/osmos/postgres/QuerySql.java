package io.osmos.postgres;

import io.osmos.codec.Codecs;
import io.osmos.codec.FieldType;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.query.Condition;
import io.osmos.query.Filter;
import io.osmos.query.Property;
import io.osmos.query.Query;
import io.osmos.query.Sort;
import java.util.List;

/**
 * A query plan as SQL over the JSON document, with the semantics of {@code QueryEvaluator}: SQL's
 * three-valued logic is the plan's, strings compare by code point ({@code COLLATE "C"}), {@code
 * ignoreCase} compares {@code lower()} under the ICU root collation when the server has it, and
 * {@code LIKE} always names its escape ({@code ESCAPE ''} for none, since PostgreSQL's default is
 * the backslash). Every value is a bound parameter and every name a quoted literal or identifier:
 * no text of the query reaches the SQL.
 *
 * @param <T> the model
 */
final class QuerySql<T> {
  private final DocumentTable<T, ?> layout;

  /** {@code COLLATE "und-x-icu"} or empty, applied inside {@code lower()}. */
  private final String lowerCollation;

  QuerySql(DocumentTable<T, ?> layout, boolean icu) {
    this.layout = layout;
    this.lowerCollation = icu ? " COLLATE \"und-x-icu\"" : "";
  }

  /** {@code " AND f1 AND f2 ..."} for the query's filters. */
  BoundSql where(Query<T> query) {
    BoundSql b = new BoundSql();
    for (Filter<T> f : query.filters()) {
      b.sql(" AND ").append(filter(f));
    }
    return b;
  }

  /**
   * {@code " ORDER BY ..., "key""}: the sort keys, else the driving index of an index-served plan
   * (the order every driver gives it), then the key.
   */
  String orderBy(Query<T> query) {
    StringBuilder b = new StringBuilder(" ORDER BY ");
    List<Sort<T>> sorts = query.sorts();
    if (sorts.isEmpty() && query.isIndexServed() && query.drivingProperty() != null) {
      sorts = List.of(Sort.asc(query.drivingProperty()));
    }
    for (Sort<T> s : sorts) {
      Property<T, ?> p = s.property();
      String expr =
          s.ignoreCase() && isText(p)
              ? lowered(DocumentTable.text("doc", p.storedName()))
              : ordered(p, "sort by");
      b.append(expr).append(s.descending() ? " DESC NULLS FIRST, " : " ASC NULLS LAST, ");
    }
    return b.append("\"key\"").toString();
  }

  private BoundSql filter(Filter<T> f) {
    if (f instanceof Filter.Not<T> n) {
      return new BoundSql("(NOT ").append(filter(n.filter())).sql(")");
    }
    if (f instanceof Filter.And<T> a) {
      return join(a.filters(), " AND ");
    }
    if (f instanceof Filter.Or<T> o) {
      return join(o.filters(), " OR ");
    }
    return condition((Condition<T>) f);
  }

  private BoundSql join(List<Filter<T>> filters, String op) {
    BoundSql b = new BoundSql("(");
    for (int i = 0; i < filters.size(); i++) {
      b.sql(i == 0 ? "" : op).append(filter(filters.get(i)));
    }
    return b.sql(")");
  }

  private BoundSql condition(Condition<T> c) {
    Property<T, ?> p = c.property();
    String text = DocumentTable.text("doc", p.storedName());
    if (c instanceof Condition.Null<T>) {
      return new BoundSql("(" + text + " IS NULL)");
    }
    if (c instanceof Condition.Like<T> l) {
      requireText(p, "LIKE");
      String escape = l.escape() == null ? "" : l.escape().toString();
      if (l.ignoreCase()) {
        return new BoundSql("(lower(" + text + lowerCollation + ") LIKE lower(")
            .param(checked(p, l.pattern()))
            .sql("::text" + lowerCollation + ") ESCAPE ")
            .param(escape)
            .sql(")");
      }
      return new BoundSql("(" + text + " COLLATE \"C\" LIKE ")
          .param(checked(p, l.pattern()))
          .sql(" ESCAPE ")
          .param(escape)
          .sql(")");
    }
    if (c instanceof Condition.Prefix<T> prefix) {
      String expr = ordered(p, "compare");
      FieldType.Kind kind = p.descriptor().type().kind();
      BoundSql b =
          new BoundSql("(" + expr + " >= ")
              .append(DocumentTable.typedParam(kind, checked(p, prefix.prefix())));
      String end = PostgresCollection.prefixEnd(prefix.prefix());
      if (end != null) {
        b.sql(" AND " + expr + " < ").append(DocumentTable.typedParam(kind, end));
      }
      return b.sql(")");
    }
    boolean ignoreCase =
        isText(p)
            && ((c instanceof Condition.Eq<T, ?> e && e.ignoreCase())
                || (c instanceof Condition.Range<T, ?> r && r.ignoreCase()));
    String expr = ignoreCase ? lowered(text) : ordered(p, "compare");
    if (c instanceof Condition.Eq<T, ?> eq) {
      return new BoundSql("(" + expr + " = ").append(value(p, eq.value(), ignoreCase)).sql(")");
    }
    if (c instanceof Condition.Range<T, ?> r) {
      BoundSql b = new BoundSql("(");
      if (r.lower() != null) {
        b.sql(expr + (r.lowerInclusive() ? " >= " : " > ")).append(value(p, r.lower(), ignoreCase));
      }
      if (r.upper() != null) {
        b.sql(r.lower() != null ? " AND " : "")
            .sql(expr + (r.upperInclusive() ? " <= " : " < "))
            .append(value(p, r.upper(), ignoreCase));
      }
      return b.sql(")");
    }
    Condition.In<T, ?> in = (Condition.In<T, ?>) c;
    if (in.values().isEmpty()) {
      // Unknown for an absent value, as every comparison with one; false otherwise.
      return new BoundSql("(CASE WHEN " + text + " IS NULL THEN NULL ELSE FALSE END)");
    }
    BoundSql b = new BoundSql("(" + expr + " IN (");
    for (int i = 0; i < in.values().size(); i++) {
      b.sql(i == 0 ? "" : ", ").append(value(p, in.values().get(i), false));
    }
    return b.sql("))");
  }

  /** The lower-case form of a text expression, in code point order. */
  private String lowered(String text) {
    return "(lower(" + text + lowerCollation + ") COLLATE \"C\")";
  }

  private static boolean isText(Property<?, ?> p) {
    FieldType.Kind k = p.descriptor().type().kind();
    return k == FieldType.Kind.STRING || k == FieldType.Kind.ENUM;
  }

  private void requireText(Property<T, ?> p, String what) {
    if (!isText(p)) {
      throw new UnsupportedQueryException(
          what
              + " needs a text field, and "
              + layout.schema.modelName()
              + "."
              + p.name()
              + " is "
              + p.descriptor().type().kind());
    }
  }

  /** The field's value in an ordered SQL type (as its index would hold it). */
  private String ordered(Property<T, ?> p, String what) {
    FieldType.Kind kind = p.descriptor().type().kind();
    String text = DocumentTable.text("doc", p.storedName());
    if (kind == FieldType.Kind.DECIMAL || kind == FieldType.Kind.BIG_INTEGER) {
      return text + "::numeric";
    }
    if (!DocumentTable.indexable(kind)) {
      throw new UnsupportedQueryException(
          "cannot "
              + what
              + " "
              + layout.schema.modelName()
              + "."
              + p.name()
              + ": its type "
              + kind
              + " has no order in PostgreSQL");
    }
    return DocumentTable.typed(kind, text);
  }

  /** A bound value in the same SQL type as {@link #ordered}. */
  private BoundSql value(Property<T, ?> p, Object v, boolean ignoreCase) {
    FieldType.Kind kind = p.descriptor().type().kind();
    String text = valueText(p, v);
    if (ignoreCase) {
      return new BoundSql("(lower(")
          .param(text)
          .sql("::text" + lowerCollation + ") COLLATE \"C\")");
    }
    if (kind == FieldType.Kind.DECIMAL || kind == FieldType.Kind.BIG_INTEGER) {
      return new BoundSql("(").param(text).sql(")::numeric");
    }
    return DocumentTable.typedParam(kind, text);
  }

  /** The text {@code ->>} gives for {@code v} stored in {@code p}. */
  @SuppressWarnings("unchecked")
  private static <T, V> String valueText(Property<T, V> p, Object v) {
    FieldType.Kind kind = p.descriptor().type().kind();
    if (v instanceof Number n && kind != FieldType.Kind.STRING) {
      return switch (kind) {
        case INT32, INT64 -> Long.toString(n.longValue());
        case FLOAT32, FLOAT64 -> Double.toString(n.doubleValue());
        default -> n.toString();
      };
    }
    if (v instanceof Enum<?> e) {
      return checked(p, e.name());
    }
    if (v instanceof String s && (kind == FieldType.Kind.STRING || kind == FieldType.Kind.ENUM)) {
      return checked(p, s);
    }
    String json;
    try {
      json = JsonFormat.encodeValueToString(p.codec(), (V) v);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "cannot compare "
              + p.name()
              + " ("
              + kind
              + ") with '"
              + OsmosException.printable(String.valueOf(v))
              + "' ("
              + v.getClass().getSimpleName()
              + ")");
    }
    String text = json.startsWith("\"") ? JsonFormat.decodeValue(Codecs.STRING, json) : json;
    return checked(p, text);
  }

  private static String checked(Property<?, ?> p, String text) {
    // PostgreSQL's text cannot hold U+0000: refused here rather than changed into another value.
    return KeyColumn.checkText("a value of " + p.name(), text);
  }
}
