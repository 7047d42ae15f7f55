package io.osmos.codec;

/**
 * Writes and reads one kind of value. Values passed to {@link #write} are never null, and {@link
 * #read} is called only when the next value is not null: callers handle nulls with {@link
 * FieldWriter#nul()} and {@link FieldReader#tryNull()}, or call {@link #writeOrNull} and {@link
 * #readOrNull}.
 *
 * <p>The runtime has codecs for every supported scalar ({@link Codecs}); the processor generates
 * one per {@code @Embeddable} type and composes lists, sets, maps and converters from them.
 *
 * @param <V> the Java type
 */
public interface ValueCodec<V> {
  void write(V value, FieldWriter out);

  V read(FieldReader in);

  /** Writes {@code value}, or null when it is null; spares callers the branch. */
  default void writeOrNull(V value, FieldWriter out) {
    out.writeOrNull(this, value);
  }

  /**
   * Reads a value that may be null: {@code in.tryNull() ? null : read(in)}. Codecs whose value a
   * format can read together with the null check (strings, enums) override it.
   */
  default V readOrNull(FieldReader in) {
    return in.readOrNull(this);
  }

  /** What the stored value looks like, for schema generation (SQL columns, BigQuery fields). */
  FieldType type();
}
