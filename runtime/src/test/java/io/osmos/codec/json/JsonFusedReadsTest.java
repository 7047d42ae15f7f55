package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldReader;
import io.osmos.codec.ValueCodec;
import io.osmos.exceptions.DecodeException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON reader's fused reads ({@code stringOrNull}, {@code requiredInt64/32}) give the same
 * values and the same errors as {@code tryNull()} followed by the typed read.
 */
class JsonFusedReadsTest {
  private static final FieldNames NAMES = FieldNames.of("v");

  private enum Color {
    RED
  }

  /** A reader positioned on the value of the only field of {@code {"v": <value>}}. */
  private static FieldReader onValue(String value) throws IOException {
    FieldReader in =
        new JsonFieldReader(new JsonFactory().createParser("{\"v\": " + value + "}"), null);
    in.beginObject();
    assertEquals(0, in.nextField(NAMES));
    return in;
  }

  @Test
  void stringOrNullReadsStringsAndNull() throws IOException {
    assertEquals("a\"b", onValue("\"a\\\"b\"").stringOrNull());
    assertNull(onValue("null").stringOrNull());
  }

  @Test
  void stringOrNullRejectsOtherValuesWithThePath() throws IOException {
    DecodeException e = assertThrows(DecodeException.class, () -> onValue("12").stringOrNull());
    assertEquals("v", e.path());
    assertEquals("a string", e.expected());
    assertEquals("12", e.found());
  }

  @Test
  void requiredIntegersReadNumbersAndRejectNull() throws IOException {
    assertEquals(Long.MIN_VALUE, onValue(Long.toString(Long.MIN_VALUE)).requiredInt64("long"));
    assertEquals(300L, onValue("3e2").requiredInt64("long")); // JSON's one number type
    assertEquals(-7, onValue("-7").requiredInt32("int"));
    DecodeException nul =
        assertThrows(DecodeException.class, () -> onValue("null").requiredInt64("long"));
    assertEquals("v", nul.path());
    assertEquals("long", nul.expected());
    assertEquals("null", nul.found());
  }

  @Test
  void requiredIntegersRejectOutOfRangeAndOtherTypes() throws IOException {
    DecodeException tooBig =
        assertThrows(
            DecodeException.class, () -> onValue("9223372036854775808").requiredInt64("long"));
    assertEquals("9223372036854775808", tooBig.found());
    DecodeException notInt =
        assertThrows(DecodeException.class, () -> onValue("3000000000").requiredInt32("int"));
    assertEquals("int", notInt.expected());
    DecodeException text =
        assertThrows(DecodeException.class, () -> onValue("\"7\"").requiredInt64("long"));
    assertEquals("\"7\"", text.found());
  }

  @Test
  void containersOfStringsAndEnumsKeepNullElements() {
    ValueCodec<List<String>> strings = Codecs.list(Codecs.STRING);
    assertEquals(
        Arrays.asList("a", null, "c"), JsonFormat.decodeValue(strings, "[\"a\",null,\"c\"]"));
    ValueCodec<List<Color>> colors = Codecs.list(Codecs.enumeration(Color.values()));
    assertEquals(Arrays.asList(null, Color.RED), JsonFormat.decodeValue(colors, "[null,\"RED\"]"));
    DecodeException e =
        assertThrows(
            DecodeException.class, () -> JsonFormat.decodeValue(colors, "[null,\"NOPE\"]"));
    assertEquals("[1]", e.path());
    assertEquals("\"NOPE\"", e.found());
  }
}
