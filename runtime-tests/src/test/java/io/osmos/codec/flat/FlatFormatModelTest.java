package io.osmos.codec.flat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.codec.CodecLimits;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.testmodel.Address;
import io.osmos.codec.testmodel.Address_;
import io.osmos.codec.testmodel.Level;
import io.osmos.codec.testmodel.People;
import io.osmos.codec.testmodel.Person;
import io.osmos.codec.testmodel.Person_;
import io.osmos.exceptions.DecodeException;
import io.osmos.schema.ModelSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link FlatFormat} on a generated model: one readable text per top-level field, nested values as
 * JSON, unknown fields kept, errors that name the field (on values: FlatFormatTest, in the
 * runtime).
 */
class FlatFormatModelTest {
  private static final ModelSchema<Person, String> P = Person_.MODEL;

  private static Person roundTrip(Person p) {
    return FlatFormat.decode(P, FlatFormat.encode(P, p));
  }

  private static Person only(String field, String text) {
    Map<String, String> fields = new HashMap<>();
    fields.put(field, text);
    return FlatFormat.decode(P, fields);
  }

  private static DecodeException fails(String field, String text) {
    return assertThrows(DecodeException.class, () -> only(field, text));
  }

  @Test
  void scalarsAreReadableTextAndNestedValuesAreJson() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("id", "p-1");
    expected.put("age", "42");
    expected.put("score", "-7");
    expected.put("ratio", "0.1");
    expected.put("weight", "2.5");
    expected.put("active", "true");
    expected.put("level", "HIGH");
    expected.put("createdAt", "2024-05-01T10:15:30.123456789Z");
    expected.put("balance", "12345678901234567890.0123456789");
    expected.put("big", "-123456789012345678901234567890");
    expected.put("avatar", "AAEC/4A=");
    expected.put("ref", "123e4567-e89b-12d3-a456-426614174000");
    expected.put("birthday", "1990-02-28");
    expected.put("timeout", "PT1H30M");
    expected.put("address", "{\"street\":\"1 Main St\",\"city\":\"Springfield\",\"floor\":3}");
    expected.put("tags", "[\"a\",\"b\",\"c\"]");
    expected.put("levels", "[\"LOW\",\"HIGH\"]");
    expected.put("counts", "{\"visits\":12,\"odd \\\"key\\\".with[dots]\":-1,\"none\":null}");
    expected.put("nickname", "Pat");
    expected.put(
        "previous",
        "[{\"street\":\"Old Rd\",\"city\":\"Shelbyville\",\"floor\":null},"
            + "{\"street\":null,\"city\":\"Ogdenville\",\"floor\":-1}]");
    expected.put("legacyFlag", "true");
    expected.put("legacyScore", "17");
    Map<String, String> actual = FlatFormat.encode(P, People.full());
    assertEquals(expected, actual);
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
  }

  @Test
  void theCallbackSeesTheSameFieldsInOrder() {
    List<String> seen = new ArrayList<>();
    FlatFormat.encode(P, People.full(), (name, text) -> seen.add(name + "=" + text));
    List<String> expected = new ArrayList<>();
    FlatFormat.encode(P, People.full()).forEach((k, v) -> expected.add(k + "=" + v));
    assertEquals(expected, seen);
  }

  @Test
  void nullFieldsAreLeftOut() {
    Map<String, String> fields = FlatFormat.encode(P, Person.empty(null));
    assertEquals(
        Map.of("age", "0", "score", "0", "ratio", "0.0", "weight", "0.0", "active", "false"),
        fields);
    assertEquals(Person.empty(null), FlatFormat.decode(P, fields));
  }

  @Test
  void fullModelRoundTripsFromFieldsInAnyOrder() {
    Map<String, String> fields = new HashMap<>(FlatFormat.encode(P, People.full()));
    assertEquals(People.full(), FlatFormat.decode(P, fields));
  }

  @Test
  void unknownFieldsAreReadAsTheJsonTheySpellOrAsTheirText() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", "k");
    fields.put("legacy", "[1, 2]"); // JSON, but not as this format writes it: kept as text
    fields.put("list", "[1,2.50]");
    fields.put("count", "17");
    fields.put("word", "hello");
    fields.put("zero", "007");
    fields.put("quoted", "\"17\"");
    Person p = FlatFormat.decode(P, fields);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("legacy", "[1, 2]");
    extra.put("list", List.of(1L, new BigDecimal("2.50")));
    extra.put("count", 17L);
    extra.put("word", "hello");
    extra.put("zero", "007");
    extra.put("quoted", "17");
    assertEquals(extra, p.extra());
    // Written back unchanged: a read-modify-write keeps what it does not know.
    Map<String, String> again = FlatFormat.encode(P, p);
    for (String k : extra.keySet()) {
      assertEquals(fields.get(k), again.get(k), k);
    }
  }

  @Test
  void extraValuesReadBackEqual() {
    Map<String, Object> extra = new LinkedHashMap<>();
    for (String s : List.of("17", "true", "null", "[1]", "\"x\"", "-0", "1e3", "plain")) {
      extra.put("s" + extra.size(), s); // strings that look like JSON stay strings
    }
    extra.put("long", 17L);
    extra.put("decimal", new BigDecimal("1.50"));
    extra.put("flag", false);
    extra.put("none", null);
    extra.put("list", List.of("a", 1L));
    Person p = withExtra(Person.empty("x"), extra);
    assertEquals(p, FlatFormat.decode(P, FlatFormat.encode(P, p)));
  }

  @Test
  void unknownFieldsInsideJsonFieldsAreSkipped() {
    Person p = only("address", "{\"zip\":{\"a\":[1,{}]},\"city\":\"C\",\"x\":[]}");
    assertEquals(new Address(null, "C", null), p.address());
  }

  @Test
  void extraContainersAreWrittenAsJson() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("list", List.of(1L, "a"));
    extra.put("map", Map.of("k", true));
    extra.put("none", null);
    Person p = withExtra(Person.empty("x"), extra);
    Map<String, String> fields = FlatFormat.encode(P, p);
    assertEquals("[1,\"a\"]", fields.get("list"));
    assertEquals("{\"k\":true}", fields.get("map"));
    assertEquals("null", fields.get("none")); // kept, so the key reads back
    assertEquals(extra, FlatFormat.decode(P, fields).extra());
  }

  private static Person withExtra(Person m, Map<String, Object> extra) {
    return new Person(
        m.id(),
        m.age(),
        m.score(),
        m.ratio(),
        m.weight(),
        m.active(),
        m.level(),
        m.createdAt(),
        m.balance(),
        m.big(),
        m.avatar(),
        m.ref(),
        m.birthday(),
        m.timeout(),
        m.address(),
        m.tags(),
        m.levels(),
        m.counts(),
        m.nickname(),
        m.previous(),
        extra);
  }

  @Test
  void stringsRoundTripExactly() {
    String control = new String(new char[] {0, 1, 9, 10, 13, 31, 127});
    for (String s :
        List.of(
            "",
            " ",
            control,
            "{\"looks\":\"like json\"}",
            "[1,2]",
            "null",
            "true",
            "42",
            "emoji 😀 clef 𝄞 中文 العربية",
            "x".repeat(1024),
            "\"quoted\"")) {
      Person p =
          new Person(
              s,
              0,
              0,
              0,
              0,
              false,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              new Address(s, s, null),
              List.of(s),
              null,
              Map.of(s, 1L),
              Optional.of(s),
              null,
              Map.of());
      Map<String, String> fields = FlatFormat.encode(P, p);
      assertEquals(s, fields.get("id"));
      assertEquals(s, fields.get("nickname"));
      assertEquals(p, FlatFormat.decode(P, fields), () -> "string " + s);
    }
  }

  @Test
  void anEmptyStringIsNotAnAbsentOne() {
    assertEquals("", only("id", "").id());
    assertNull(FlatFormat.decode(P, Map.of()).id());
    assertEquals(Optional.of(""), only("nickname", "").nickname());
    assertEquals(Optional.empty(), FlatFormat.decode(P, Map.of()).nickname());
  }

  @Test
  void numericExtremesRoundTrip() {
    double[] doubles = {
      -0.0,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      0.1,
      1e-300
    };
    float[] floats = {
      -0.0f,
      Float.NaN,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      Float.MAX_VALUE,
      0.1f,
      1.0f / 3,
      1e30f
    };
    long[] longs = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
    int[] ints = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1};
    for (int i = 0; i < doubles.length; i++) {
      Person p =
          new Person(
              "x",
              longs[i % 4],
              ints[i % 4],
              doubles[i],
              floats[i],
              i % 2 == 0,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              Optional.empty(),
              null,
              Map.of());
      assertEquals(p, roundTrip(p));
    }
    assertEquals("-9223372036854775808", FlatFormat.encodeValue(Codecs.LONG, Long.MIN_VALUE));
    assertEquals("NaN", FlatFormat.encodeValue(Codecs.DOUBLE, Double.NaN));
    assertEquals("-Infinity", FlatFormat.encodeValue(Codecs.DOUBLE, Double.NEGATIVE_INFINITY));
    assertEquals("-0.0", FlatFormat.encodeValue(Codecs.DOUBLE, -0.0));
    assertEquals("0.1", FlatFormat.encodeValue(Codecs.FLOAT, 0.1f));
  }

  @Test
  void singleFieldValuesRoundTrip() {
    roundTripValue(Codecs.STRING, "{\"not\":\"json\"}");
    roundTripValue(Codecs.LONG, Long.MAX_VALUE);
    roundTripValue(Codecs.SHORT, (short) -300);
    roundTripValue(Codecs.BYTE, (byte) -128);
    roundTripValue(Codecs.CHAR, 'é');
    roundTripValue(Codecs.INSTANT, Instant.parse("+10000-01-01T00:00:00.000000001Z"));
    roundTripValue(Codecs.LOCAL_DATE_TIME, LocalDateTime.of(1, 1, 1, 0, 0));
    roundTripValue(Codecs.UUID_CODEC, UUID.randomUUID());
    roundTripValue(Codecs.BIG_INTEGER, BigInteger.TWO.pow(300));
    roundTripValue(Person_.tags.codec(), List.of("a", "", "😀"));
    roundTripValue(Person_.levels.codec(), Set.of(Level.MEDIUM));
    roundTripValue(Person_.counts.codec(), Map.of("k", 1L));
    roundTripValue(Address_.CODEC, new Address("s", "c", 9));
    roundTripValue(Person_.previous.codec(), List.of(new Address("s", null, null)));
    roundTripValue(Codecs.optional(Codecs.STRING), Optional.of("nick"));
    byte[] bytes = {9, 8, 7};
    assertArrayEquals(
        bytes,
        FlatFormat.decodeValue(
            Codecs.BYTES, FlatFormat.encodeValue(Codecs.BYTES, bytes), "avatar"));
    assertNull(FlatFormat.encodeValue(Codecs.STRING, null));
    assertNull(FlatFormat.encodeValue(Codecs.optional(Codecs.STRING), Optional.empty()));
    assertNull(FlatFormat.decodeValue(Codecs.STRING, null, "id"));
  }

  private static <V> void roundTripValue(ValueCodec<V> codec, V value) {
    String text = FlatFormat.encodeValue(codec, value);
    assertEquals(value, FlatFormat.decodeValue(codec, text, "f"), text);
  }

  @Test
  void whetherAFieldIsStoredAsJsonFollowsItsType() {
    Map<String, Boolean> json = new LinkedHashMap<>();
    for (FieldDescriptor f : P.fields()) {
      json.put(f.storedName(), FlatFormat.storedAsJson(f.type()));
    }
    Map<String, String> stored = FlatFormat.encode(P, People.full());
    for (FieldDescriptor f : P.fields()) {
      String text = stored.get(f.storedName());
      boolean looksJson = text.startsWith("{") || text.startsWith("[");
      assertEquals(looksJson, json.get(f.storedName()), f.storedName());
    }
  }

  // ---- errors -------------------------------------------------------------------------------

  private static void assertMismatch(String field, String text, String path, String expected) {
    DecodeException e = fails(field, text);
    assertEquals(path, e.path(), e::getMessage);
    assertTrue(e.expected().contains(expected), e::getMessage);
  }

  @Test
  void badTextNamesTheFieldTheExpectedTypeAndTheText() {
    DecodeException e = fails("age", "forty");
    assertEquals(
        "cannot decode field 'age': expected an int64 (decimal integer text) but found \"forty\"",
        e.getMessage());
    assertMismatch("age", "9223372036854775808", "age", "int64");
    assertMismatch("age", " 42", "age", "int64");
    assertMismatch("age", "4.2", "age", "int64");
    assertMismatch("score", "2147483648", "score", "int");
    assertMismatch("ratio", "0x1p3", "ratio", "float64");
    assertMismatch("ratio", "1d", "ratio", "float64");
    assertMismatch("ratio", " 1.0", "ratio", "float64");
    assertMismatch("ratio", "1e400", "ratio", "float64");
    assertMismatch("ratio", "", "ratio", "float64");
    assertMismatch("weight", "1e39", "weight", "float32");
    assertMismatch("active", "yes", "active", "true or false");
    assertMismatch("active", "TRUE", "active", "true or false");
    assertMismatch("level", "EXTREME", "level", "one of [LOW, MEDIUM, HIGH]");
    assertMismatch("createdAt", "yesterday", "createdAt", "Instant");
    assertMismatch("balance", "12,5", "balance", "decimal");
    assertMismatch("big", "1.5", "big", "integer");
    assertMismatch("avatar", "!!!", "avatar", "base64");
    assertMismatch("ref", "nope", "ref", "UUID");
    assertMismatch("birthday", "1990-02-30", "birthday", "LocalDate");
    assertMismatch("timeout", "90m", "timeout", "Duration");
  }

  @Test
  void badJsonInANestedFieldNamesThePathInsideIt() {
    assertMismatch("address", "{\"city\":5}", "address.city", "a string");
    assertMismatch("address", "[]", "address", "an object");
    DecodeException notJson = fails("address", "1 Main St");
    assertEquals(
        "cannot decode field 'address': expected an object (JSON text) but found \"1 Main St\"",
        notJson.getMessage());
    assertMismatch("tags", "not json", "tags", "an array (JSON text)");
    assertMismatch("tags", "[\"a\",{}]", "tags[1]", "a string");
    assertMismatch("counts", "{\"k\":\"v\"}", "counts[\"k\"]", "int64");
    assertMismatch("previous", "[{\"floor\":1.5}]", "previous[0].floor", "int64");

    DecodeException e = fails("address", "{\"city\":\"C\"");
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot decode field 'address.city': malformed JSON at" + " line 1, column "),
        e.getMessage());
    e = fails("tags", "[\"a\"] [\"b\"]");
    assertEquals("tags", e.path(), e::getMessage);
    assertTrue(e.getMessage().contains("trailing content after the JSON value"), e.getMessage());
    e = fails("tags", "[\"a\"]]");
    assertTrue(
        e.getMessage().startsWith("cannot decode field 'tags': malformed JSON"), e.getMessage());
  }

  @Test
  void aNullTextForAPrimitiveReadsItsDefault() {
    // A primitive without @Default fails instead: SchemaEvolutionTest.
    assertEquals(0L, only("age", null).age());
    assertNull(only("id", null).id());
  }

  @Test
  void singleValueErrorsNameTheGivenField() {
    DecodeException e =
        assertThrows(
            DecodeException.class, () -> FlatFormat.decodeValue(Codecs.LONG, "x", "visits"));
    assertEquals("visits", e.path());
    e =
        assertThrows(
            DecodeException.class,
            () -> FlatFormat.decodeValue(Person_.previous.codec(), "[{\"city\":[]}]", "previous"));
    assertEquals("previous[0].city", e.path());
  }

  // ---- canonical text only -------------------------------------------------------------------

  @Test
  void numbersAreReadOnlyInTheirCanonicalAsciiForm() {
    // Each of these once read as a number: several texts for one value, or non-ASCII digits.
    for (String text : List.of("+42", "042", "٤٢", "４２", " 42", "42 ", "0x2A", "4_2", "")) {
      assertTrue(fails("age", text).expected().startsWith("an int64"), text);
    }
    for (String text : List.of("+1.5", "01.5", "1.", ".5", "1.5e", "١.٥", "1.5f", "0x1p3")) {
      assertTrue(fails("ratio", text).expected().startsWith("a float64"), text);
      assertTrue(fails("weight", text).expected().startsWith("a float32"), text);
      assertTrue(fails("balance", text).expected().startsWith("a decimal"), text);
    }
    assertEquals(42, only("age", "42").age());
    assertEquals(-0.0, only("ratio", "-0.0").ratio());
    assertEquals(new BigDecimal("1.5E+3"), only("balance", "1.5E+3").balance());
  }

  @Test
  void numbersOfMoreDigitsThanJsonAllowsAreRefusedBeforeParsing() {
    // A million digits took tens of seconds to parse; the limit is JSON's, checked first.
    String million = "9".repeat(1_000_000);
    DecodeException e = fails("balance", million);
    assertTrue(e.expected().contains("at most 100000 chars"), e.getMessage());
    assertTrue(fails("big", million).expected().contains("at most 100000 chars"));
    assertTrue(fails("age", million).expected().contains("at most 100000 chars"));
    String max = "9".repeat(CodecLimits.MAX_NUMBER_CHARS);
    assertEquals(new BigDecimal(max), only("balance", max).balance());
  }

  @Test
  void uuidsAreReadOnlyInTheirCanonicalForm() {
    for (String text :
        List.of(
            "1-1-1-1-1",
            "123e4567-e89b-12d3-a456-4266141740000",
            "{123e4567-e89b-12d3-a456-426614174000}",
            "123e4567e89b12d3a456426614174000",
            "0123e4567-e89b-12d3-a456-42661417400")) {
      assertTrue(fails("ref", text).expected().startsWith("UUID"), text);
    }
    assertEquals(
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        only("ref", "123E4567-E89B-12D3-A456-426614174000").ref());
  }

  @Test
  void malformedJsonInAFieldNamesTheFieldWhatWasExpectedAndWhatWasFound() {
    for (String text : List.of("[\"a\",", "[\"a\"] x", "[\"a\" \"b\"]")) {
      DecodeException e = fails("tags", text);
      assertNotNull(e.path(), text);
      assertTrue(e.path().startsWith("tags"), e.path());
      assertNotNull(e.expected(), text);
      assertNotNull(e.found(), text);
      assertTrue(e.getMessage().startsWith("cannot decode field 'tags"), e.getMessage());
    }
    DecodeException e = fails("address", "{\"city\":\"C\",\"floor\":}");
    assertEquals("address.floor", e.path());
  }

  @Test
  void errorMessagesCarryNoRawLineBreaksFromStoredData() {
    DecodeException e = fails("age", "12\r\nINFO forged log line");
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("\r"), e.getMessage());
    assertTrue(e.getMessage().contains("12\\u000d\\u000aINFO forged log line"), e.getMessage());
    assertFalse(e.found().contains("\n"));
  }
}
