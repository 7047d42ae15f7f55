package io.osmos.codec.tree;

import io.osmos.codec.CodecLimits;
import io.osmos.codec.FieldName;
import io.osmos.codec.FieldWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link FieldWriter} that builds a tree: objects become {@code LinkedHashMap<String, Object>}
 * (in write order), arrays {@code ArrayList<Object>}, and leaves keep their type: {@code String},
 * {@code Long} (every integral type), {@code Double}, {@code Boolean}, {@code BigDecimal} (also
 * {@code BigInteger} values), {@code byte[]} (a copy), {@code Instant} and null. UUIDs, dates and
 * durations are written as their ISO strings (the {@link FieldWriter} defaults) because map-taking
 * clients (RethinkDB, BigQuery) have no type for them.
 *
 * <p>Values are checked against {@link CodecLimits} first, as every format's writer checks them.
 * Obtain the tree with {@link #result()} once the value is complete. A writer builds one tree.
 */
public final class TreeWriter implements FieldWriter {
  private final Deque<Object> open = new ArrayDeque<>();

  /** Levels of the stored model above the value written (see {@link CodecLimits#MAX_DEPTH}). */
  private final int baseDepth;

  private String pendingName;
  private Object result;
  private boolean done;

  /** A writer of a model. */
  public TreeWriter() {
    this(0);
  }

  /**
   * A writer of a model ({@code baseDepth} 0) or of one value of a model's field (1), so that
   * nesting is counted from the model.
   */
  public TreeWriter(int baseDepth) {
    this.baseDepth = baseDepth;
  }

  /** The finished tree: the top-level value written (a map for a model). */
  public Object result() {
    if (!done || !open.isEmpty()) {
      throw new IllegalStateException(
          "the tree is not complete: " + open.size() + " object(s) or array(s) still open");
    }
    return result;
  }

  @Override
  public void beginObject() {
    CodecLimits.checkDepth(open.size() + 1 + baseDepth);
    Map<String, Object> map = new LinkedHashMap<>();
    value(map);
    open.push(map);
  }

  @Override
  public void name(FieldName name) {
    setName(name.value());
  }

  @Override
  public void name(String name) {
    CodecLimits.checkName(name);
    setName(name);
  }

  private void setName(String name) {
    if (!(open.peek() instanceof Map)) {
      throw new IllegalStateException("name('" + name + "') outside an object");
    }
    if (pendingName != null) {
      throw new IllegalStateException(
          "name('" + name + "') after name('" + pendingName + "') without a value");
    }
    pendingName = Objects.requireNonNull(name, "name");
  }

  @Override
  public void endObject() {
    if (!(open.peek() instanceof Map) || pendingName != null) {
      throw new IllegalStateException(
          "endObject() without a matching beginObject()"
              + (pendingName != null ? " (field '" + pendingName + "' has no value)" : ""));
    }
    close();
  }

  @Override
  public void beginArray() {
    CodecLimits.checkDepth(open.size() + 1 + baseDepth);
    List<Object> list = new ArrayList<>();
    value(list);
    open.push(list);
  }

  @Override
  public void endArray() {
    if (!(open.peek() instanceof List)) {
      throw new IllegalStateException("endArray() without a matching beginArray()");
    }
    close();
  }

  @Override
  public void string(String value) {
    CodecLimits.checkString(value);
    value(value);
  }

  @Override
  public void int64(long value) {
    value(value);
  }

  @Override
  public void float64(double value) {
    value(value);
  }

  @Override
  public void bool(boolean value) {
    value(value);
  }

  @Override
  public void bytes(byte[] value) {
    // A copy: the tree must not change when the caller later changes its array.
    value(value.clone());
  }

  @Override
  public void decimal(BigDecimal value) {
    CodecLimits.checkDecimal(value);
    value(value);
  }

  @Override
  public void bigInteger(BigInteger value) {
    CodecLimits.checkBigInteger(value);
    value(new BigDecimal(value));
  }

  @Override
  public void instant(Instant value) {
    value(Objects.requireNonNull(value));
  }

  @Override
  public void nul() {
    value(null);
  }

  private void close() {
    open.pop();
    if (open.isEmpty()) {
      done = true;
    }
  }

  @SuppressWarnings("unchecked")
  private void value(Object v) {
    Object top = open.peek();
    if (top == null) {
      if (done) {
        throw new IllegalStateException("a tree writer takes one top-level value");
      }
      result = v;
      // A scalar completes the tree at once; a container when it is closed.
      done = !(v instanceof Map || v instanceof List);
      return;
    }
    if (top instanceof Map<?, ?> map) {
      if (pendingName == null) {
        throw new IllegalStateException("a value inside an object needs name(...) first");
      }
      ((Map<String, Object>) map).put(pendingName, v);
      pendingName = null;
    } else {
      ((List<Object>) top).add(v);
    }
  }
}
