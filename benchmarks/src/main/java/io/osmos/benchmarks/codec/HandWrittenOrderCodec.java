package io.osmos.benchmarks.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.osmos.benchmarks.model.Address;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.OrderLine;
import io.osmos.benchmarks.model.OrderStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The physical limit for jackson-core: a codec for {@link Order} written by hand against the
 * streaming API, as a performance-minded engineer would write it. Pre-encoded field names, names
 * matched as raw bytes in the expected order (falling back to a switch on the name), no
 * intermediate objects, instants formatted and parsed without {@code DateTimeFormatter}. It writes
 * exactly the JSON Osmos's generated codec writes, so both decode the same input.
 */
public final class HandWrittenOrderCodec {
  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
          .build();

  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString CUSTOMER_ID = new SerializedString("customerId");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString SHIP_TO = new SerializedString("shipTo");
  private static final SerializedString LINES = new SerializedString("lines");
  private static final SerializedString TAGS = new SerializedString("tags");
  private static final SerializedString TOTAL = new SerializedString("total");
  private static final SerializedString PLACED_AT = new SerializedString("placedAt");
  private static final SerializedString REVISION = new SerializedString("revision");
  private static final SerializedString STREET = new SerializedString("street");
  private static final SerializedString CITY = new SerializedString("city");
  private static final SerializedString POSTCODE = new SerializedString("postcode");
  private static final SerializedString COUNTRY = new SerializedString("country");
  private static final SerializedString SKU = new SerializedString("sku");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString QUANTITY = new SerializedString("quantity");
  private static final SerializedString UNIT_PRICE = new SerializedString("unitPrice");

  private static final OrderStatus[] STATUSES = OrderStatus.values();
  private static final SerializableString[] STATUS_NAMES = new SerializableString[STATUSES.length];

  static {
    for (int i = 0; i < STATUSES.length; i++) {
      STATUS_NAMES[i] = new SerializedString(STATUSES[i].name());
    }
  }

  private HandWrittenOrderCodec() {}

  // ---- encode -------------------------------------------------------------------------------

  /** The order as UTF-8 JSON. */
  public static byte[] encode(Order o) {
    BufferRecycler recycler = FACTORY._getBufferRecycler();
    try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
      try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
        write(o, g);
      }
      byte[] bytes = out.toByteArray();
      out.release();
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      recycler.releaseToPool();
    }
  }

  /** The order as JSON text (for clients that take text, such as JDBC). */
  public static String encodeToString(Order o) {
    return text(g -> write(o, g));
  }

  /** Reads an order from JSON text. */
  public static Order decode(String json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected an object at " + p.currentLocation());
      }
      return readOrder(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- parts, for stores that keep one top-level field per hash field ------------------------

  public static String addressJson(Address a) {
    return text(g -> writeAddress(a, g));
  }

  public static String linesJson(List<OrderLine> lines) {
    return text(g -> writeLines(lines, g));
  }

  public static String tagsJson(List<String> tags) {
    return text(g -> writeTags(tags, g));
  }

  public static Address address(String json) {
    return parse(json, HandWrittenOrderCodec::readAddress);
  }

  public static List<OrderLine> lines(String json) {
    return parse(json, HandWrittenOrderCodec::readLines);
  }

  public static List<String> tags(String json) {
    return parse(json, HandWrittenOrderCodec::readTags);
  }

  /** Formats an instant as {@link Instant#toString()} does, without DateTimeFormatter. */
  public static String instantText(Instant t) {
    char[] buf = new char[IsoInstants.MAX_LENGTH];
    return new String(buf, 0, IsoInstants.format(t, buf));
  }

  /** Parses what {@link #instantText} writes. */
  public static Instant instant(String text) {
    Instant t = IsoInstants.parse(text.toCharArray(), 0, text.length());
    return t != null ? t : Instant.parse(text);
  }

  private interface Write {
    void to(JsonGenerator g) throws IOException;
  }

  private interface Read<R> {
    R from(JsonParser p) throws IOException;
  }

  private static String text(Write w) {
    BufferRecycler recycler = FACTORY._getBufferRecycler();
    try {
      SegmentedStringWriter out = new SegmentedStringWriter(recycler);
      try (JsonGenerator g = FACTORY.createGenerator(out)) {
        w.to(g);
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      recycler.releaseToPool();
    }
  }

  private static <R> R parse(String json, Read<R> r) {
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      return r.from(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Order o, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeFieldName(ID);
    string(g, o.id());
    g.writeFieldName(CUSTOMER_ID);
    string(g, o.customerId());
    g.writeFieldName(STATUS);
    if (o.status() == null) {
      g.writeNull();
    } else {
      g.writeString(STATUS_NAMES[o.status().ordinal()]);
    }
    g.writeFieldName(SHIP_TO);
    writeAddress(o.shipTo(), g);
    g.writeFieldName(LINES);
    writeLines(o.lines(), g);
    g.writeFieldName(TAGS);
    writeTags(o.tags(), g);
    g.writeFieldName(TOTAL);
    decimal(g, o.total());
    g.writeFieldName(PLACED_AT);
    if (o.placedAt() == null) {
      g.writeNull();
    } else {
      char[] buf = new char[IsoInstants.MAX_LENGTH];
      g.writeString(buf, 0, IsoInstants.format(o.placedAt(), buf));
    }
    g.writeFieldName(REVISION);
    g.writeNumber(o.revision());
    g.writeEndObject();
  }

  private static void writeAddress(Address a, JsonGenerator g) throws IOException {
    if (a == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeFieldName(STREET);
    string(g, a.street());
    g.writeFieldName(CITY);
    string(g, a.city());
    g.writeFieldName(POSTCODE);
    string(g, a.postcode());
    g.writeFieldName(COUNTRY);
    string(g, a.country());
    g.writeEndObject();
  }

  private static void writeLines(List<OrderLine> lines, JsonGenerator g) throws IOException {
    if (lines == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (int i = 0, n = lines.size(); i < n; i++) {
      OrderLine l = lines.get(i);
      g.writeStartObject();
      g.writeFieldName(SKU);
      string(g, l.sku());
      g.writeFieldName(NAME);
      string(g, l.name());
      g.writeFieldName(QUANTITY);
      g.writeNumber(l.quantity());
      g.writeFieldName(UNIT_PRICE);
      decimal(g, l.unitPrice());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeTags(List<String> tags, JsonGenerator g) throws IOException {
    if (tags == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (int i = 0, n = tags.size(); i < n; i++) {
      string(g, tags.get(i));
    }
    g.writeEndArray();
  }

  private static void string(JsonGenerator g, String s) throws IOException {
    if (s == null) {
      g.writeNull();
    } else {
      g.writeString(s);
    }
  }

  private static void decimal(JsonGenerator g, BigDecimal d) throws IOException {
    if (d == null) {
      g.writeNull();
    } else {
      g.writeNumber(d);
    }
  }

  // ---- decode -------------------------------------------------------------------------------

  /** Reads an order from UTF-8 JSON. */
  public static Order decode(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected an object at " + p.currentLocation());
      }
      return readOrder(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Order readOrder(JsonParser p) throws IOException {
    String id = null;
    String customerId = null;
    OrderStatus status = null;
    Address shipTo = null;
    List<OrderLine> lines = null;
    List<String> tags = null;
    BigDecimal total = null;
    Instant placedAt = null;
    long revision = 0;
    // The fast path reads the fields in the order this codec writes them; anything else is
    // read by name.
    if (p.nextFieldName(ID)) {
      id = p.nextTextValue();
      if (p.nextFieldName(CUSTOMER_ID)) {
        customerId = p.nextTextValue();
        if (p.nextFieldName(STATUS)) {
          status = status(p.nextTextValue(), p);
          if (p.nextFieldName(SHIP_TO)) {
            p.nextToken();
            shipTo = readAddress(p);
            if (p.nextFieldName(LINES)) {
              p.nextToken();
              lines = readLines(p);
              if (p.nextFieldName(TAGS)) {
                p.nextToken();
                tags = readTags(p);
                if (p.nextFieldName(TOTAL)) {
                  p.nextToken();
                  total = decimal(p);
                  if (p.nextFieldName(PLACED_AT)) {
                    p.nextToken();
                    placedAt = instant(p);
                    if (p.nextFieldName(REVISION)) {
                      p.nextToken();
                      revision = p.getLongValue();
                      if (p.nextToken() == JsonToken.END_OBJECT) {
                        return new Order(
                            id, customerId, status, shipTo, lines, tags, total, placedAt, revision);
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    // Slow path: the current token is a field name or the end of the object.
    for (JsonToken t = p.currentToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "id" -> id = v == JsonToken.VALUE_NULL ? null : p.getText();
        case "customerId" -> customerId = v == JsonToken.VALUE_NULL ? null : p.getText();
        case "status" -> status = v == JsonToken.VALUE_NULL ? null : status(p.getText(), p);
        case "shipTo" -> shipTo = readAddress(p);
        case "lines" -> lines = readLines(p);
        case "tags" -> tags = readTags(p);
        case "total" -> total = decimal(p);
        case "placedAt" -> placedAt = instant(p);
        case "revision" -> revision = p.getLongValue();
        default -> p.skipChildren();
      }
    }
    return new Order(id, customerId, status, shipTo, lines, tags, total, placedAt, revision);
  }

  private static OrderStatus status(String name, JsonParser p) {
    try {
      return status(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " at " + p.currentLocation());
    }
  }

  /** The status with this name (null for null). */
  public static OrderStatus status(String name) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "PLACED" -> OrderStatus.PLACED;
      case "PAID" -> OrderStatus.PAID;
      case "SHIPPED" -> OrderStatus.SHIPPED;
      case "DELIVERED" -> OrderStatus.DELIVERED;
      case "CANCELLED" -> OrderStatus.CANCELLED;
      default -> throw new IllegalArgumentException("unknown status " + name);
    };
  }

  /** Reads an address; the parser is on its first token. */
  private static Address readAddress(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    String street = null;
    String city = null;
    String postcode = null;
    String country = null;
    if (p.nextFieldName(STREET)) {
      street = p.nextTextValue();
      if (p.nextFieldName(CITY)) {
        city = p.nextTextValue();
        if (p.nextFieldName(POSTCODE)) {
          postcode = p.nextTextValue();
          if (p.nextFieldName(COUNTRY)) {
            country = p.nextTextValue();
            if (p.nextToken() == JsonToken.END_OBJECT) {
              return new Address(street, city, postcode, country);
            }
          }
        }
      }
    }
    for (JsonToken t = p.currentToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      String text = v == JsonToken.VALUE_NULL ? null : p.getText();
      switch (name) {
        case "street" -> street = text;
        case "city" -> city = text;
        case "postcode" -> postcode = text;
        case "country" -> country = text;
        default -> p.skipChildren();
      }
    }
    return new Address(street, city, postcode, country);
  }

  private static List<OrderLine> readLines(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    List<OrderLine> lines = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      lines.add(readLine(p));
    }
    return Collections.unmodifiableList(lines);
  }

  private static OrderLine readLine(JsonParser p) throws IOException {
    String sku = null;
    String name = null;
    int quantity = 0;
    BigDecimal unitPrice = null;
    if (p.nextFieldName(SKU)) {
      sku = p.nextTextValue();
      if (p.nextFieldName(NAME)) {
        name = p.nextTextValue();
        if (p.nextFieldName(QUANTITY)) {
          quantity = p.nextIntValue(0);
          if (p.nextFieldName(UNIT_PRICE)) {
            p.nextToken();
            unitPrice = decimal(p);
            if (p.nextToken() == JsonToken.END_OBJECT) {
              return new OrderLine(sku, name, quantity, unitPrice);
            }
          }
        }
      }
    }
    for (JsonToken t = p.currentToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "sku" -> sku = v == JsonToken.VALUE_NULL ? null : p.getText();
        case "name" -> name = v == JsonToken.VALUE_NULL ? null : p.getText();
        case "quantity" -> quantity = p.getIntValue();
        case "unitPrice" -> unitPrice = decimal(p);
        default -> p.skipChildren();
      }
    }
    return new OrderLine(sku, name, quantity, unitPrice);
  }

  private static List<String> readTags(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    List<String> tags = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      tags.add(t == JsonToken.VALUE_NULL ? null : p.getText());
    }
    return Collections.unmodifiableList(tags);
  }

  private static BigDecimal decimal(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getDecimalValue();
  }

  private static Instant instant(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    Instant t = IsoInstants.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    return t != null ? t : Instant.parse(p.getText());
  }
}
