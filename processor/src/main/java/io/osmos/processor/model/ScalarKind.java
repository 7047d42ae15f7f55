package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * The scalar field types, with what generated code needs for each: the runtime codec constant, the
 * {@code FieldType} constant and the {@code FieldReader}/{@code FieldWriter} methods.
 */
public enum ScalarKind {
  STRING(ClassName.get(String.class), null, "STRING", "STRING", "string", "string"),
  BOOLEAN(ClassName.get(Boolean.class), TypeName.BOOLEAN, "BOOLEAN", "BOOLEAN", "bool", "bool"),
  BYTE(ClassName.get(Byte.class), TypeName.BYTE, "BYTE", "INT32", "int8", "int32"),
  SHORT(ClassName.get(Short.class), TypeName.SHORT, "SHORT", "INT32", "int16", "int32"),
  INT(ClassName.get(Integer.class), TypeName.INT, "INT", "INT32", "int32", "int32"),
  LONG(ClassName.get(Long.class), TypeName.LONG, "LONG", "INT64", "int64", "int64"),
  FLOAT(ClassName.get(Float.class), TypeName.FLOAT, "FLOAT", "FLOAT32", "float32", "float32"),
  DOUBLE(ClassName.get(Double.class), TypeName.DOUBLE, "DOUBLE", "FLOAT64", "float64", "float64"),
  CHAR(ClassName.get(Character.class), TypeName.CHAR, "CHAR", "STRING", "char16", null),
  DECIMAL(ClassName.get(BigDecimal.class), null, "DECIMAL", "DECIMAL", "decimal", "decimal"),
  BIG_INTEGER(
      ClassName.get(BigInteger.class),
      null,
      "BIG_INTEGER",
      "BIG_INTEGER",
      "bigInteger",
      "bigInteger"),
  BYTES(null, null, "BYTES", "BYTES", "bytes", "bytes"),
  UUID(ClassName.get(UUID.class), null, "UUID_CODEC", "UUID", "uuid", "uuid"),
  INSTANT(ClassName.get(Instant.class), null, "INSTANT", "INSTANT", "instant", "instant"),
  LOCAL_DATE(
      ClassName.get(LocalDate.class), null, "LOCAL_DATE", "LOCAL_DATE", "localDate", "localDate"),
  LOCAL_DATE_TIME(
      ClassName.get(LocalDateTime.class),
      null,
      "LOCAL_DATE_TIME",
      "LOCAL_DATE_TIME",
      "localDateTime",
      "localDateTime"),
  DURATION(ClassName.get(Duration.class), null, "DURATION", "DURATION", "duration", "duration");

  private final ClassName boxed;
  private final TypeName primitive;
  private final String codec;
  private final String fieldType;
  private final String readMethod;
  private final String writeMethod;

  ScalarKind(
      ClassName boxed,
      TypeName primitive,
      String codec,
      String fieldType,
      String readMethod,
      String writeMethod) {
    this.boxed = boxed;
    this.primitive = primitive;
    this.codec = codec;
    this.fieldType = fieldType;
    this.readMethod = readMethod;
    this.writeMethod = writeMethod;
  }

  /** The reference type ({@code byte[]} for {@link #BYTES}). */
  public TypeName boxed() {
    return this == BYTES ? com.palantir.javapoet.ArrayTypeName.of(TypeName.BYTE) : boxed;
  }

  /** The primitive type, or null when there is none. */
  public TypeName primitive() {
    return primitive;
  }

  /** The constant in {@code io.osmos.codec.Codecs}. */
  public String codec() {
    return codec;
  }

  /** The constant in {@code io.osmos.codec.FieldType}. */
  public String fieldType() {
    return fieldType;
  }

  /** The {@code FieldReader} method that reads it. */
  public String readMethod() {
    return readMethod;
  }

  /** The {@code FieldWriter} method that writes it; null for char (written as a string). */
  public String writeMethod() {
    return writeMethod;
  }

  /** byte, short, int, long and their wrappers. */
  public boolean integral() {
    return this == BYTE || this == SHORT || this == INT || this == LONG;
  }

  /** float, double and their wrappers. */
  public boolean floating() {
    return this == FLOAT || this == DOUBLE;
  }

  /** The numeric types a {@code NumberProperty} takes (and patches can increment). */
  public boolean number() {
    return integral() || floating();
  }

  /** Whether values have a natural order ({@code ComparableProperty}). */
  public boolean comparable() {
    return this != BYTES;
  }

  /** Whether a driver can keep an index on it. */
  public boolean indexable() {
    return switch (this) {
      case STRING,
          BOOLEAN,
          BYTE,
          SHORT,
          INT,
          LONG,
          FLOAT,
          DOUBLE,
          CHAR,
          UUID,
          INSTANT,
          LOCAL_DATE,
          LOCAL_DATE_TIME ->
          true;
      default -> false;
    };
  }

  /** Whether it can be (part of) a key. */
  public boolean keyable() {
    return switch (this) {
      case STRING, BOOLEAN, BYTE, SHORT, INT, LONG, UUID, INSTANT, LOCAL_DATE, LOCAL_DATE_TIME ->
          true;
      default -> false;
    };
  }

  /** The Java type name users know it by, for messages. */
  public String javaName(boolean isPrimitive) {
    if (isPrimitive) {
      return primitive.toString();
    }
    return this == BYTES ? "byte[]" : boxed.simpleName();
  }
}
