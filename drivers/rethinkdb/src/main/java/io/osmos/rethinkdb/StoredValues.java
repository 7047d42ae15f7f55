package io.osmos.rethinkdb;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.exceptions.DecodeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How tree-format values ({@link io.osmos.codec.tree.TreeWriter}) are stored in RethinkDB, whose
 * numbers are IEEE doubles and whose values have no NaN, infinities or negative zero. Every value
 * is stored exactly:
 *
 * <ul>
 *   <li>integers between -(2^53 - 1) and 2^53 - 1 as numbers; larger ones as their decimal text
 *       ({@code "9223372036854775807"}), which a double cannot hold;
 *   <li>finite doubles as numbers; NaN, the infinities and -0.0 as {@code "NaN"}, {@code
 *       "Infinity"}, {@code "-Infinity"} and {@code "-0.0"};
 *   <li>{@code BigDecimal} and {@code BigInteger} as their decimal text;
 *   <li>{@code byte[]} as RethinkDB binary values ({@code {"$reql_type$": "BINARY", ...}});
 *   <li>{@code Instant} as ISO-8601 text in UTC with nine fraction digits ({@code
 *       2024-05-01T10:15:30.120000000Z}), so that text order is time order (years 0000 to 9999) and
 *       no nanosecond is lost (RethinkDB times keep milliseconds);
 *   <li>strings, booleans, null, lists and maps as themselves, except map keys RethinkDB reserves:
 *       a key that starts with {@code $reql_} ({@code $reql_type$} makes an object a time, binary,
 *       geometry or grouped data) or with {@value #ESCAPE} is stored with {@value #ESCAPE} in
 *       front, at every depth and at the top level of a document. So no model data is read by the
 *       server as a pseudo-type, and every key reads back as it was written.
 * </ul>
 *
 * Values whose type the model does not declare ({@code @Extra} entries, at any depth, and what they
 * nest) have no field type to be read back by, so what the server cannot keep as itself is stored
 * as an object with one reserved key, which no model data can have (keys starting with {@value
 * #ESCAPE} are escaped):
 *
 * <ul>
 *   <li>{@code BigDecimal}, {@code BigInteger} and integers beyond 2^53: {@code {"$osmos$decimal":
 *       "1.50"}}, read back as the decimal with its scale (a whole one as {@code Long} or {@code
 *       BigInteger}, as every reader gives integers);
 *   <li>doubles that are whole numbers, -0.0, NaN and the infinities: {@code {"$osmos$double":
 *       "2.0"}}, because RethinkDB answers a whole number as an integer ({@code 2}), which would
 *       read back as a {@code Long}; other doubles are numbers;
 *   <li>{@code Instant}: {@code {"$osmos$instant": "2024-05-01T10:15:30.120000000Z"}}, with its
 *       nanoseconds (RethinkDB times keep milliseconds).
 * </ul>
 *
 * Declared fields are stored as above, without tags. Reading back is guided by the field's type:
 * decimal text in an integer field becomes a number again and {@code "-0.0"} in a floating-point
 * field becomes -0.0; escaped keys lose their {@value #ESCAPE}; tags become their values;
 * everything else is handed to the tree reader as it is, which reads schemaless numbers the way
 * every format does.
 *
 * <p>An instance knows the field types of one model, nested types included: a recursive type's
 * reference to itself ({@code List<Section>} in {@code Section}) carries no fields, and is read and
 * written with the fields of the type it names.
 */
final class StoredValues {
  /** The largest integer stored as a number: every integer up to it is exact in a double. */
  static final long MAX_EXACT = (1L << 53) - 1;

  static final String NEGATIVE_ZERO = "-0.0";

  /** What escapes a stored map key; model field names cannot start with it (nor with '$'). */
  static final String ESCAPE = "$osmos$";

  /** The start of the keys RethinkDB reserves for its pseudo-types. */
  private static final String RESERVED = "$reql_";

  /** The key of a schemaless decimal or integer: {@code {"$osmos$decimal": "1.50"}}. */
  static final String DECIMAL_TAG = ESCAPE + "decimal";

  /** The key of a schemaless double RethinkDB cannot answer as itself. */
  static final String DOUBLE_TAG = ESCAPE + "double";

  /** The key of a schemaless instant. */
  static final String INSTANT_TAG = ESCAPE + "instant";

  private static final DateTimeFormatter INSTANT_TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final long FIRST_FIXED_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long LAST_FIXED_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private final Map<String, FieldType> top;

  /** The field types of each nested type with fields, by identity, and of each by name. */
  private final Map<FieldType.Struct, Map<String, FieldType>> structs = new IdentityHashMap<>();

  private final Map<String, Map<String, FieldType>> structsByName = new HashMap<>();

  /** The stored forms of a model whose top-level fields are {@code fields}. */
  StoredValues(List<FieldDescriptor> fields) {
    this.top = types(fields);
    for (FieldDescriptor f : fields) {
      collect(f.type());
    }
  }

  private void collect(FieldType type) {
    switch (type.kind()) {
      case LIST, SET -> collect(((FieldType.Array) type).element());
      case MAP -> collect(((FieldType.MapOf) type).value());
      case STRUCT -> {
        FieldType.Struct s = (FieldType.Struct) type;
        if (!s.fields().isEmpty() && !structs.containsKey(s)) {
          Map<String, FieldType> fields = types(s.fields());
          structs.put(s, fields);
          structsByName.putIfAbsent(s.name(), fields);
          for (FieldDescriptor f : s.fields()) {
            collect(f.type());
          }
        }
      }
      default -> {
        // a scalar: nothing nested
      }
    }
  }

  /** The field types of a nested type, by stored name (a reference to itself: by its name). */
  private Map<String, FieldType> fieldsOf(FieldType.Struct s) {
    Map<String, FieldType> fields = structs.get(s);
    if (fields == null) {
      fields = structsByName.get(s.name());
    }
    return fields == null ? Map.of() : fields;
  }

  /** The type of the top-level field stored as {@code name}, or null (an {@code @Extra} entry). */
  FieldType fieldType(String name) {
    return top.get(name);
  }

  /** A map key as stored: {@link #ESCAPE} in front of a reserved or escaped-looking one. */
  static String storedKey(String key) {
    if (key.isEmpty() || key.charAt(0) != '$') {
      return key;
    }
    return key.startsWith(RESERVED) || key.startsWith(ESCAPE) ? ESCAPE + key : key;
  }

  /** The key a stored map key stands for ({@link #storedKey} undone). */
  static String modelKey(String stored) {
    return stored.startsWith(ESCAPE) ? stored.substring(ESCAPE.length()) : stored;
  }

  /** Whether {@code n} is stored as a number. */
  static boolean exact(long n) {
    return n >= -MAX_EXACT && n <= MAX_EXACT;
  }

  /**
   * The stored form of a tree value of type {@code type}; null: a value whose type the model does
   * not declare (see {@link #schemaless}). A new structure; the tree is not changed.
   */
  Object toStored(Object v, FieldType type) {
    if (type == null) {
      return schemaless(v);
    }
    switch (type.kind()) {
      case LIST, SET -> {
        if (v instanceof List<?> list) {
          FieldType element = ((FieldType.Array) type).element();
          List<Object> out = new ArrayList<>(list.size());
          for (Object o : list) {
            out.add(toStored(o, element));
          }
          return out;
        }
      }
      case MAP -> {
        if (v instanceof Map<?, ?> map) {
          FieldType value = ((FieldType.MapOf) type).value();
          Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
          for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(storedKey(String.valueOf(e.getKey())), toStored(e.getValue(), value));
          }
          return out;
        }
      }
      case STRUCT -> {
        if (v instanceof Map<?, ?> map) {
          return toStored(map, fieldsOf((FieldType.Struct) type));
        }
      }
      default -> {
        return toStored(v);
      }
    }
    return toStored(v);
  }

  /** An object's fields stored with the types of its declared fields; the others schemaless. */
  Map<String, Object> toStored(Map<?, ?> object, Map<String, FieldType> types) {
    Map<String, Object> out = new LinkedHashMap<>(object.size() * 2);
    for (Map.Entry<?, ?> e : object.entrySet()) {
      String name = String.valueOf(e.getKey());
      out.put(storedKey(name), toStored(e.getValue(), types.get(name)));
    }
    return out;
  }

  /**
   * The stored form of a value whose type the model does not declare, such that it reads back as
   * the tree reader gives schemaless values: a number the server would answer as another one, a
   * decimal and an instant become tagged objects (see the class comment); the rest as {@link
   * #toStored(Object)} stores it.
   */
  static Object schemaless(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long n = ((Number) v).longValue();
      return exact(n) ? (Object) n : tag(DECIMAL_TAG, Long.toString(n));
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // Only a fraction survives: the server answers 2.0 as 2, and has no -0.0, NaN or infinity.
      return Double.isFinite(d) && d != Math.rint(d)
          ? (Object) d
          : tag(DOUBLE_TAG, Double.toString(d));
    }
    if (v instanceof BigDecimal || v instanceof BigInteger) {
      return tag(DECIMAL_TAG, v.toString());
    }
    if (v instanceof Instant t) {
      return tag(INSTANT_TAG, instantText(t));
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(schemaless(o));
      }
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(storedKey(String.valueOf(e.getKey())), schemaless(e.getValue()));
      }
      return out;
    }
    return toStored(v);
  }

  private static Map<String, Object> tag(String tag, String text) {
    Map<String, Object> tagged = new LinkedHashMap<>(2);
    tagged.put(tag, text);
    return tagged;
  }

  /**
   * The stored form of a scalar tree value, or of a structure whose type is not known but which is
   * not schemaless either (a key component, an increment's sum, data planted as another program
   * would write it). A new structure; the tree is not changed.
   */
  static Object toStored(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long n = ((Number) v).longValue();
      return exact(n) ? (Object) n : Long.toString(n);
    }
    if (v instanceof Double || v instanceof Float) {
      return storedDouble(((Number) v).doubleValue());
    }
    if (v instanceof BigDecimal || v instanceof BigInteger) {
      return v.toString();
    }
    if (v instanceof byte[] b) {
      Map<String, Object> binary = new LinkedHashMap<>(4);
      binary.put("$reql_type$", "BINARY");
      binary.put("data", Base64.getEncoder().encodeToString(b));
      return binary;
    }
    if (v instanceof Instant t) {
      return instantText(t);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(toStored(o));
      }
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(storedKey(String.valueOf(e.getKey())), toStored(e.getValue()));
      }
      return out;
    }
    throw new IllegalArgumentException(
        "cannot store a "
            + v.getClass().getName()
            + " in RethinkDB; tree values are String, Long, Double, Boolean, BigDecimal, byte[],"
            + " Instant, null, List and Map");
  }

  /** A double as stored: a number when RethinkDB can hold it, else its text. */
  static Object storedDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      return NEGATIVE_ZERO;
    }
    return d;
  }

  /** An instant as fixed-width text (nine fraction digits) in the years 0000 to 9999. */
  static String instantText(Instant t) {
    long s = t.getEpochSecond();
    return s >= FIRST_FIXED_SECOND && s <= LAST_FIXED_SECOND
        ? INSTANT_TEXT.format(t)
        : t.toString();
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** The stored names of {@code fields} with their types. */
  private static Map<String, FieldType> types(List<FieldDescriptor> fields) {
    Map<String, FieldType> types = new HashMap<>(fields.size() * 2);
    for (FieldDescriptor f : fields) {
      types.put(f.storedName(), f.type());
    }
    return types;
  }

  /**
   * The tree value of a stored value of a field of type {@code type} (null: not a declared field,
   * read as it is, tags decoded). RethinkDB times from other writers become {@code Instant}s.
   *
   * @throws DecodeException for a tag whose text is not what the tag holds
   */
  Object fromStored(Object v, FieldType type) {
    if (v == null) {
      return null;
    }
    if (type == null) {
      return untyped(v);
    }
    switch (type.kind()) {
      case INT32:
      case INT64:
        if (v instanceof String s) {
          Long n = storedLong(s);
          return n == null ? s : n;
        }
        return v;
      case FLOAT32:
      case FLOAT64:
        return NEGATIVE_ZERO.equals(v) ? (Object) (-0.0d) : v;
      case LIST:
      case SET:
        if (v instanceof List<?> list) {
          FieldType element = ((FieldType.Array) type).element();
          List<Object> out = new ArrayList<>(list.size());
          for (Object o : list) {
            out.add(fromStored(o, element));
          }
          return out;
        }
        return untyped(v);
      case MAP:
        if (v instanceof Map<?, ?> map) {
          FieldType value = ((FieldType.MapOf) type).value();
          Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
          for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(modelKey(String.valueOf(e.getKey())), fromStored(e.getValue(), value));
          }
          return out;
        }
        return untyped(v);
      case STRUCT:
        if (v instanceof Map<?, ?> map) {
          return fromStored(map, fieldsOf((FieldType.Struct) type));
        }
        return untyped(v);
      default:
        return untyped(v);
    }
  }

  /** A document's fields read with the types of the model's fields; others schemaless. */
  Map<String, Object> fromStored(Map<?, ?> document) {
    return fromStored(document, top);
  }

  /** An object's fields read with the types of its declared fields; others schemaless. */
  private Map<String, Object> fromStored(Map<?, ?> object, Map<String, FieldType> types) {
    Map<String, Object> out = new LinkedHashMap<>(object.size() * 2);
    for (Map.Entry<?, ?> e : object.entrySet()) {
      String name = modelKey(String.valueOf(e.getKey()));
      out.put(name, fromStored(e.getValue(), types.get(name)));
    }
    return out;
  }

  /**
   * The integer a stored text holds when it is one this class writes (decimal, beyond the exact
   * range), else null: other text in an integer field is left for the reader to reject.
   */
  static Long storedLong(String s) {
    if (s.length() < 16 || s.length() > 20) {
      return null;
    }
    try {
      long n = Long.parseLong(s);
      return exact(n) ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A value read without a field type: keys unescaped, tags decoded, times as instants. */
  static Object untyped(Object v) {
    if (v instanceof Map<?, ?> map) {
      if (map.size() == 1) {
        Map.Entry<?, ?> only = map.entrySet().iterator().next();
        if (only.getValue() instanceof String text
            && only.getKey() instanceof String key
            && key.startsWith(ESCAPE)) {
          Object tagged = tagged(key, text);
          if (tagged != null) {
            return tagged;
          }
        }
      }
      Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(modelKey(String.valueOf(e.getKey())), untyped(e.getValue()));
      }
      return out;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(untyped(o));
      }
      return out;
    }
    if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (v instanceof ZonedDateTime t) {
      return t.toInstant();
    }
    if (v instanceof Date d) {
      return d.toInstant();
    }
    return v;
  }

  /** The value of a tag (see {@link #schemaless}), or null when {@code key} is no tag. */
  private static Object tagged(String key, String text) {
    try {
      switch (key) {
        case DECIMAL_TAG:
          return new BigDecimal(text);
        case DOUBLE_TAG:
          return Double.parseDouble(text);
        case INSTANT_TAG:
          return Instant.parse(text);
        default:
          return null;
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new DecodeException(
          key,
          "the text of " + (key.equals(INSTANT_TAG) ? "an instant (ISO-8601)" : "a number"),
          text);
    }
  }
}
