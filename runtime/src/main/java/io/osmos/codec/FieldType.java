package io.osmos.codec;

import java.util.List;

/**
 * What a stored value looks like, independent of the Java type that holds it. Drivers derive their
 * schemas from it (SQL column types, BigQuery fields, Riak index suffixes).
 */
public sealed interface FieldType
    permits FieldType.Scalar,
        FieldType.Enumeration,
        FieldType.Array,
        FieldType.MapOf,
        FieldType.Struct {

  Scalar STRING = new Scalar(Kind.STRING);
  Scalar BOOLEAN = new Scalar(Kind.BOOLEAN);
  Scalar INT32 = new Scalar(Kind.INT32);
  Scalar INT64 = new Scalar(Kind.INT64);
  Scalar FLOAT32 = new Scalar(Kind.FLOAT32);
  Scalar FLOAT64 = new Scalar(Kind.FLOAT64);
  Scalar DECIMAL = new Scalar(Kind.DECIMAL);
  Scalar BIG_INTEGER = new Scalar(Kind.BIG_INTEGER);
  Scalar BYTES = new Scalar(Kind.BYTES);
  Scalar UUID = new Scalar(Kind.UUID);
  Scalar INSTANT = new Scalar(Kind.INSTANT);
  Scalar LOCAL_DATE = new Scalar(Kind.LOCAL_DATE);
  Scalar LOCAL_DATE_TIME = new Scalar(Kind.LOCAL_DATE_TIME);
  Scalar DURATION = new Scalar(Kind.DURATION);

  /** The kinds of value. */
  enum Kind {
    STRING,
    BOOLEAN,
    INT32,
    INT64,
    FLOAT32,
    FLOAT64,
    DECIMAL,
    BIG_INTEGER,
    BYTES,
    UUID,
    INSTANT,
    LOCAL_DATE,
    LOCAL_DATE_TIME,
    DURATION,
    ENUM,
    LIST,
    SET,
    MAP,
    STRUCT;

    /** Whether values of this kind have a total order usable for range queries and indexes. */
    public boolean ordered() {
      return switch (this) {
        case STRING,
            BOOLEAN,
            INT32,
            INT64,
            FLOAT32,
            FLOAT64,
            UUID,
            INSTANT,
            LOCAL_DATE,
            LOCAL_DATE_TIME,
            ENUM ->
            true;
        default -> false;
      };
    }
  }

  Kind kind();

  /**
   * Whether values of this type have a total order usable for range queries and indexes.
   *
   * <p>Each type answers for itself, with no default method here: an interface with a default
   * method is initialised with its implementations, and this one's constants are {@link Scalar}s,
   * so two threads that first touched {@code FieldType.STRING} and {@code Scalar} could deadlock.
   */
  boolean ordered();

  static Enumeration enumeration(List<String> values) {
    return new Enumeration(List.copyOf(values));
  }

  static Array list(FieldType element) {
    return new Array(element, false);
  }

  static Array set(FieldType element) {
    return new Array(element, true);
  }

  static MapOf map(FieldType value) {
    return new MapOf(value);
  }

  /** A scalar value. */
  record Scalar(Kind kind) implements FieldType {
    @Override
    public boolean ordered() {
      return kind.ordered();
    }
  }

  /** An enum, stored as the constant's name. */
  record Enumeration(List<String> values) implements FieldType {
    @Override
    public Kind kind() {
      return Kind.ENUM;
    }

    @Override
    public boolean ordered() {
      return true;
    }
  }

  /** A list or a set. */
  record Array(FieldType element, boolean unique) implements FieldType {
    @Override
    public Kind kind() {
      return unique ? Kind.SET : Kind.LIST;
    }

    @Override
    public boolean ordered() {
      return false;
    }
  }

  /** A map from String keys to values. */
  record MapOf(FieldType value) implements FieldType {
    @Override
    public Kind kind() {
      return Kind.MAP;
    }

    @Override
    public boolean ordered() {
      return false;
    }
  }

  /** A nested {@code @Embeddable} type. */
  record Struct(String name, List<FieldDescriptor> fields) implements FieldType {
    @Override
    public Kind kind() {
      return Kind.STRUCT;
    }

    @Override
    public boolean ordered() {
      return false;
    }
  }
}
