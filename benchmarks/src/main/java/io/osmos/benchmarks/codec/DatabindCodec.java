package io.osmos.benchmarks.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.osmos.benchmarks.model.Order;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The jackson-databind baseline, configured as little as possible: a default mapper plus the two
 * settings without which it cannot write the same JSON — {@link JavaTimeModule} (databind refuses
 * {@code java.time} types without it) and ISO-8601 text for instants instead of its default
 * epoch-seconds number. Reader and writer are built once, as databind's documentation advises.
 */
public final class DatabindCodec {
  /** The mapper, shared so the start-up benchmark configures it identically. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private static final ObjectWriter WRITER = MAPPER.writerFor(Order.class);
  private static final ObjectReader READER = MAPPER.readerFor(Order.class);

  private DatabindCodec() {}

  public static byte[] encode(Order order) {
    try {
      return WRITER.writeValueAsBytes(order);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Order decode(byte[] json) {
    try {
      return READER.readValue(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
