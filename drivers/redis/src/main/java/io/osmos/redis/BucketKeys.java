package io.osmos.redis;

import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The names of one shard's Redis keys (see the README's "Key layout"). Every key of a shard carries
 * its hash tag ({@code {bucket}} on a single server, {@code {bucket#07}} for a shard of a bucket on
 * a cluster, see {@link BucketShards}), so a shard lives in one cluster slot and the scripts that
 * change a document and its index entries together may touch all of them. The sequence of generated
 * keys belongs to the bucket, not to a shard: it carries the tag {@code {bucket}}.
 *
 * <pre>
 * osmos:{users}:doc:&lt;key&gt;      hash: one field per non-null top-level field
 * osmos:{users}:entries:&lt;key&gt;  hash: index name -> the document's current entry in that index
 * osmos:{users}:keys            sorted set (score 0): tuple encoding of every key
 * osmos:{users}:idx:&lt;field&gt;    sorted set (score 0): tuple encoding of (value, key)
 * osmos:{users}:seq             string: the last generated long key
 * </pre>
 */
final class BucketKeys {
  // The prefixes as UTF-8: key names are built from them without a String in between.
  private final byte[] docPrefixUtf8;
  private final byte[] entriesPrefixUtf8;
  final byte[] keys;
  final byte[] sequence;

  /** One index sorted set per {@code @Index} field, in {@code ModelSchema.indexes()} order. */
  final byte[][] indexes;

  /** The entries-hash field of each index: the index field's stored name. */
  final byte[][] indexNames;

  /** The keys of a bucket that is not sharded: every key carries the tag {@code {bucket}}. */
  BucketKeys(String prefix, ModelSchema<?, ?> schema) {
    this(prefix, schema, schema.bucket());
  }

  /** The keys of the shard whose hash tag is {@code tag}. */
  BucketKeys(String prefix, ModelSchema<?, ?> schema, String tag) {
    String base = prefix + "{" + tag + "}:";
    this.docPrefixUtf8 = utf8(base + "doc:");
    this.entriesPrefixUtf8 = utf8(base + "entries:");
    this.keys = utf8(base + "keys");
    this.sequence = utf8(prefix + "{" + schema.bucket() + "}:seq");
    List<? extends Property<?, ?>> idx = schema.indexes();
    this.indexes = new byte[idx.size()][];
    this.indexNames = new byte[idx.size()][];
    for (int i = 0; i < idx.size(); i++) {
      indexes[i] = utf8(base + "idx:" + idx.get(i).storedName());
      indexNames[i] = utf8(idx.get(i).storedName());
    }
  }

  /** The document hash of the key with these components. */
  byte[] doc(Object[] components) {
    return doc(keyBytes(components));
  }

  /** The hash listing the index entries of the document with these components. */
  byte[] entries(Object[] components) {
    return entries(keyBytes(components));
  }

  /** {@link #doc} from the {@link #keyBytes} of the key. */
  byte[] doc(byte[] keyBytes) {
    return concat(docPrefixUtf8, keyBytes);
  }

  /** {@link #entries} from the {@link #keyBytes} of the key. */
  byte[] entries(byte[] keyBytes) {
    return concat(entriesPrefixUtf8, keyBytes);
  }

  /**
   * The bytes of {@link #keyText} in key names: its UTF-8, except that a lone surrogate is the
   * three bytes of its code point ({@link TupleKey#utf8}) rather than the '?' of a UTF-8 encoder,
   * so that the keys a + U+D800 and "a?" never name one document.
   */
  static byte[] keyBytes(Object[] components) {
    return TupleKey.utf8(keyText(components));
  }

  private static byte[] concat(byte[] prefix, byte[] rest) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + rest.length);
    System.arraycopy(rest, 0, out, prefix.length, rest.length);
    return out;
  }

  /**
   * The readable form of a key in key names: a single component as its text ({@code ann}, {@code
   * 42}, a UUID), several joined by {@code :} with {@code \} and {@code :} escaped by a backslash
   * inside each, so distinct keys never share a name. Components are normalized the way {@link
   * TupleKey#decode} returns them, so a key read back from an index names the same hash.
   */
  static String keyText(Object[] components) {
    if (components.length == 1) {
      return componentText(components[0]);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < components.length; i++) {
      if (i > 0) {
        b.append(':');
      }
      String t = componentText(components[i]);
      for (int j = 0; j < t.length(); j++) {
        char c = t.charAt(j);
        if (c == '\\' || c == ':') {
          b.append('\\');
        }
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String componentText(Object c) {
    if (c == null) {
      throw new IllegalArgumentException("a key component is null");
    }
    if (c instanceof String s) {
      return s;
    }
    if (c instanceof Integer || c instanceof Short || c instanceof Byte) {
      return Long.toString(((Number) c).longValue());
    }
    if (c instanceof Float f) {
      return Double.toString(f.doubleValue()); // TupleKey stores floats as doubles
    }
    if (c instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (c instanceof Enum<?> e) {
      return e.name();
    }
    if (c instanceof Instant
        || c instanceof Number
        || c instanceof Boolean
        || c instanceof Character
        || c instanceof java.util.UUID
        || c instanceof java.time.LocalDate
        || c instanceof java.time.LocalDateTime) {
      return c.toString();
    }
    throw new IllegalArgumentException("cannot use a " + c.getClass().getName() + " in a key");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
