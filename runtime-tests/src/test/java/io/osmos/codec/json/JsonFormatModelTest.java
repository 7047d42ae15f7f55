package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.testmodel.Address;
import io.osmos.codec.testmodel.Level;
import io.osmos.codec.testmodel.People;
import io.osmos.codec.testmodel.Person;
import io.osmos.codec.testmodel.Person_;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.ValidationException;
import io.osmos.schema.ModelSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonFormat} on a generated model: the documented representation, round trips of every kind
 * of field, unknown fields, errors, single values and models embedded in larger documents.
 */
class JsonFormatModelTest {
  private static final ModelSchema<Person, String> P = Person_.MODEL;

  /** JSON with single quotes for readability. */
  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static Person roundTrip(Person p) {
    Person fromBytes = JsonFormat.decode(P, JsonFormat.encode(P, p));
    Person fromString = JsonFormat.decode(P, JsonFormat.encodeToString(P, p));
    assertEquals(fromBytes, fromString);
    return fromBytes;
  }

  private static Person withId(String id) {
    return Person.empty(id);
  }

  private static DecodeException decodeFails(String singleQuotedJson) {
    return assertThrows(DecodeException.class, () -> JsonFormat.decode(P, json(singleQuotedJson)));
  }

  // ---- representation and round trips -------------------------------------------------------

  @Test
  void writesTheDocumentedRepresentation() {
    String expected =
        json(
            "{'id':'p-1','age':42,'score':-7,'ratio':0.1,'weight':2.5,'active':true,"
                + "'level':'HIGH','createdAt':'2024-05-01T10:15:30.123456789Z',"
                + "'balance':12345678901234567890.0123456789,"
                + "'big':-123456789012345678901234567890,'avatar':'AAEC/4A=',"
                + "'ref':'123e4567-e89b-12d3-a456-426614174000','birthday':'1990-02-28',"
                + "'timeout':'PT1H30M',"
                + "'address':{'street':'1 Main St','city':'Springfield','floor':3},"
                + "'tags':['a','b','c'],'levels':['LOW','HIGH'],"
                + "'counts':{'visits':12,'odd \\'key\\'.with[dots]':-1,'none':null},"
                + "'nickname':'Pat',"
                + "'previous':[{'street':'Old Rd','city':'Shelbyville','floor':null},"
                + "{'street':null,'city':'Ogdenville','floor':-1}],"
                + "'legacyFlag':true,'legacyScore':17}");
    assertEquals(expected, JsonFormat.encodeToString(P, People.full()));
    assertArrayEquals(
        expected.getBytes(StandardCharsets.UTF_8), JsonFormat.encode(P, People.full()));
  }

  @Test
  void fullModelRoundTrips() {
    Person full = People.full();
    assertEquals(full, roundTrip(full));
  }

  @Test
  void absentValuesRoundTripAsNullAndEmpty() {
    Person empty = withId(null);
    String text = JsonFormat.encodeToString(P, empty);
    assertTrue(text.startsWith(json("{'id':null,'age':0,")), text);
    assertEquals(empty, roundTrip(empty));
    assertEquals(Optional.empty(), roundTrip(empty).nickname());
  }

  @Test
  void missingFieldsDecodeToDefaults() {
    assertEquals(withId(null), JsonFormat.decode(P, "{}"));
  }

  @Test
  void streamsRoundTripAndStayOpen() {
    Person full = People.full();
    boolean[] closed = {false, false};
    ByteArrayOutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    JsonFormat.encode(P, full, out);
    ByteArrayInputStream in =
        new ByteArrayInputStream(out.toByteArray()) {
          @Override
          public void close() {
            closed[1] = true;
          }
        };
    assertEquals(full, JsonFormat.decode(P, in));
    assertFalse(closed[0], "output stream closed");
    assertFalse(closed[1], "input stream closed");
  }

  @Test
  void decodesFromAByteRange() {
    byte[] doc = JsonFormat.encode(P, People.full());
    byte[] padded = new byte[doc.length + 10];
    System.arraycopy(doc, 0, padded, 5, doc.length);
    assertEquals(People.full(), JsonFormat.decode(P, padded, 5, doc.length));
  }

  @Test
  void fieldsInAnyOrderDecode() {
    Person p =
        JsonFormat.decode(
            P,
            json(
                "{'tags':['x'],'address':{'floor':2,'city':'C','street':'S'},"
                    + "'age':5,'id':'k','active':true}"));
    assertEquals("k", p.id());
    assertEquals(5, p.age());
    assertTrue(p.active());
    assertEquals(new Address("S", "C", 2), p.address());
    assertEquals(List.of("x"), p.tags());
  }

  @Test
  void integerExtremesRoundTrip() {
    for (long age : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1}) {
      for (int score : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0}) {
        Person p =
            new Person(
                "x",
                age,
                score,
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
                null,
                null,
                null,
                null,
                Optional.empty(),
                null,
                Map.of());
        Person back = roundTrip(p);
        assertEquals(age, back.age());
        assertEquals(score, back.score());
      }
    }
    assertEquals(Long.MIN_VALUE, JsonFormat.decode(P, json("{'age':-9223372036854775808}")).age());
  }

  @Test
  void floatingPointExtremesRoundTrip() {
    double[] doubles = {
      -0.0,
      0.0,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.MIN_NORMAL,
      0.1,
      1e300,
      1e-300,
      123456789.123456789,
      1.0 / 3
    };
    float[] floats = {
      -0.0f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      0.1f,
      1.0f / 3
    };
    for (int i = 0; i < Math.max(doubles.length, floats.length); i++) {
      double d = doubles[i % doubles.length];
      float f = floats[i % floats.length];
      Person p =
          new Person(
              "x",
              0,
              0,
              d,
              f,
              false,
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
      Person back = roundTrip(p);
      assertEquals(
          Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back.ratio()), "ratio " + d);
      assertEquals(
          Float.floatToRawIntBits(f), Float.floatToRawIntBits(back.weight()), "weight " + f);
    }
  }

  @Test
  void nonFiniteNumbersAreStrings() {
    Person p =
        new Person(
            "x",
            0,
            0,
            Double.NaN,
            Float.NEGATIVE_INFINITY,
            false,
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
    String text = JsonFormat.encodeToString(P, p);
    assertTrue(text.contains(json("'ratio':'NaN','weight':'-Infinity'")), text);
    assertEquals(
        Double.POSITIVE_INFINITY, JsonFormat.decode(P, json("{'ratio':'Infinity'}")).ratio());
  }

  @Test
  void floatsAreWrittenInShortDecimalForm() {
    Person p =
        new Person(
            "x",
            0,
            0,
            0.1,
            0.1f,
            false,
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
    assertTrue(JsonFormat.encodeToString(P, p).contains(json("'ratio':0.1,'weight':0.1,")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1.50",
        "-0.000",
        "0.0000001",
        "1E+3",
        "-1E-5000",
        "1E+5000",
        "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899",
        "123456789012345678901234567890123456789012345678901234567890.000000000000000000001"
      })
  void decimalsRoundTripExactlyWithTheirScale(String text) {
    BigDecimal d = new BigDecimal(text);
    Person back = roundTrip(withBalance(d));
    assertEquals(d, back.balance()); // BigDecimal.equals compares the scale too
    assertEquals(d.scale(), back.balance().scale());
  }

  @Test
  void hugeDecimalsAndIntegersRoundTrip() {
    BigDecimal d = new BigDecimal("9".repeat(3000) + "." + "1".repeat(2000));
    assertEquals(d, roundTrip(withBalance(d)).balance());
    BigInteger big = BigInteger.TWO.pow(10_000).negate();
    Person p =
        new Person(
            "x",
            0,
            0,
            0,
            0,
            false,
            null,
            null,
            null,
            big,
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
    assertEquals(big, roundTrip(p).big());
  }

  private static Person withBalance(BigDecimal d) {
    return new Person(
        "x",
        0,
        0,
        0,
        0,
        false,
        null,
        null,
        d,
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
  }

  @Test
  void decimalIsReadFromTheNumberText() {
    assertEquals(
        new BigDecimal("0.1000000000000000000000001"),
        JsonFormat.decode(P, json("{'balance':0.1000000000000000000000001}")).balance());
    assertEquals(new BigDecimal("7"), JsonFormat.decode(P, json("{'balance':7}")).balance());
  }

  @Test
  void stringsRoundTripExactly() {
    String control = new String(new char[] {0, 1, 7, 8, 9, 10, 12, 13, 27, 31, 127});
    List<String> values =
        List.of(
            "",
            " ",
            control,
            "quote \" backslash \\ slash / tab \t",
            "\u2028\u2029 line separators",
            "héllo wörld ñ 中文 日本語 한국어 العربية עברית",
            "emoji 😀 clef 𝄞 family 👨‍👩‍👧 flag 🇫🇷",
            "e\u0301 combining",
            "\uFEFF BOM and \uFFFF noncharacter",
            "x".repeat(1024),
            "ü".repeat(1024),
            "😀".repeat(512),
            "{\"looks\":\"like json\"}");
    for (String s : values) {
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put(s, 1L);
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
              List.of(s, s),
              null,
              counts,
              Optional.of(s),
              null,
              Map.of());
      assertEquals(p, roundTrip(p), () -> "string " + s.codePoints().boxed().toList());
    }
  }

  @Test
  void aLoneSurrogateIsRefusedNamingItsField() {
    // No store keeps one (UTF-8 has no form for it): refused on write, the same in every format.
    String lone = "lone surrogate \uD800 end";
    Person p =
        new Person(
            "k",
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
            new Address("ok", lone, null),
            List.of("a", "b\uDC00"),
            null,
            Map.of(),
            Optional.empty(),
            null,
            Map.of());
    for (Runnable encode :
        List.<Runnable>of(() -> JsonFormat.encode(P, p), () -> JsonFormat.encodeToString(P, p))) {
      ValidationException e = assertThrows(ValidationException.class, encode::run);
      assertEquals("address.city", e.violations().get(0).path());
      assertTrue(e.getMessage().contains("lone surrogate (\\uD800 at index 15)"), e.getMessage());
    }
    Person key =
        new Person(
            "k",
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
            null,
            null,
            null,
            Map.of("x\uDBFF", 1L),
            Optional.empty(),
            null,
            Map.of());
    ValidationException e =
        assertThrows(ValidationException.class, () -> JsonFormat.encode(P, key));
    assertEquals("counts[\"x\uDBFF\"]", e.violations().get(0).path());
  }

  @Test
  void bytesRoundTrip() {
    for (int n = 0; n < 10; n++) {
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) (i * 37 - 100);
      }
      Person p =
          new Person(
              "x",
              0,
              0,
              0,
              0,
              false,
              null,
              null,
              null,
              null,
              b,
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
      assertArrayEquals(b, roundTrip(p).avatar());
    }
    // Unpadded base64 from other writers is accepted.
    assertArrayEquals(
        new byte[] {0, 1, 2, (byte) 0xFF},
        JsonFormat.decode(P, json("{'avatar':'AAEC/w'}")).avatar());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-05-01T10:15:30Z", "2024-05-01T10:15:30.100Z", "2024-05-01T10:15:30.000001Z",
        "2024-05-01T10:15:30.000000001Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2000-02-29T12:00:00Z",
        "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z",
        "+1000000000-12-31T23:59:59.999999999Z"
      })
  void instantsAreWrittenAsInstantToStringAndReadBack(String text) {
    Instant t = Instant.parse(text);
    Person p =
        new Person(
            "x",
            0,
            0,
            0,
            0,
            false,
            null,
            t,
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
    assertTrue(JsonFormat.encodeToString(P, p).contains("\"createdAt\":\"" + t + "\""));
    assertEquals(t, roundTrip(p).createdAt());
  }

  @Test
  void instantsInOtherIsoFormsAreRead() {
    assertEquals(
        Instant.parse("2024-05-01T08:15:30Z"),
        JsonFormat.decode(P, json("{'createdAt':'2024-05-01T10:15:30+02:00'}")).createdAt());
    assertEquals(
        Instant.parse("2024-05-01T10:15:30.5Z"),
        JsonFormat.decode(P, json("{'createdAt':'2024-05-01T10:15:30.5Z'}")).createdAt());
  }

  // ---- unknown fields -----------------------------------------------------------------------

  @Test
  void unknownFieldsInsideEmbeddedTypesAreSkipped() {
    Person p =
        JsonFormat.decode(
            P,
            json(
                "{'address':{'zip':{'a':[1,{'b':[[],{}]}],'c':null},'city':'C','more':[1,2],"
                    + "'floor':1,'end':'x'},'id':'k'}"));
    assertEquals(new Address(null, "C", 1), p.address());
    assertEquals("k", p.id());
  }

  @Test
  void unknownTopLevelFieldsAreCollectedAsPlainValues() {
    Person p =
        JsonFormat.decode(
            P,
            json(
                "{'s':'text','id':'k','i':-12,'huge':123456789012345678901234567890,"
                    + "'d':0.5,'prec':3.14159265358979323846264338327950288,'tiny':1e-400,"
                    + "'t':true,'f':false,'n':null,'l':[1,'a',[],{}],'m':{'k':{'x':1.5}}}"));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "text");
    expected.put("i", -12L);
    expected.put("huge", new BigInteger("123456789012345678901234567890"));
    expected.put("d", new BigDecimal("0.5"));
    expected.put("prec", new BigDecimal("3.14159265358979323846264338327950288"));
    expected.put("tiny", new BigDecimal("1e-400"));
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("l", List.of(1L, "a", List.of(), Map.of()));
    expected.put("m", Map.of("k", Map.of("x", new BigDecimal("1.5"))));
    assertEquals(expected, p.extra());
    assertInstanceOf(LinkedHashMap.class, p.extra().get("m"));
    assertEquals("k", p.id());

    // Written back, every value is as it was stored (a read-modify-write keeps them).
    Person again = JsonFormat.decode(P, JsonFormat.encode(P, p));
    assertEquals(expected, again.extra());
  }

  // ---- errors -------------------------------------------------------------------------------

  private static void assertMismatch(
      String singleQuotedJson, String path, String expected, String found) {
    DecodeException e = decodeFails(singleQuotedJson);
    assertEquals(path, e.path(), e::getMessage);
    assertTrue(e.expected().contains(expected), e::getMessage);
    assertEquals(found, e.found(), e::getMessage);
    assertEquals(
        "cannot decode field '" + path + "': expected " + e.expected() + " but found " + found,
        e.getMessage());
  }

  @Test
  void typeMismatchesNameTheFieldTheExpectedTypeAndTheValue() {
    assertMismatch("{'id':5}", "id", "a string", "5");
    assertMismatch("{'id':{'a':1}}", "id", "a string", "an object");
    assertMismatch("{'age':'42'}", "age", "int64", "\"42\"");
    assertMismatch("{'age':true}", "age", "int64", "true");
    assertMismatch("{'age':1.5}", "age", "int64", "1.5");
    assertMismatch("{'ratio':'abc'}", "ratio", "float64", "\"abc\"");
    assertMismatch("{'ratio':[]}", "ratio", "float64", "an array");
    assertMismatch("{'weight':false}", "weight", "float32", "false");
    assertMismatch("{'active':1}", "active", "a boolean", "1");
    assertMismatch("{'active':'true'}", "active", "a boolean", "\"true\"");
    assertMismatch("{'level':'EXTREME'}", "level", "one of [LOW, MEDIUM, HIGH]", "\"EXTREME\"");
    assertMismatch("{'level':2}", "level", "a string", "2");
    assertMismatch("{'createdAt':'yesterday'}", "createdAt", "Instant", "\"yesterday\"");
    assertMismatch(
        "{'createdAt':'2023-02-29T00:00:00Z'}",
        "createdAt",
        "ISO-8601",
        "\"2023-02-29T00:00:00Z\"");
    assertMismatch("{'createdAt':1714558530}", "createdAt", "Instant", "1714558530");
    assertMismatch("{'balance':'12.5'}", "balance", "a decimal", "\"12.5\"");
    assertMismatch("{'big':1.5}", "big", "integer", "1.5");
    assertMismatch("{'avatar':'!!not base64!!'}", "avatar", "base64", "\"!!not base64!!\"");
    assertMismatch("{'avatar':[1,2]}", "avatar", "base64", "an array");
    assertMismatch("{'ref':'not-a-uuid'}", "ref", "UUID", "\"not-a-uuid\"");
    assertMismatch("{'birthday':'1990-13-01'}", "birthday", "LocalDate", "\"1990-13-01\"");
    assertMismatch("{'timeout':'90 minutes'}", "timeout", "Duration", "\"90 minutes\"");
  }

  @Test
  void nestedMismatchesNameTheFullPath() {
    assertMismatch("{'address':[1]}", "address", "an object", "an array");
    assertMismatch("{'address':'1 Main St'}", "address", "an object", "\"1 Main St\"");
    assertMismatch("{'address':{'street':'s','city':5}}", "address.city", "a string", "5");
    assertMismatch("{'tags':{}}", "tags", "an array", "an object");
    assertMismatch("{'tags':['a','b',3]}", "tags[2]", "a string", "3");
    assertMismatch("{'levels':['LOW','lowest']}", "levels[1]", "one of", "\"lowest\"");
    assertMismatch("{'counts':{'a':1,'k':'x'}}", "counts[\"k\"]", "int64", "\"x\"");
    assertMismatch(
        "{'counts':{'we\\'ird.key':[]}}", "counts[\"we\\\"ird.key\"]", "int64", "an array");
    assertMismatch("{'previous':[{},{'floor':'x'}]}", "previous[1].floor", "an int64", "\"x\"");
    assertMismatch("{'previous':[{},[]]}", "previous[1]", "an object", "an array");
  }

  @Test
  void numbersOutOfRangeAreMismatches() {
    assertMismatch("{'age':9223372036854775808}", "age", "int64", "9223372036854775808");
    assertMismatch("{'age':-9223372036854775809}", "age", "int64", "-9223372036854775809");
    assertMismatch("{'age':1e19}", "age", "int64", "1e19");
    assertMismatch("{'score':2147483648}", "score", "int", "2147483648");
    assertMismatch("{'score':-2147483649}", "score", "int", "-2147483649");
    assertMismatch("{'address':{'floor':4294967296}}", "address.floor", "int", "4294967296");
    assertMismatch("{'ratio':1e400}", "ratio", "float64", "1e400");
    assertMismatch("{'weight':1e39}", "weight", "float32", "1e39");
    assertMismatch("{'age':1e99999999999}", "age", "int64", "1e99999999999");
    assertMismatch("{'balance':1e99999999999}", "balance", "decimal", "1e99999999999");
    assertMismatch("{'extra':[1e99999999999]}", "extra[0]", "exponent", "1e99999999999");
    // Integral values written as decimals are integers.
    assertEquals(300, JsonFormat.decode(P, json("{'age':3e2}")).age());
    assertEquals(3, JsonFormat.decode(P, json("{'age':3.0}")).age());
  }

  @Test
  void aDocumentThatIsNotAnObjectIsAMismatchAtTheRoot() {
    assertMismatch("[]", "(root)", "an object", "an array");
    assertMismatch("null", "(root)", "an object", "null");
    assertMismatch("'text'", "(root)", "an object", "\"text\"");
    assertMismatch("", "(root)", "an object", "the end of the input");
    assertMismatch("  \n ", "(root)", "an object", "the end of the input");
  }

  @Test
  void malformedJsonNamesTheLocation() {
    DecodeException e = decodeFails("{'id':'x','address':{'city':'C' 'floor':1}}");
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot decode field 'address.city': malformed JSON at" + " line 1, column "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                ": unexpected character '\"': expected ',' or '}' after an" + " object member"),
        e.getMessage());

    e = decodeFails("{'tags':['a',]}");
    assertTrue(
        e.getMessage().contains("'tags[0]': malformed JSON at line 1, column 14"), e.getMessage());

    e = decodeFails("{'id':'x',\n'age':01}");
    assertTrue(e.getMessage().contains("malformed JSON at line 2"), e.getMessage());

    for (String bad :
        List.of(
            "{'id':'x'",
            "{'id':'x',",
            "{'id' 'x'}",
            "{id:'x'}",
            "{\\'id\\':\\'x\\'}",
            "{'id':'unterminated}",
            "{'age':-}",
            "{'ratio':NaN}",
            "{'address':{'city':'C'}",
            "{'x':{'y':[1,2,}}",
            "{'id':'x'}}")) {
      e = decodeFails(bad);
      assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }
  }

  @Test
  void malformedJsonInsideUnknownFieldsNamesThePath() {
    DecodeException e = decodeFails("{'x':{'y':[1,2,}}");
    assertTrue(
        e.getMessage().startsWith("cannot decode field 'x.y[1]': malformed JSON"), e.getMessage());
  }

  @Test
  void trailingContentIsRejected() {
    for (String bad : List.of("{'id':'x'} {'id':'y'}", "{'id':'x'}1", "{'id':'x'}]", "{}x")) {
      DecodeException e = decodeFails(bad);
      assertTrue(
          e.getMessage().contains("trailing content") || e.getMessage().contains("malformed"),
          e.getMessage());
    }
    DecodeException e = decodeFails("{'id':'x'} {'id':'y'}");
    assertEquals(
        "cannot decode field '(root)': trailing content after the JSON value at line 1,"
            + " column 12: found an object",
        e.getMessage());
    // Whitespace is not content.
    assertEquals("x", JsonFormat.decode(P, json("{'id':'x'}  \n\t ")).id());
  }

  // ---- single values and embedding ----------------------------------------------------------

  @Test
  void singleValuesRoundTrip() {
    List<Address> addresses = List.of(new Address("s", "c", 1), new Address(null, null, null));
    String text = JsonFormat.encodeValueToString(Person_.previous.codec(), addresses);
    assertEquals(
        "[{\"street\":\"s\",\"city\":\"c\",\"floor\":1},"
            + "{\"street\":null,\"city\":null,\"floor\":null}]",
        text);
    assertEquals(addresses, JsonFormat.decodeValue(Person_.previous.codec(), text));
    assertEquals(
        addresses,
        JsonFormat.decodeValue(
            Person_.previous.codec(), JsonFormat.encodeValue(Person_.previous.codec(), addresses)));
    assertEquals("null", JsonFormat.encodeValueToString(Codecs.STRING, null));
    assertNull(JsonFormat.decodeValue(Codecs.STRING, "null"));
    assertEquals("\"x\"", JsonFormat.encodeValueToString(Codecs.STRING, "x"));
    assertEquals(Level.LOW, JsonFormat.decodeValue(Person_.level.codec(), "\"LOW\""));
  }

  @Test
  void singleValueErrorsArePrefixedWithThePath() {
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () ->
                JsonFormat.decodeValue(Person_.previous.codec(), "[{\"floor\":true}]", "previous"));
    assertEquals("previous[0].floor", e.path());
    e =
        assertThrows(
            DecodeException.class, () -> JsonFormat.decodeValue(Codecs.LONG, "1 2", "age"));
    assertTrue(
        e.getMessage().startsWith("cannot decode field 'age': trailing content"), e.getMessage());
    assertEquals("age", e.path());
  }

  @Test
  void modelsEmbedInLargerDocuments() throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JsonFormat.createGenerator(text)) {
      g.writeStartObject();
      g.writeNumberField("version", 1);
      g.writeFieldName("docs");
      g.writeStartArray();
      FieldWriter w = JsonFormat.writer(g);
      P.encode(People.full(), w);
      P.encode(withId("second"), w);
      g.writeEndArray();
      g.writeBooleanField("after", true);
      g.writeEndObject();
    }

    List<Person> read = new ArrayList<>();
    try (JsonParser p = JsonFormat.createParser(text.toString())) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      assertEquals("version", p.nextFieldName());
      p.nextToken();
      assertEquals("docs", p.nextFieldName());
      assertEquals(JsonToken.START_ARRAY, p.nextToken());
      // Positioned on each model's START_OBJECT: the reader starts there.
      while (p.nextToken() == JsonToken.START_OBJECT) {
        read.add(P.decode(JsonFormat.reader(p)));
      }
      assertEquals(JsonToken.END_ARRAY, p.currentToken());
      assertEquals("after", p.nextFieldName());
      assertEquals(JsonToken.VALUE_TRUE, p.nextToken());
    }
    assertEquals(List.of(People.full(), withId("second")), read);
  }

  @Test
  void anEmbeddedReaderNamesItsPlaceInErrors() throws IOException {
    try (JsonParser p = JsonFormat.createParser(json("{'doc':{'address':{'city':1}}}"))) {
      p.nextToken();
      assertEquals("doc", p.nextFieldName());
      // Positioned on the field name: the reader reads the value after it.
      FieldReader r = JsonFormat.reader(p, "doc");
      DecodeException e = assertThrows(DecodeException.class, () -> P.decode(r));
      assertEquals("doc.address.city", e.path());
    }
  }

  @Test
  void brokenUtf32IsADecodeException() {
    byte[] truncated = {0, 0, 0, '"', 0, 0, 0, 'a', 0, 0, 0, '"', 0, 0};
    byte[] beyondUnicode = {0, 0, 0, '"', 0, 0x11, 0, 0, 0, 0, 0, '"'};
    for (byte[] json : List.of(truncated, beyondUnicode)) {
      DecodeException e =
          assertThrows(DecodeException.class, () -> JsonFormat.decodeValue(Codecs.STRING, json));
      assertTrue(e.getMessage().contains("UTF-32"), e.getMessage());
      assertThrows(DecodeException.class, () -> JsonFormat.decode(P, json));
    }
  }

  @Test
  void malformedJsonNamesWhereWhatWasExpectedAndWhatWasFound() {
    for (String json :
        List.of("{\"id\":\"k\",\"tags\":[\"a\",", "{\"id\":\"k\",\"tags\":[\"a\" 1]}")) {
      for (DecodeException e :
          List.of(
              assertThrows(DecodeException.class, () -> JsonFormat.decode(P, json)),
              assertThrows(
                  DecodeException.class,
                  () -> JsonFormat.decode(P, json.getBytes(StandardCharsets.UTF_8))))) {
        assertTrue(e.path().startsWith("tags"), e.path());
        assertEquals("well-formed JSON", e.expected());
        assertTrue(e.found() != null && !e.found().isEmpty(), e.getMessage());
      }
    }
  }
}
