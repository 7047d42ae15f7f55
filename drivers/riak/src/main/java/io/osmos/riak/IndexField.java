package io.osmos.riak;

import io.osmos.codec.FieldType;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.CapabilityException;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.TupleKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * How one queryable field lives in Riak's secondary indexes: the index name and the encoding of its
 * values as index terms, chosen so Riak's term order is the field's order.
 *
 * <ul>
 *   <li>{@code <field>_bin}: String, char and enum (by name) as UTF-8 ({@link TupleKey#utf8}: a
 *       lone surrogate as its own three bytes, so that no two strings share a term), UUID as its
 *       lower-case canonical text (which sorts like the UUID's 128 bits, unsigned);
 *   <li>{@code <field>_int}: byte, short, int, long as themselves; boolean as 0/1; Instant as
 *       nanoseconds since the epoch; LocalDate as days since 1970-01-01; LocalDateTime as
 *       nanoseconds since 1970-01-01T00:00 (Riak's integer terms have no size limit);
 *   <li>{@code $key} for the (first) key field.
 * </ul>
 *
 * Terms are {@code byte[]} for {@code _bin} and {@code $key} (compared as unsigned bytes, as Riak
 * compares binaries) and {@link BigInteger} for {@code _int}.
 */
final class IndexField<T> {
  static final String KEY_INDEX = "$key";
  static final String BUCKET_INDEX = "$bucket";

  /** Where the terms live. */
  enum Type {
    BIN,
    INT,
    KEY
  }

  static final String SUPPORTED =
      "String, char, enum and UUID (as _bin), and byte, short, int,"
          + " long, boolean, Instant, LocalDate and LocalDateTime (as _int)";

  // Beyond every term this driver writes (Instant.MAX is about 3.2e25 ns): open range ends.
  private static final BigInteger INT_MIN = BigInteger.TEN.pow(30).negate();
  private static final BigInteger INT_MAX = BigInteger.TEN.pow(30);
  private static final BigInteger NANOS = BigInteger.valueOf(1_000_000_000L);

  final Property<T, ?> property;
  final Type type;

  /** The index as Riak names it: {@code email_bin}, {@code seq_int}, {@code $key}. */
  final String name;

  private final RiakKeyCodec<?> keys;

  private IndexField(Property<T, ?> property, Type type, String name, RiakKeyCodec<?> keys) {
    this.property = property;
    this.type = type;
    this.name = name;
    this.keys = keys;
  }

  /**
   * The index of an {@code @Index} field.
   *
   * @throws CapabilityException naming the field and the supported types when Riak cannot index its
   *     type in order, or its name cannot be a Riak index name
   */
  static <T> IndexField<T> of(ModelSchema<T, ?> schema, Property<T, ?> p) {
    FieldType.Kind kind = p.descriptor().type().kind();
    Type type =
        switch (kind) {
          case STRING, ENUM, UUID -> Type.BIN;
          case INT32, INT64, BOOLEAN, INSTANT, LOCAL_DATE, LOCAL_DATE_TIME -> Type.INT;
          default -> null;
        };
    String where = schema.modelName() + "." + p.name();
    if (type == null) {
      throw new CapabilityException(
          "the Riak driver cannot index "
              + where
              + " ("
              + kind
              + "): Riak's secondary indexes hold binaries and integers only, and "
              + kind
              + " values have no exact, order-preserving encoding in them. @Index is supported on "
              + SUPPORTED
              + "; remove @Index from '"
              + p.name()
              + "', or store it as one of those"
              + " types (e.g. with @Convert)");
    }
    String stored = p.storedName();
    if (!stored.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
      throw new CapabilityException(
          "the Riak driver cannot index "
              + where
              + ": its stored name '"
              + stored
              + "' is not printable ASCII, and Riak lower-cases index names byte by byte;"
              + " give it an ASCII name with @Field(name = ...)");
    }
    String suffix = type == Type.BIN ? "_bin" : "_int";
    String lower = stored.toLowerCase(Locale.ROOT);
    if (lower.contains(suffix)) {
      // riak-client cuts an index name at the first "_bin"/"_int" it holds: "a_int_b_int" would
      // be written as "a_int".
      throw new CapabilityException(
          "the Riak driver cannot index "
              + where
              + ": its stored name '"
              + stored
              + "' contains '"
              + suffix
              + "', where the Riak client would cut the index"
              + " name short; rename it, or give it another stored name with @Field(name = ...)");
    }
    return new IndexField<>(p, type, lower + suffix, null);
  }

  /** The {@code $key} index, for the first key field. */
  static <T> IndexField<T> ofKey(Property<T, ?> p, RiakKeyCodec<?> keys) {
    return new IndexField<>(p, Type.KEY, KEY_INDEX, keys);
  }

  /** The term of a (non-null) field value; a query's values go through the same encoding. */
  Object term(Object value) {
    if (type == Type.KEY) {
      return keys.componentTerm(value);
    }
    Object leaf = leaf(property, value);
    return switch (property.descriptor().type().kind()) {
      case STRING, ENUM, UUID -> TupleKey.utf8((String) leaf);
      case INT32, INT64 -> BigInteger.valueOf(((Number) leaf).longValue());
      case BOOLEAN -> (Boolean) leaf ? BigInteger.ONE : BigInteger.ZERO;
      case INSTANT -> {
        Instant t = (Instant) leaf;
        yield BigInteger.valueOf(t.getEpochSecond())
            .multiply(NANOS)
            .add(BigInteger.valueOf(t.getNano()));
      }
      case LOCAL_DATE -> BigInteger.valueOf(LocalDate.parse((String) leaf).toEpochDay());
      case LOCAL_DATE_TIME -> {
        LocalDateTime t = LocalDateTime.parse((String) leaf);
        yield BigInteger.valueOf(t.toEpochSecond(ZoneOffset.UTC))
            .multiply(NANOS)
            .add(BigInteger.valueOf(t.getNano()));
      }
      default -> throw new IllegalStateException("not an indexable kind: " + name);
    };
  }

  @SuppressWarnings("unchecked")
  private static <V> Object leaf(Property<?, V> p, Object value) {
    // The stored form of the value (after any @Convert), as the codec writes it.
    return TreeFormat.encodeValue(p.codec(), (V) value);
  }

  /** The term as Riak takes it: the bytes, or an integer's decimal text. */
  byte[] wire(Object term) {
    return type == Type.INT ? term.toString().getBytes(StandardCharsets.US_ASCII) : (byte[]) term;
  }

  /** A term Riak returned. */
  Object fromWire(byte[] bytes) {
    return type == Type.INT ? new BigInteger(new String(bytes, StandardCharsets.US_ASCII)) : bytes;
  }

  int compare(Object a, Object b) {
    return type == Type.INT
        ? ((BigInteger) a).compareTo((BigInteger) b)
        : Arrays.compareUnsigned((byte[]) a, (byte[]) b);
  }

  /** The smallest term after {@code term}. */
  Object successor(Object term) {
    return type == Type.INT
        ? ((BigInteger) term).add(BigInteger.ONE)
        : Arrays.copyOf((byte[]) term, ((byte[]) term).length + 1);
  }

  /** A term below every stored term. */
  Object lowest() {
    return type == Type.INT ? INT_MIN : new byte[0];
  }

  /**
   * A term above every stored term: stored binaries are UTF-8 text or tuple encodings, neither of
   * which ever holds the byte 0xFF in first place.
   */
  Object highest() {
    return type == Type.INT ? INT_MAX : new byte[] {(byte) 0xFF};
  }

  @Override
  public String toString() {
    return name;
  }
}
