package io.osmos.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.testmodel.People;
import io.osmos.codec.testmodel.Person;
import io.osmos.codec.testmodel.Person_;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonFormat}'s own writer on a generated codec: the bytes and text of jackson's generators
 * for the same calls (the writer on single values: Utf8JsonWriterTest, in the runtime).
 */
class Utf8JsonWriterModelTest {
  private static byte[] jacksonBytes(Consumer<FieldWriter> writes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JsonFormat.createGenerator(out)) {
      writes.accept(JsonFormat.writer(g));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String jacksonText(Consumer<FieldWriter> writes) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JsonFormat.createGenerator(out)) {
      writes.accept(JsonFormat.writer(g));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  @Test
  void jsonFormatWritesWhatJacksonWrites() {
    Person full = People.full();
    byte[] expected = jacksonBytes(w -> Person_.MODEL.encode(full, w));
    assertArrayEquals(expected, JsonFormat.encode(Person_.MODEL, full));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonFormat.encode(Person_.MODEL, full, out);
    assertArrayEquals(expected, out.toByteArray());
    assertEquals(
        jacksonText(w -> Person_.MODEL.encode(full, w)),
        JsonFormat.encodeToString(Person_.MODEL, full));
    assertEquals("[\"a\",\"b\"]", JsonFormat.encodeValueToString(PAIR, new String[] {"a", "b"}));
    assertArrayEquals(
        "null".getBytes(StandardCharsets.UTF_8), JsonFormat.encodeValue(Codecs.STRING, null));
  }

  private static final ValueCodec<String[]> PAIR =
      new ValueCodec<>() {
        @Override
        public void write(String[] value, FieldWriter out) {
          out.beginArray();
          for (String s : value) {
            out.string(s);
          }
          out.endArray();
        }

        @Override
        public String[] read(FieldReader in) {
          throw new UnsupportedOperationException();
        }

        @Override
        public FieldType type() {
          return FieldType.STRING;
        }
      };

  @Test
  void aFailingStreamIsReported() {
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class, () -> JsonFormat.encode(Person_.MODEL, People.full(), out));
    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
  }
}
