package io.osmos.codec;

import io.osmos.schema.FieldType;

/**
 * Writes and reads one kind of value. Values passed to {@link #write} are never null, and
 * {@link #read} is called only when the next value is not null: callers handle nulls with
 * {@link FieldWriter#nul()} and {@link FieldReader#tryNull()}.
 *
 * <p>The runtime has codecs for every supported scalar ({@link Codecs}); the processor generates
 * one per {@code @Embeddable} type and composes lists, sets, maps and converters from them.
 *
 * @param <V> the Java type
 */
public interface ValueCodec<V> {
  void write(V value, FieldWriter out);

  V read(FieldReader in);

  /** What the stored value looks like, for schema generation (SQL columns, BigQuery fields). */
  FieldType type();
}
