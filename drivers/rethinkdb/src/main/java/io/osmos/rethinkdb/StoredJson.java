package io.osmos.rethinkdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osmos.codec.CodecLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents as the JSON text that travels between the driver and the server: written for {@code
 * r.json(text)}, read from {@code doc.toJsonString()}.
 *
 * <p>Documents go both ways as text because the Java driver handles values recursively and by its
 * own limits: it converts a value to ReQL terms with a depth limit of 100 levels, parses an answer
 * at most 1000 levels deep (a deeper one breaks the connection), and converts the pseudo-types of
 * an answer with about ten stack frames per level, which overflows a thread's stack well before
 * 1000 levels. As one string, a document of any depth Osmos's formats accept ({@link
 * CodecLimits#MAX_DEPTH}, plus one level for a tagged value or a binary at the deepest leaf) is a
 * single value to the Java driver; the server parses and prints it, and this class reads it without
 * recursion.
 *
 * <p>Read values are what the Java driver would give: objects as {@code LinkedHashMap}s, arrays as
 * {@code ArrayList}s, integers as {@code Long} ({@code BigInteger} beyond), other numbers as {@code
 * Double}, binaries ({@code {"$reql_type$": "BINARY"}}) as {@code byte[]}, and times ({@code
 * {"$reql_type$": "TIME"}}) as {@code Instant}s (exact to the digits the server printed). Other
 * pseudo-types (geometry) stay objects. Model data never has a {@code $reql_type$} key: it is
 * escaped (see {@link StoredValues}).
 */
final class StoredJson {
  /** How deep a stored document nests: a model's levels and one for a tag at its deepest leaf. */
  static final int MAX_DOCUMENT_DEPTH = CodecLimits.MAX_DEPTH + 1;

  private static final String PSEUDO_TYPE = "$reql_type$";
  // Batches of documents wrap them in up to two levels ([{"doc": ...}]).
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DOCUMENT_DEPTH)
                  .maxStringLength(Integer.MAX_VALUE)
                  .build())
          .streamWriteConstraints(
              StreamWriteConstraints.builder().maxNestingDepth(MAX_DOCUMENT_DEPTH + 2).build())
          .build();
  private static final ObjectMapper WRITER = new ObjectMapper(FACTORY);

  private StoredJson() {}

  /** A stored value (a document, a list of them, a map, a list) as JSON text. */
  static String write(Object stored) {
    try {
      return WRITER.writeValueAsString(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a stored value as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The value a JSON text holds (null for {@code "null"}).
   *
   * @throws IllegalArgumentException when it is not JSON, or nests deeper than {@link
   *     #MAX_DOCUMENT_DEPTH}
   */
  static Object read(String json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      Object value = read(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("more than one JSON value in a document");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON document: " + e.getMessage(), e);
    }
  }

  /** Reads one value with an explicit stack of open objects and arrays. */
  private static Object read(JsonParser p) throws IOException {
    Deque<Object> open = new ArrayDeque<>();
    Deque<String> names = new ArrayDeque<>();
    String name = null;
    JsonToken t = p.nextToken();
    while (t != null) {
      Object value;
      switch (t) {
        case START_OBJECT -> {
          open.push(new LinkedHashMap<String, Object>());
          names.push(name == null ? "" : name);
          name = null;
          t = p.nextToken();
          continue;
        }
        case START_ARRAY -> {
          open.push(new ArrayList<>());
          names.push(name == null ? "" : name);
          name = null;
          t = p.nextToken();
          continue;
        }
        case FIELD_NAME -> {
          name = p.currentName();
          t = p.nextToken();
          continue;
        }
        case END_OBJECT -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) open.pop();
          value = pseudoType(map);
          name = names.pop();
        }
        case END_ARRAY -> {
          value = open.pop();
          name = names.pop();
        }
        case VALUE_STRING -> value = p.getText();
        case VALUE_NUMBER_INT ->
            value =
                switch (p.getNumberType()) {
                  case INT, LONG -> p.getLongValue();
                  default -> p.getBigIntegerValue();
                };
        case VALUE_NUMBER_FLOAT -> value = p.getDoubleValue();
        case VALUE_TRUE -> value = Boolean.TRUE;
        case VALUE_FALSE -> value = Boolean.FALSE;
        case VALUE_NULL -> value = null;
        default -> throw new IllegalArgumentException("unexpected JSON token " + t);
      }
      if (open.isEmpty()) {
        return value;
      }
      add(open.peek(), name, value);
      name = null;
      t = p.nextToken();
    }
    throw new IllegalArgumentException("an empty JSON document");
  }

  @SuppressWarnings("unchecked")
  private static void add(Object container, String name, Object value) {
    if (container instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(name, value);
    } else {
      ((List<Object>) container).add(value);
    }
  }

  /** A RethinkDB binary or time as its Java value; any other object as it is. */
  private static Object pseudoType(Map<String, Object> map) {
    Object type = map.get(PSEUDO_TYPE);
    if ("BINARY".equals(type) && map.get("data") instanceof String data) {
      // The server may break base64 into lines.
      return Base64.getMimeDecoder().decode(data);
    }
    if ("TIME".equals(type) && map.get("epoch_time") instanceof Number epoch) {
      BigDecimal seconds =
          epoch instanceof Double d
              ? new BigDecimal(Double.toString(d))
              : new BigDecimal(epoch.toString());
      BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
      return Instant.ofEpochSecond(
          whole.longValueExact(),
          seconds
              .subtract(whole)
              .movePointRight(9)
              .setScale(0, RoundingMode.HALF_EVEN)
              .intValueExact());
    }
    return map;
  }
}
