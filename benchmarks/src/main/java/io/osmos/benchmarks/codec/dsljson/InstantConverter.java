package io.osmos.benchmarks.codec.dsljson;

import com.dslplatform.json.JsonConverter;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.JsonWriter;
import io.osmos.benchmarks.codec.IsoInstants;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * DSL-JSON 2.0.2 has no {@link Instant} support: this converter gives it one, in the form Osmos
 * writes ({@link Instant#toString()}), without {@code DateTimeFormatter} and without allocating, as
 * DSL-JSON's own {@code java.time} converters work. DSL-JSON's processor finds it by its annotation
 * and calls its two methods from the code it generates.
 */
@JsonConverter(target = Instant.class)
public final class InstantConverter {
  /** Per thread, the chars of the instant being written. */
  private static final ThreadLocal<char[]> SCRATCH =
      ThreadLocal.withInitial(() -> new char[IsoInstants.MAX_LENGTH]);

  private InstantConverter() {}

  /** Reads an ISO-8601 instant, or null. */
  public static Instant read(JsonReader<?> reader) throws IOException {
    if (reader.wasNull()) {
      return null;
    }
    // the string's chars, in the reader's own buffer (a string with escapes is refused)
    char[] text = reader.readSimpleQuote();
    int length = reader.getCurrentIndex() - reader.getTokenStart() - 1;
    Instant fast = IsoInstants.parse(text, 0, length);
    if (fast != null) {
      return fast;
    }
    String s = new String(text, 0, length);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw reader.newParseErrorWith("expected an ISO-8601 instant", s);
    }
  }

  /** Writes an instant as its ISO-8601 string, or null. */
  public static void write(JsonWriter writer, Instant value) {
    if (value == null) {
      writer.writeNull();
      return;
    }
    char[] text = SCRATCH.get();
    int n = IsoInstants.format(value, text);
    writer.writeByte(JsonWriter.QUOTE);
    for (int i = 0; i < n; i++) {
      writer.writeByte((byte) text[i]);
    }
    writer.writeByte(JsonWriter.QUOTE);
  }
}
