package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.codec.Codecs;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldType;
import io.osmos.codec.ValueCodec;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonFormat} on values read and written by codecs. The format on a generated model (its
 * representation, round trips, unknown fields, errors) is tested in the runtime-tests module
 * (JsonFormatModelTest), where models are compiled.
 */
class JsonFormatTest {
  /** Two fields whose names need escaping, read in both orders (fast path and lookup). */
  private static final FieldNames ODD = FieldNames.of("quo\"te", "ünï\ncode");

  private static final ValueCodec<String[]> PAIR =
      Codecs.scalar(
          FieldType.STRING,
          (v, out) -> {
            out.beginObject();
            out.name(ODD.name(0));
            out.string(v[0]);
            out.name(ODD.name(1));
            out.string(v[1]);
            out.endObject();
          },
          in -> {
            String[] v = new String[2];
            in.beginObject();
            int i;
            while ((i = in.nextField(ODD)) >= 0) {
              v[i] = in.string();
            }
            return v;
          });

  @Test
  void fieldNamesAreEscapedAndMatchedInAnyOrder() {
    String text = JsonFormat.encodeValueToString(PAIR, new String[] {"a", "b"});
    assertEquals("{\"quo\\\"te\":\"a\",\"ünï\\ncode\":\"b\"}", text);
    assertArrayEquals(new String[] {"a", "b"}, JsonFormat.decodeValue(PAIR, text));
    assertArrayEquals(
        new String[] {"a", "b"},
        JsonFormat.decodeValue(PAIR, "{\"ünï\\ncode\":\"b\",\"quo\\\"te\":\"a\"}"));
    assertArrayEquals(
        new String[] {"a", "b"},
        JsonFormat.decodeValue(
            PAIR, "{\"other\":1,\"quo\\\"te\":\"a\",\"x\":[],\"ünï\\ncode\":\"b\"}"));
  }
}
