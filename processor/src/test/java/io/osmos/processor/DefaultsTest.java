package io.osmos.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * {@code @Default} on every type that takes one compiles without warnings, into the literal or
 * parse that type needs.
 */
class DefaultsTest {
  @Test
  void everySupportedTypeTakesADefault() {
    Compilation c =
        ModelCompiler.compile(
            ModelCompiler.source(
                "com.acme.Everything",
                """
                package com.acme;

                import io.osmos.annotations.*;
                import jakarta.validation.constraints.NotNull;
                import java.math.*;
                import java.time.*;
                import java.util.*;

                @Model(bucket = "everything", driver = "db")
                public record Everything(
                    @Key String id,
                    @Default("true") boolean flag,
                    @Default("-128") byte b,
                    @Default("-32768") short s,
                    @Default("-7") int i,
                    @Default("9223372036854775807") long l,
                    @Default("1e3") float f,
                    @Default("-2.5") double d,
                    @Default("'") char c,
                    @Default("5") Integer boxedInt,
                    @Default("5") Long boxedLong,
                    @Default("5") Short boxedShort,
                    @Default("5") Byte boxedByte,
                    @Default("0.1") Float boxedFloat,
                    @Default("1") Double boxedDouble,
                    @Default("x") Character boxedChar,
                    @Default("false") Boolean boxedFlag,
                    @Default("a \\"quoted\\" text") String text,
                    @Default @NotNull String empty,
                    @Default("1.50") BigDecimal decimal,
                    @Default("-123456789012345678901234567890") BigInteger big,
                    @Default("123e4567-e89b-12d3-a456-426614174000") UUID uuid,
                    @Default("2020-01-01T00:00:00Z") Instant instant,
                    @Default("2020-01-31") LocalDate date,
                    @Default("2020-01-31T10:15:30") LocalDateTime dateTime,
                    @Default("PT1H30M") Duration duration,
                    @Default("B") Letter letter,
                    @Default List<String> list,
                    @Default Set<Letter> set,
                    @Default Map<String, Integer> map) {
                  public enum Letter { A, B }
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    SortedMap<String, String> generated = ModelCompiler.generatedSources(c);
    String metamodel = generated.get("com/acme/Everything_.java");
    for (String expected :
        new String[] {
          "boolean flag = true;",
          "byte b = (byte) -128;",
          "short s = (short) -32768;",
          "int i = -7;",
          "long l = 9223372036854775807L;",
          "float f = 1000.0f;",
          "double d = -2.5;",
          "char c = '\\'';",
          "boxedInt = 5;",
          "boxedChar = 'x';",
          "text = \"a \\\"quoted\\\" text\";",
          "empty = \"\";",
          "decimal = new BigDecimal(\"1.50\");",
          "uuid = UUID.fromString(\"123e4567-e89b-12d3-a456-426614174000\");",
          "instant = Instant.parse(\"2020-01-01T00:00:00Z\");",
          "duration = Duration.parse(\"PT1H30M\");",
          "letter = Everything.Letter.B;",
          "list = List.of();",
          "set = Set.of();",
          "map = Map.of();"
        }) {
      org.junit.jupiter.api.Assertions.assertTrue(
          metamodel.contains(expected), "generated code lacks " + expected);
    }
  }
}
