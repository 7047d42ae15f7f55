package io.osmos.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuckDbTypeTest {
  @Test
  void nestedTypesAreParsedAsDuckDbSpellsThem() {
    DuckDbType t =
        DuckDbType.parse(
            "STRUCT(city VARCHAR, \"my \"\"odd\"\" name\" DECIMAL(38,9), at TIMESTAMP WITH TIME ZONE,"
                + " stops STRUCT(a INTEGER[3])[], m MAP(VARCHAR, DOUBLE[]))[]");
    assertEquals("LIST", t.name());
    FieldType.Struct s = (FieldType.Struct) ((FieldType.Array) t.fieldType()).element();
    assertEquals(
        List.of("city", "my \"odd\" name", "at", "stops", "m"),
        s.fields().stream().map(FieldDescriptor::storedName).toList());
    assertEquals(
        List.of(
            FieldType.Kind.STRING,
            FieldType.Kind.DECIMAL,
            FieldType.Kind.INSTANT,
            FieldType.Kind.LIST,
            FieldType.Kind.MAP),
        s.fields().stream().map(f -> f.type().kind()).toList());
    FieldType.MapOf m = (FieldType.MapOf) s.fields().get(4).type();
    assertEquals(FieldType.list(FieldType.FLOAT64), m.value());
  }

  @Test
  void scalarTypesMapToFieldTypes() {
    assertEquals(FieldType.INT32, DuckDbType.parse("INTEGER").fieldType());
    assertEquals(FieldType.INT64, DuckDbType.parse("BIGINT").fieldType());
    assertEquals(FieldType.BIG_INTEGER, DuckDbType.parse("HUGEINT").fieldType());
    assertEquals(FieldType.FLOAT32, DuckDbType.parse("FLOAT").fieldType());
    assertEquals(FieldType.LOCAL_DATE_TIME, DuckDbType.parse("TIMESTAMP").fieldType());
    assertEquals(FieldType.DURATION, DuckDbType.parse("INTERVAL").fieldType());
    assertEquals(
        FieldType.STRING,
        DuckDbType.parse("ENUM('a', 'b)')").fieldType(),
        "enums, and types without an Osmos counterpart, read as text");
    assertEquals(FieldType.STRING, DuckDbType.parse("TIME WITH TIME ZONE").fieldType());
  }

  @Test
  void malformedTypesAreRejectedWithTheText() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DuckDbType.parse("STRUCT(a INTEGER"));
    assertEquals("cannot read DuckDB type 'STRUCT(a INTEGER': ')' expected at 16", e.getMessage());
  }

  @Test
  void intervalsAreReadAsDurations() {
    assertEquals(Duration.ofMinutes(90).plusNanos(1000), DuckDbType.interval("01:30:00.000001"));
    assertEquals(Duration.ofHours(-1), DuckDbType.interval("-01:00:00"));
    assertEquals(Duration.ofDays(425), DuckDbType.interval("425 days"));
    assertEquals(Duration.ofDays(40).plusHours(3), DuckDbType.interval("40 days 03:00:00"));
    // a month is 30 days, as in DuckDB's epoch()
    assertEquals(
        Duration.ofDays(360 + 60 + 2).minusSeconds(1),
        DuckDbType.interval("1 year 2 months 2 days -00:00:01"));
    assertEquals(Duration.ZERO, DuckDbType.interval("00:00:00"));
  }
}
