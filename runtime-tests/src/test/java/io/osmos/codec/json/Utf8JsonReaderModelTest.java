package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.testmodel.Address;
import io.osmos.codec.testmodel.People;
import io.osmos.codec.testmodel.Person;
import io.osmos.codec.testmodel.Person_;
import io.osmos.exceptions.DecodeException;
import io.osmos.schema.ModelSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The byte-level JSON reader behind {@link JsonFormat}'s decode methods on a generated model:
 * documents cut short, byte ranges, names and unknown fields, limits inside models, text and other
 * encodings, streams. (The reader on values read by codecs: Utf8JsonReaderTest, in the runtime.)
 */
class Utf8JsonReaderModelTest {
  private static final ValueCodec<Object> ANY =
      Codecs.scalar(FieldType.STRING, (v, out) -> {}, FieldReader::any);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(utf8(s));
      } else {
        out.write((Integer) p);
      }
    }
    return out.toByteArray();
  }

  /** What jackson's reader (the reference) gives for the value, or its exception. */
  private static Object reference(ValueCodec<?> codec, byte[] json) {
    try (JsonParser p = JsonFormat.createParser(json)) {
      JsonFieldReader r = new JsonFieldReader(p, null);
      Object v = r.tryNull() ? null : codec.read(r);
      r.expectEnd();
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DecodeException fails(ValueCodec<?> codec, byte[] json) {
    return assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(codec, json));
  }

  private static DecodeException fails(ValueCodec<?> codec, String json) {
    DecodeException e =
        assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(codec, json));
    assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(codec, utf8(json)));
    return e;
  }

  private static DecodeException fails(ModelSchema<Person, String> schema, String json) {
    return assertThrows(DecodeException.class, () -> JsonFormat.decode(schema, json));
  }

  private static void malformed(ValueCodec<?> codec, String json) {
    DecodeException e = fails(codec, json);
    assertTrue(e.getMessage().contains("malformed JSON"), json + ": " + e.getMessage());
  }

  // ---- documents ----------------------------------------------------------------------------

  @Test
  void everyTruncationOfADocumentFails() {
    byte[] doc = JsonFormat.encode(Person_.MODEL, People.full());
    for (int len = 0; len < doc.length; len++) {
      byte[] cut = Arrays.copyOf(doc, len);
      int n = len;
      assertThrows(
          DecodeException.class, () -> JsonFormat.decode(Person_.MODEL, cut), () -> "at " + n);
    }
    assertEquals(People.full(), JsonFormat.decode(Person_.MODEL, doc));
  }

  @Test
  void aByteRangeIsReadWithinItsBounds() {
    byte[] doc = JsonFormat.encode(Person_.MODEL, People.full());
    byte[] padded = new byte[doc.length + 20];
    Arrays.fill(padded, (byte) '}');
    System.arraycopy(doc, 0, padded, 7, doc.length);
    assertEquals(People.full(), JsonFormat.decode(Person_.MODEL, padded, 7, doc.length));
    // Cut short inside the range, what follows the range would complete it: still truncated.
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () -> JsonFormat.decode(Person_.MODEL, padded, 7, doc.length - 1));
    assertTrue(e.getMessage().contains("unexpected end of input"), e.getMessage());
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> JsonFormat.decode(Person_.MODEL, padded, 7, padded.length));
  }

  @Test
  void loneSurrogatesEscapedInNamesAreRejectedAsJacksonDoes() {
    ValueCodec<Map<String, Long>> map = Codecs.map(Codecs.LONG);
    assertEquals(Map.of("😀", 1L), JsonFormat.decodeValue(map, "{\"\\uD83D\\uDE00\":1}"));
    for (String bad :
        List.of(
            "{\"\\uD800\":1}",
            "{\"\\uDC00\":1}",
            "{\"\\uD800x\":1}",
            "{\"\\uD800\\u0041\":1}",
            "{\"\\uD800\\uD800\\uDC00\":1}",
            "{\"😀\\uDC00\":1}")) {
      malformed(map, bad);
      assertThrows(DecodeException.class, () -> reference(map, utf8(bad)), bad);
      // In an unknown field too, and in a skipped one.
      assertThrows(
          DecodeException.class,
          () -> JsonFormat.decode(Person_.MODEL, "{\"x\":" + bad + "}"),
          bad);
      assertThrows(
          DecodeException.class,
          () -> JsonFormat.decode(Person_.MODEL, "{\"address\":{\"x\":" + bad + "}}"),
          bad);
    }
  }

  @Test
  void malformedUtf8IsRejectedEverywhere() {
    int[][] sequences = {
      {0x80},
      {0xBF},
      {0xC0, 0xAF},
      {0xC1, 0xBF},
      {0xC2},
      {0xC2, 0x41},
      {0xE0, 0x80, 0xAF},
      {0xE0, 0x9F, 0xBF},
      {0xED, 0xA0, 0x80},
      {0xED, 0xBF, 0xBF},
      {0xE4, 0xB8},
      {0xF0, 0x80, 0x80, 0xAF},
      {0xF0, 0x8F, 0xBF, 0xBF},
      {0xF4, 0x90, 0x80, 0x80},
      {0xF5, 0x80, 0x80, 0x80},
      {0xF8, 0x88, 0x80, 0x80, 0x80},
      {0xFE},
      {0xFF},
      {0xF0, 0x9F, 0x98}
    };
    for (int[] seq : sequences) {
      Object[] bad = Arrays.stream(seq).boxed().toArray();
      String what = Arrays.toString(seq);
      // In a string value, in a name, in a skipped value, in an unknown field collected.
      assertThrows(
          DecodeException.class,
          () -> JsonFormat.decodeValue(Codecs.STRING, bytes(join("\"a", bad, "b\""))),
          what);
      assertThrows(
          DecodeException.class,
          () -> JsonFormat.decodeValue(Codecs.map(Codecs.LONG), bytes(join("{\"a", bad, "\":1}"))),
          what);
      assertThrows(
          DecodeException.class,
          () ->
              JsonFormat.decode(
                  Person_.MODEL, bytes(join("{\"address\":{\"x\":[\"", bad, "\"]}}"))),
          what);
      assertThrows(
          DecodeException.class,
          () -> JsonFormat.decode(Person_.MODEL, bytes(join("{\"x\":\"", bad, "\"}"))),
          what);
      assertThrows(
          DecodeException.class,
          () -> JsonFormat.decode(Person_.MODEL, bytes(join("{\"id\":\"x\"", bad, "}"))),
          what);
    }
  }

  private static Object[] join(String before, Object[] middle, String after) {
    List<Object> all = new ArrayList<>();
    all.add(before);
    all.addAll(Arrays.asList(middle));
    all.add(after);
    return all.toArray();
  }

  // ---- text input ---------------------------------------------------------------------------

  /** Text read by jackson's char parser, the reference for text. */
  private static Object referenceText(ValueCodec<?> codec, String json) {
    try (JsonParser p = JsonFormat.createParser(json)) {
      JsonFieldReader r = new JsonFieldReader(p, null);
      Object v = r.tryNull() ? null : codec.read(r);
      r.expectEnd();
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void textIsReadCharForCharAsJacksonReadsIt() {
    // Text is read from its Latin-1 bytes when every char is one char there (no surrogate pair),
    // looking up the chars beyond Latin-1; else from UTF-8. A "😀" puts each case on the second.
    ValueCodec<Map<String, Object>> map =
        Codecs.map(Codecs.scalar(FieldType.STRING, (v, out) -> {}, FieldReader::any));
    for (String pair : List.of("", "😀")) {
      for (String v :
          List.of(
              "a\uD800b?c\uDC00",
              "中文 € ?",
              "ü\u00ff\u0100\uFFFF",
              "\uD800",
              "?",
              "x\uDBFF\uDFFFy")) {
        String json =
            "{\""
                + v
                + "\":[\""
                + v
                + pair
                + "\",{\""
                + v
                + "\":\""
                + v
                + "\"}],\"k"
                + pair
                + "\":1}";
        assertEquals(referenceText(map, json), JsonFormat.decodeValue(map, json), json);
        String string = "\"" + v + pair + "\"";
        assertEquals(v + pair, JsonFormat.decodeValue(Codecs.STRING, string));
        Person p =
            JsonFormat.decode(
                Person_.MODEL,
                "{\"id\":" + string + ",\"" + v + "\":\"" + v + "\",\"tags\":[\"" + v + "\"]}");
        assertEquals(v + pair, p.id());
        assertEquals(Map.of(v, v), p.extra());
        assertEquals(List.of(v), p.tags());
      }
      // Outside strings a char beyond Latin-1 or a lone surrogate is malformed, as with jackson.
      for (String bad : List.of("\"a\"\uD800", "[1,\u4e2d]", "\u20ac")) {
        DecodeException e =
            assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(ANY, bad + pair));
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
      }
    }
    DecodeException e =
        assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(ANY, "[1,\u4e2d]"));
    assertTrue(
        e.getMessage().endsWith("column 4: unexpected character U+4E2D: expected a value"),
        e.getMessage());
    // A real '?' stays one.
    assertEquals("a?b", JsonFormat.decodeValue(Codecs.STRING, "\"a?b\""));
    assertEquals("a?b😀", JsonFormat.decodeValue(Codecs.STRING, "\"a?b😀\""));
  }

  @Test
  void otherEncodingsGoToJackson() {
    String json = "{\"id\":\"ü😀\",\"age\":3}";
    for (java.nio.charset.Charset cs :
        List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16)) {
      Person p = JsonFormat.decode(Person_.MODEL, json.getBytes(cs));
      assertEquals("ü😀", p.id(), cs.name());
      assertEquals(3, p.age());
    }
  }

  @Test
  void errorColumnsCountCharsInTextAndBytesInBytes() {
    String json = "{\"id\":\"éé😀\" x}";
    DecodeException text = fails(Person_.MODEL, json);
    assertTrue(text.getMessage().contains("at line 1, column 14:"), text.getMessage());
    DecodeException bytes =
        assertThrows(DecodeException.class, () -> JsonFormat.decode(Person_.MODEL, utf8(json)));
    assertTrue(bytes.getMessage().contains("at line 1, column 18:"), bytes.getMessage());
    DecodeException latin1 = fails(Person_.MODEL, "{\"id\":\"é中\" x}");
    assertTrue(latin1.getMessage().contains("at line 1, column 12:"), latin1.getMessage());
    DecodeException lines = fails(Person_.MODEL, "{\n\"id\":\"x\",\r\n\"age\":01}");
    assertTrue(lines.getMessage().contains("at line 3, column 8:"), lines.getMessage());
  }

  // ---- limits -------------------------------------------------------------------------------

  @Test
  void nestingIsLimitedTo1000Levels() {
    // The model is level 1: an unknown field can nest 999 more, skipped or collected.
    String ok = "{\"address\":{\"x\":" + "[".repeat(998) + "]".repeat(998) + "}}";
    assertEquals(new Address(null, null, null), JsonFormat.decode(Person_.MODEL, ok).address());
    String extra = "{\"x\":" + "[".repeat(999) + "]".repeat(999) + "}";
    JsonFormat.decode(Person_.MODEL, extra);
    for (String bad :
        List.of(
            "{\"address\":{\"x\":" + "[".repeat(999) + "]".repeat(999) + "}}",
            "{\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}",
            "{\"x\":" + "{\"a\":".repeat(1000) + "1" + "}".repeat(1000) + "}")) {
      DecodeException e = fails(Person_.MODEL, bad);
      assertTrue(e.getMessage().contains("JSON exceeds a limit"), e.getMessage());
      assertTrue(e.getMessage().contains("nesting depth (1001)"), e.getMessage());
      assertThrows(DecodeException.class, () -> reference(ANY, utf8(bad)));
    }
    // Through codecs: lists of lists.
    ValueCodec<?> nested = Codecs.STRING;
    for (int i = 0; i < 1000; i++) {
      nested = Codecs.list(nested);
    }
    ValueCodec<?> deep = nested;
    assertEquals(
        1, ((List<?>) JsonFormat.decodeValue(deep, "[".repeat(1000) + "]".repeat(1000))).size());
    DecodeException e = fails(Codecs.list(deep), "[".repeat(1001) + "]".repeat(1001));
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }

  @Test
  void numbersOfUpTo100000DigitsAreRead() {
    String digits = "7".repeat(100_000);
    assertEquals(new BigDecimal(digits), JsonFormat.decodeValue(Codecs.DECIMAL, digits));
    assertEquals(
        new BigDecimal("-" + digits), JsonFormat.decodeValue(Codecs.DECIMAL, "-" + digits));
    String fraction = "7".repeat(50_000) + "." + "3".repeat(49_990) + "e-1234567890";
    assertEquals(new BigDecimal(fraction), JsonFormat.decodeValue(Codecs.DECIMAL, fraction));
    for (String tooLong :
        List.of(
            "7".repeat(100_001),
            "7".repeat(50_000) + "." + "7".repeat(50_001),
            "1e" + "1".repeat(100_000))) {
      DecodeException e = fails(Codecs.DECIMAL, tooLong);
      assertTrue(e.getMessage().contains("number length"), e.getMessage());
      // Skipped too.
      assertThrows(
          DecodeException.class,
          () -> JsonFormat.decode(Person_.MODEL, "{\"address\":{\"x\":" + tooLong + "}}"));
    }
  }

  @Test
  void namesAndStringsAreLimited() {
    ValueCodec<Map<String, Long>> map = Codecs.map(Codecs.LONG);
    assertEquals(1, JsonFormat.decodeValue(map, "{\"" + "n".repeat(50_000) + "\":1}").size());
    assertTrue(
        fails(map, "{\"" + "n".repeat(50_001) + "\":1}")
            .getMessage()
            .contains("name length (50001)"));
    // Bytes of UTF-8 in bytes, chars in text, as jackson counts them.
    String accents = "{\"" + "é".repeat(25_001) + "\":1}";
    assertTrue(fails(map, utf8(accents)).getMessage().contains("name length (50002)"));
    assertEquals(1, JsonFormat.decodeValue(map, accents).size());
    assertEquals(1, JsonFormat.decodeValue(map, accents.replace("{\"", "{\"😀")).size());
    assertTrue(
        fails(Person_.MODEL, "{\"address\":{\"" + "n".repeat(50_001) + "\":1}}")
            .getMessage()
            .contains("name length"));
    String big = "x".repeat(20_000_000);
    assertEquals(big.length(), JsonFormat.decodeValue(Codecs.STRING, "\"" + big + "\"").length());
    DecodeException e = fails(Codecs.STRING, "\"" + big + "é\"");
    assertTrue(e.getMessage().contains("string value length (20000001)"), e.getMessage());
    // A skipped string has no limit, as with jackson.
    JsonFormat.decode(Person_.MODEL, utf8("{\"address\":{\"x\":\"" + big + "yz\"}}"));
  }

  // ---- names and unknown fields -------------------------------------------------------------

  /** Table with a name the byte comparison must not be fooled by. */
  private static final FieldNames QUOTED = FieldNames.of("quo\"te", "back\\slash", "why?", "ü");

  private static final ValueCodec<List<String>> QUOTED_CODEC =
      Codecs.scalar(
          FieldType.STRING,
          (v, out) -> {},
          in -> {
            String[] v = new String[4];
            in.beginObject();
            int i;
            while ((i = in.nextField(QUOTED)) >= 0) {
              v[i] = in.string();
            }
            return Arrays.asList(v);
          });

  @Test
  void namesMatchOnlyWhatTheyAre() {
    assertEquals(
        Arrays.asList("a", "b", "c", "d"),
        JsonFormat.decodeValue(
            QUOTED_CODEC,
            "{\"quo\\\"te\":\"a\",\"back\\\\slash\":\"b\",\"why?\":\"c\",\"\\u00fc\":\"d\"}"));
    assertEquals(
        Arrays.asList(null, null, "c", "d"),
        JsonFormat.decodeValue(QUOTED_CODEC, utf8("{\"why?\":\"c\",\"ü\":\"d\"}")));
    // The raw bytes of the first name, unescaped, are not a string holding it.
    malformed(QUOTED_CODEC, "{\"quo\"te\":\"a\"}");
    malformed(QUOTED_CODEC, "{\"back\\slash\":\"a\"}");
    // An escaped form of an expected name is that name, in order or not.
    Person p = JsonFormat.decode(Person_.MODEL, "{\"\\u0069d\":\"k\",\"ag\\u0065\":5}");
    assertEquals("k", p.id());
    assertEquals(5, p.age());
    p = JsonFormat.decode(Person_.MODEL, "{\"ag\\u0065\":5,\"\\u0069d\":\"k\"}");
    assertEquals("k", p.id());
    assertEquals(5, p.age());
  }

  @Test
  void unknownFieldsAreSkippedOrCollected() {
    Person p =
        JsonFormat.decode(
            Person_.MODEL,
            "{\"address\":{\"zz\":{\"a\":[1,{\"b\":[[],{},\"\\u00e9\",-1.5e3,true,null]}]},"
                + "\"city\":\"C\"},\"m\":{\"k\":[1,2.5,\"x\"]},\"id\":\"k\"}");
    assertEquals(new Address(null, "C", null), p.address());
    assertEquals(Map.of("m", Map.of("k", List.of(1L, new BigDecimal("2.5"), "x"))), p.extra());
  }

  @Test
  void errorsInsideUnknownFieldsNameThem() {
    assertEquals("address[\"z\\\"z\"]", pathOf("{\"address\":{\"z\\\"z\":[1,}}"));
    assertEquals("address.zz", pathOf("{\"address\":{\"zz\":[1,}}"));
    assertEquals("address[\"z z\"]", pathOf("{\"address\":{\"z z\":{\"a\":tru}}}"));
    assertEquals("m.k[2]", pathOf("{\"m\":{\"k\":[1,2,\"x]}}"));
    assertEquals("counts[\"k\"]", pathOf("{\"counts\":{\"k\":[}}"));
  }

  private static String pathOf(String json) {
    DecodeException e = fails(Person_.MODEL, json);
    String m = e.getMessage();
    return m.substring("cannot decode field '".length(), m.indexOf("': "));
  }

  // ---- entry points -------------------------------------------------------------------------

  @Test
  void streamsAreReadToTheirEnd() {
    byte[] doc = JsonFormat.encode(Person_.MODEL, People.full());
    assertEquals(People.full(), JsonFormat.decode(Person_.MODEL, new ByteArrayInputStream(doc)));
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk on fire");
          }
        };
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> JsonFormat.decode(Person_.MODEL, broken));
    assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    assertThrows(
        DecodeException.class,
        () ->
            JsonFormat.decode(Person_.MODEL, new ByteArrayInputStream(utf8("{\"id\":\"x\"} {}"))));
  }
}
