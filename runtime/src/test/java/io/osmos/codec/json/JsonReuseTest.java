package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osmos.codec.Codecs;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.exceptions.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the decoder keeps from one document to the next on a thread (the reader of UTF-8 input, the
 * elements of lists being read) never leaks into the next document, also after a failure or when a
 * decode runs inside another; and enums read by comparing bytes give what reading the string gives.
 */
class JsonReuseTest {
  private enum Level {
    LOW,
    HIGH,
    HIGHEST
  }

  private static final ValueCodec<Level> LEVEL = Codecs.enumeration(Level.values());
  private static final ValueCodec<List<List<String>>> NESTED =
      Codecs.list(Codecs.list(Codecs.STRING));

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void enumsReadTheSameWithAndWithoutTheByteComparison() {
    assertEquals(Level.HIGH, JsonFormat.decodeValue(LEVEL, utf8("\"HIGH\"")));
    assertEquals(Level.HIGHEST, JsonFormat.decodeValue(LEVEL, utf8(" \"HIGHEST\" ")));
    // an escaped letter: not the same bytes, read through the string
    assertEquals(Level.LOW, JsonFormat.decodeValue(LEVEL, utf8("\"L\\u004fW\"")));
    assertNull(JsonFormat.decodeValue(LEVEL, utf8("null")));
    // the same from text (Latin-1 and UTF-8 paths)
    assertEquals(Level.HIGH, JsonFormat.decodeValue(LEVEL, "\"HIGH\""));
    assertEquals(Level.HIGH, JsonFormat.decodeValue(LEVEL, "\"HIGH\"", "x"));
  }

  @Test
  void enumErrorsStayTheSame() {
    // a prefix of a constant, a constant with more after it, another type, the end of the input
    DecodeException prefix =
        assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(LEVEL, utf8("\"HIG\"")));
    assertEquals("one of [LOW, HIGH, HIGHEST]", prefix.expected());
    assertEquals("\"HIG\"", prefix.found());
    DecodeException longer =
        assertThrows(
            DecodeException.class, () -> JsonFormat.decodeValue(LEVEL, utf8("\"HIGHER\"")));
    assertEquals("\"HIGHER\"", longer.found());
    DecodeException number =
        assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(LEVEL, utf8("12")));
    assertEquals("a string", number.expected());
    DecodeException truncated =
        assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(LEVEL, utf8("\"HIGH")));
    assertEquals(Utf8JsonReader.WELL_FORMED, truncated.expected());
  }

  @Test
  void nestedListsAreReadAtTheirSizesAndStayUnmodifiable() {
    List<List<String>> lists =
        JsonFormat.decodeValue(NESTED, utf8("[[\"a\",null],[],[\"b\",\"c\",\"d\"],null]"));
    assertEquals(
        Arrays.asList(Arrays.asList("a", null), List.of(), List.of("b", "c", "d"), null), lists);
    assertThrows(UnsupportedOperationException.class, () -> lists.add(List.of()));
    assertThrows(UnsupportedOperationException.class, () -> lists.get(0).set(0, "x"));
    // more elements than the first stack holds
    StringBuilder many = new StringBuilder("[[");
    for (int i = 0; i < 1000; i++) {
      many.append(i == 0 ? "" : ",").append('"').append(i).append('"');
    }
    List<List<String>> big = JsonFormat.decodeValue(NESTED, utf8(many.append("]]").toString()));
    assertEquals(1000, big.get(0).size());
    assertEquals("999", big.get(0).get(999));
  }

  @Test
  void aFailureLeavesNothingBehindForTheNextDocument() {
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () -> JsonFormat.decodeValue(NESTED, utf8("[[\"a\",\"b\"],[\"c\",12]]")));
    assertEquals("[1][1]", e.path());
    // the next document on this thread: no elements of the failed one, depth and position fresh
    assertEquals(List.of(List.of("x")), JsonFormat.decodeValue(NESTED, utf8("[[\"x\"]]")));
    assertEquals(Level.LOW, JsonFormat.decodeValue(LEVEL, utf8("\"LOW\"")));
    DecodeException trailing =
        assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(LEVEL, utf8("\"LOW\" x")));
    assertEquals("(root)", trailing.path());
  }

  /** A codec that decodes a document of its own while the outer one is being read. */
  private static final ValueCodec<String> INNER_DECODE =
      new ValueCodec<>() {
        @Override
        public void write(String value, FieldWriter out) {
          out.string(value);
        }

        @Override
        public String read(FieldReader in) {
          String s = in.string();
          List<List<String>> inner = JsonFormat.decodeValue(NESTED, utf8(s));
          return inner.get(0).get(0);
        }

        @Override
        public FieldType type() {
          return FieldType.STRING;
        }
      };

  @Test
  void aDecodeInsideAnotherGetsAReaderOfItsOwn() {
    ValueCodec<List<String>> outer = Codecs.list(INNER_DECODE);
    List<String> values =
        JsonFormat.decodeValue(outer, utf8("[\"[[\\\"p\\\"]]\",\"[[\\\"q\\\",\\\"r\\\"]]\"]"));
    assertEquals(List.of("p", "q"), values);
    // and the outer reader, resumed after each inner decode, still reports its own path
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () -> JsonFormat.decodeValue(outer, utf8("[\"[[\\\"p\\\"]]\", 5]")));
    assertEquals("[1]", e.path());
  }

  @Test
  void namesAreMatchedNearTheEndOfTheInputToo() {
    // shorter than the 16 bytes the name comparison loads at once: the byte-wise path
    FieldNames names = FieldNames.of("a", "longer_than_16_bytes", "twelve_chars");
    ValueCodec<String> first = objectField(names, 0);
    ValueCodec<String> second = objectField(names, 1);
    ValueCodec<String> third = objectField(names, 2);
    assertEquals("v", JsonFormat.decodeValue(first, utf8("{\"a\":\"v\"}")));
    assertEquals("w", JsonFormat.decodeValue(second, utf8("{\"longer_than_16_bytes\":\"w\"}")));
    // the same with room for the 8-byte loads after the name
    String pad = " ".repeat(32);
    assertEquals("v", JsonFormat.decodeValue(first, utf8("{\"a\":\"v\"}" + pad)));
    assertEquals(
        "w", JsonFormat.decodeValue(second, utf8("{\"longer_than_16_bytes\":\"w\"}" + pad)));
    assertNull(JsonFormat.decodeValue(first, utf8("{\"ab\":\"v\"}" + pad)));
    assertNull(JsonFormat.decodeValue(first, utf8("{\"b\":\"v\"}" + pad)));
    // names of 8 to 15 bytes: two loads; a difference in the second one, or in the quote
    // (after the first two, so that it is the name expected next)
    String before = "{\"a\":\"x\",\"longer_than_16_bytes\":\"y\",";
    assertEquals(
        "t", JsonFormat.decodeValue(third, utf8(before + "\"twelve_chars\":\"t\"}" + pad)));
    assertNull(JsonFormat.decodeValue(third, utf8(before + "\"twelve_charz\":\"t\"}" + pad)));
    assertNull(JsonFormat.decodeValue(third, utf8(before + "\"twelve_chars_\":\"t\"}" + pad)));
    // a name that only starts like the expected one
    assertNull(JsonFormat.decodeValue(first, utf8("{\"ab\":\"v\"}")));
    assertNull(JsonFormat.decodeValue(second, utf8("{\"longer_than_16_bytes_\":\"w\", \"x\": 1}")));
  }

  /** Reads {@code {..}} and returns the string of field {@code wanted}, null if absent. */
  private static ValueCodec<String> objectField(FieldNames names, int wanted) {
    return new ValueCodec<>() {
      @Override
      public void write(String value, FieldWriter out) {
        throw new UnsupportedOperationException();
      }

      @Override
      public String read(FieldReader in) {
        String found = null;
        in.beginObject();
        int f;
        while ((f = in.nextField(names)) >= 0) {
          if (f == wanted) {
            found = in.string();
          } else {
            in.skip();
          }
        }
        return found;
      }

      @Override
      public FieldType type() {
        return FieldType.STRING;
      }
    };
  }
}
