package io.osmos.riak;

import io.osmos.codec.FieldType;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Turns a model's key into a Riak key. A single {@code String} key is stored as its UTF-8 bytes
 * ({@link TupleKey#utf8}: a lone surrogate as the three bytes of its code point, not the '?' of a
 * UTF-8 encoder, so no two keys share bytes), so {@code riak-admin}, {@code curl} and other tools
 * see it as it is; every other key (numbers, UUIDs, composite keys) is stored in the
 * order-preserving {@link TupleKey} encoding. Both encodings sort byte by byte like the keys
 * themselves, which is the order Riak's {@code $key} index and paginated 2i queries return.
 */
final class RiakKeyCodec<K> {
  private final ModelSchema<?, K> schema;
  private final boolean plainString;

  RiakKeyCodec(ModelSchema<?, K> schema) {
    this.schema = schema;
    this.plainString =
        schema.keyProperties().size() == 1
            && schema.keyProperties().get(0).descriptor().type().kind() == FieldType.Kind.STRING;
  }

  /** The Riak key of {@code key}, or null for the empty string, which Riak cannot store. */
  byte[] encode(K key) {
    Object[] components = schema.keyComponents(key);
    if (plainString) {
      byte[] b = TupleKey.utf8(text(components[0]));
      return b.length == 0 ? null : b;
    }
    return TupleKey.encode(components);
  }

  /** {@link #encode}, failing for a key Riak cannot store. */
  byte[] encodeForWrite(K key) {
    byte[] b = encode(key);
    if (b == null) {
      throw new IllegalArgumentException(
          schema.modelName()
              + " cannot be stored under the empty"
              + " key: Riak keys must not be empty");
    }
    return b;
  }

  /** The key of a Riak key that Riak generated (plain String keys only). */
  K decodeGenerated(byte[] riakKey) {
    return schema.generatedKey(new String(riakKey, StandardCharsets.UTF_8));
  }

  /**
   * The term a key component sorts by in the {@code $key} index: the plain text for a String key,
   * else its tuple encoding (for the first component of a composite key, a prefix of the key).
   */
  byte[] componentTerm(Object component) {
    return plainString ? TupleKey.utf8(text(component)) : TupleKey.encode(component);
  }

  /** The key as messages show it. */
  String label(K key) {
    Object[] c = schema.keyComponents(key);
    return c.length == 1 ? String.valueOf(c[0]) : Arrays.toString(c);
  }

  /** A Riak key as messages show it: the text of a String key, else the decoded tuple. */
  String storedLabel(byte[] riakKey) {
    if (plainString) {
      return new String(riakKey, StandardCharsets.UTF_8);
    }
    try {
      Object[] c = TupleKey.decode(riakKey);
      return c.length == 1 ? String.valueOf(c[0]) : Arrays.toString(c);
    } catch (IllegalArgumentException e) {
      return "0x" + HexFormat.of().formatHex(riakKey);
    }
  }

  private static String text(Object component) {
    if (component instanceof String s) {
      return s;
    }
    if (component instanceof Character c) {
      return String.valueOf(c);
    }
    throw new IllegalArgumentException(
        "a String key component was a "
            + (component == null ? "null" : component.getClass().getName()));
  }
}
