package io.osmos.codec.tree;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.osmos.codec.CodecLimits;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldPath;
import io.osmos.codec.FieldReader;
import io.osmos.codec.SharedValues;
import io.osmos.codec.json.IsoInstant;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FieldReader} over a tree of {@code Map<String, ?>}, {@code List<?>} and leaves, as
 * {@link TreeWriter} builds it or as client libraries return it. Leaves are accepted in the forms
 * those libraries use: integral fields take any {@code Number} whose value is a whole number in
 * range ({@code Integer}, {@code Long}, {@code BigInteger}, {@code BigDecimal}, a whole {@code
 * Double}); instants take {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime}, {@code
 * Date} or ISO-8601 text; UUIDs, dates and durations take their objects or their ISO text; bytes
 * take {@code byte[]} or base64 text; floats take any number or "NaN"/"Infinity"/"-Infinity".
 * Anything else is a {@link io.osmos.exceptions.DecodeException} naming the path, the expected type
 * and the value found.
 *
 * <p>The reader never hands out the tree's own containers or arrays: {@link #bytes()} and {@link
 * #any()} return copies, so a decoded model shares nothing mutable with the tree.
 */
public final class TreeReader implements FieldReader {
  private static final Object NONE = new Object();

  private final String rootPath;

  /** Strings shared within the schemaless values this reader copies, created on first use. */
  private SharedValues strings;

  private final List<Frame> frames = new ArrayList<>();
  // The value the next read consumes, or NONE between values.
  private Object pending;

  /** A reader of {@code root}. */
  public TreeReader(Object root) {
    this(root, "");
  }

  /**
   * A reader of {@code root} whose paths start with {@code rootPath} (e.g. the field a single value
   * belongs to), so errors name it.
   */
  public TreeReader(Object root, String rootPath) {
    this.pending = root;
    this.rootPath = rootPath == null ? "" : rootPath;
  }

  private abstract static class Frame {
    abstract void appendTo(StringBuilder b);
  }

  private static final class ObjectFrame extends Frame {
    final Iterator<? extends Map.Entry<?, ?>> entries;
    String name;
    int expected;

    ObjectFrame(Map<?, ?> map) {
      this.entries = map.entrySet().iterator();
    }

    @Override
    void appendTo(StringBuilder b) {
      if (name != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(name);
      }
    }
  }

  private static final class ArrayFrame extends Frame {
    final List<?> list;
    int next;

    ArrayFrame(List<?> list) {
      this.list = list;
    }

    @Override
    void appendTo(StringBuilder b) {
      if (next > 0) {
        b.append('[').append(next - 1).append(']');
      }
    }
  }

  // ---- structure ------------------------------------------------------------------------------

  @Override
  public void beginObject() {
    Object v = take("an object");
    if (!(v instanceof Map<?, ?> map)) {
      throw mismatch("an object", v);
    }
    frames.add(new ObjectFrame(map));
  }

  @Override
  public int nextField(FieldNames names) {
    return nextField(names, null);
  }

  @Override
  public int nextField(FieldNames names, Map<String, Object> extra) {
    ObjectFrame f = objectFrame("nextField");
    while (f.entries.hasNext()) {
      Map.Entry<?, ?> e = f.entries.next();
      String key = String.valueOf(e.getKey());
      int i = names.indexOf(key, f.expected);
      if (i >= 0) {
        f.name = key;
        f.expected = i + 1;
        pending = e.getValue();
        return i;
      }
      if (extra != null) {
        f.name = key;
        extra.put(key, copy(e.getValue(), 1));
      }
    }
    frames.remove(frames.size() - 1);
    return -1;
  }

  @Override
  public String nextKey() {
    ObjectFrame f = objectFrame("nextKey");
    if (f.entries.hasNext()) {
      Map.Entry<?, ?> e = f.entries.next();
      f.name = String.valueOf(e.getKey());
      pending = e.getValue();
      return f.name;
    }
    frames.remove(frames.size() - 1);
    return null;
  }

  @Override
  public boolean tryNull() {
    if (pending == null) {
      pending = NONE;
      return true;
    }
    return false;
  }

  @Override
  public void beginArray() {
    Object v = take("an array");
    if (!(v instanceof List<?> list)) {
      throw mismatch("an array", v);
    }
    frames.add(new ArrayFrame(list));
  }

  @Override
  public boolean hasNextElement() {
    if (frames.isEmpty() || !(frames.get(frames.size() - 1) instanceof ArrayFrame f)) {
      throw new IllegalStateException("hasNextElement() outside an array at " + path());
    }
    if (f.next < f.list.size()) {
      pending = f.list.get(f.next++);
      return true;
    }
    frames.remove(frames.size() - 1);
    return false;
  }

  // ---- leaves ---------------------------------------------------------------------------------

  @Override
  public String string() {
    Object v = take("string");
    if (v instanceof String s) {
      return s;
    }
    throw mismatch("string", v);
  }

  @Override
  public long int64() {
    Object v = take("integer");
    Long n = asLong(v);
    if (n == null) {
      throw mismatch("integer", v);
    }
    return n;
  }

  @Override
  public double float64() {
    Object v = take("number");
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      // BigQuery and JSON writers store the non-finite values as text.
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw mismatch("number", v);
  }

  /**
   * A float. Floats are stored in trees as the double nearest their decimal form ({@link
   * TreeWriter} writes {@code Float.toString}), because map-taking clients store doubles; casting
   * that double to float would round twice and can give the float next to the one written, so the
   * float whose decimal form gives this double is chosen instead.
   */
  @Override
  public float float32() {
    Object v = pending;
    if (v instanceof Float f) {
      take("number");
      return f;
    }
    double d = float64();
    float f = (float) d;
    if (Float.isInfinite(f) && !Double.isInfinite(d)) {
      throw mismatch("float (a number within float range)", v);
    }
    if (!Float.isFinite(f) || (double) f == d) {
      return f;
    }
    for (float c : new float[] {f, Math.nextDown(f), Math.nextUp(f)}) {
      if (Double.parseDouble(Float.toString(c)) == d) {
        return c;
      }
    }
    return f;
  }

  @Override
  public boolean bool() {
    Object v = take("boolean");
    if (v instanceof Boolean b) {
      return b;
    }
    throw mismatch("boolean", v);
  }

  @Override
  public byte[] bytes() {
    Object v = take("bytes");
    if (v instanceof byte[] b) {
      return b.clone();
    }
    if (v instanceof String s) {
      try {
        return s.indexOf('-') >= 0 || s.indexOf('_') >= 0
            ? Base64.getUrlDecoder().decode(s)
            : Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        throw mismatch("bytes (byte[] or base64 text)", v);
      }
    }
    throw mismatch("bytes (byte[] or base64 text)", v);
  }

  @Override
  public BigDecimal decimal() {
    Object v = take("decimal");
    BigDecimal d = asDecimal(v);
    if (d == null && v instanceof String s) {
      try {
        d = new BigDecimal(s);
      } catch (NumberFormatException e) {
        d = null;
      }
    }
    if (d == null) {
      throw mismatch("decimal", v);
    }
    return d;
  }

  @Override
  public BigInteger bigInteger() {
    Object v = take("integer");
    if (v instanceof BigInteger b) {
      return b;
    }
    BigDecimal d = asDecimal(v);
    if (d == null && v instanceof String s) {
      try {
        d = new BigDecimal(s);
      } catch (NumberFormatException e) {
        d = null;
      }
    }
    // Exponents beyond 10^100000 are refused, as FieldReader.bigInteger explains.
    if (d != null && (d.signum() == 0 || Math.abs((long) d.scale()) <= 100_000)) {
      try {
        return d.toBigIntegerExact();
      } catch (ArithmeticException e) {
        // fall through: not a whole number
      }
    }
    throw mismatch("integer", v);
  }

  @Override
  public Instant instant() {
    Object v = take("instant");
    if (v instanceof Instant t) {
      return t;
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
    if (v instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e2) {
          // fall through
        }
      }
    }
    throw mismatch("instant (Instant or ISO-8601 text)", v);
  }

  @Override
  public UUID uuid() {
    Object v = take("UUID");
    if (v instanceof UUID u) {
      return u;
    }
    if (v instanceof String s) {
      try {
        UUID u = UUID.fromString(s);
        // UUID.fromString accepts short groups ("1-1-1-1-1"); only the canonical form round-trips.
        if (u.toString().equalsIgnoreCase(s)) {
          return u;
        }
      } catch (IllegalArgumentException e) {
        // fall through
      }
    }
    throw mismatch("UUID", v);
  }

  @Override
  public LocalDate localDate() {
    Object v = take("LocalDate");
    return v instanceof LocalDate d ? d : parsed(v, "LocalDate (yyyy-MM-dd)", LocalDate::parse);
  }

  @Override
  public LocalDateTime localDateTime() {
    Object v = take("LocalDateTime");
    return v instanceof LocalDateTime d
        ? d
        : parsed(v, "LocalDateTime (ISO-8601)", LocalDateTime::parse);
  }

  @Override
  public Duration duration() {
    Object v = take("Duration");
    return v instanceof Duration d
        ? d
        : parsed(v, "Duration (ISO-8601, e.g. PT1H)", Duration::parse);
  }

  @Override
  public char char16() {
    Object v = take("char");
    if (v instanceof Character c) {
      return c;
    }
    if (v instanceof String s && s.length() == 1) {
      return s.charAt(0);
    }
    throw mismatch("char (a one-character string)", v);
  }

  @Override
  public void skip() {
    take("a value");
  }

  @Override
  public Object any() {
    return copy(take("a value"), 1);
  }

  @Override
  public String path() {
    StringBuilder b = new StringBuilder(rootPath);
    for (Frame f : frames) {
      f.appendTo(b);
    }
    return b.length() == 0 ? FieldPath.ROOT : b.toString();
  }

  // ---- internals ------------------------------------------------------------------------------

  private Object take(String what) {
    Object v = pending;
    if (v == NONE) {
      throw new IllegalStateException(
          "no value to read as "
              + what
              + " at "
              + path()
              + " (call nextField, nextKey or hasNextElement first)");
    }
    pending = NONE;
    return v;
  }

  private ObjectFrame objectFrame(String op) {
    if (frames.isEmpty() || !(frames.get(frames.size() - 1) instanceof ObjectFrame f)) {
      throw new IllegalStateException(op + "() outside an object at " + path());
    }
    if (pending != NONE) {
      // The previous field's value was not read: skip it.
      pending = NONE;
    }
    return f;
  }

  /** The value as a long when it is a whole number in range, else null. */
  static Long asLong(Object v) {
    if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof AtomicLong
        || v instanceof AtomicInteger) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // Some clients (JavaScript-born data, RethinkDB) return every number as a double.
      if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
        return (long) d;
      }
      return null;
    }
    BigDecimal d = asDecimal(v);
    if (d != null) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  /** The value as a BigDecimal when it is a finite number, else null. */
  static BigDecimal asDecimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof AtomicLong
        || v instanceof AtomicInteger) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
    }
    if (v instanceof Number n) {
      try {
        return new BigDecimal(n.toString());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * A deep copy of a schemaless value, so callers cannot change the tree through it, with the types
   * JSON has, as every format reads them back: bytes, instants and non-finite numbers as the text
   * JSON writes for them (base64, ISO-8601, {@code "NaN"}); integers as {@code Long} (or {@code
   * BigInteger} beyond it, and a {@code BigDecimal} of scale 0, which JSON writes as digits only);
   * other numbers as {@code BigDecimal} (a {@code Double} as its shortest decimal, as JSON writes
   * it).
   */
  private Object copy(Object v, int depth) {
    if (v instanceof Map<?, ?> map) {
      checkDepth(depth);
      Map<String, Object> out = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(shared(String.valueOf(e.getKey())), copy(e.getValue(), depth + 1));
      }
      return out;
    }
    if (v instanceof List<?> list) {
      checkDepth(depth);
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(copy(o, depth + 1));
      }
      return out;
    }
    // JSON's types, as every JSON reader gives them back: what JSON writes as text is text.
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof Instant t) {
      return IsoInstant.toText(t);
    }
    if (v instanceof OffsetDateTime t) {
      return IsoInstant.toText(t.toInstant());
    }
    if (v instanceof ZonedDateTime t) {
      return IsoInstant.toText(t.toInstant());
    }
    if (v instanceof Date t) {
      return IsoInstant.toText(t.toInstant());
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "NaN";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "Infinity" : "-Infinity";
      }
      return shared(new BigDecimal(NumberOutput.toString(d, true)));
    }
    if (v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof AtomicLong
        || v instanceof AtomicInteger) {
      return shared(((Number) v).longValue());
    }
    if (v instanceof BigDecimal d && d.scale() == 0) {
      v = d.unscaledValue(); // written as digits only: an integer, as JSON reads it
    }
    if (v instanceof BigInteger b && b.bitLength() < 64) {
      return shared(b.longValue());
    }
    return shared(v);
  }

  /** One instance per distinct short string of the schemaless values read (names repeat). */
  private String shared(String s) {
    return values().share(s);
  }

  private Object shared(Object v) {
    return values().share(v);
  }

  private SharedValues values() {
    if (strings == null) {
      strings = new SharedValues();
    }
    return strings;
  }

  /** Trees from client libraries are held to the nesting every reader accepts. */
  private void checkDepth(int depth) {
    if (depth + frames.size() > CodecLimits.MAX_DEPTH) {
      throw mismatch(
          "at most " + CodecLimits.MAX_DEPTH + " nested objects and arrays",
          "a value nested deeper");
    }
  }

  /** A temporal value stored as ISO-8601 text, or a mismatch naming what was expected. */
  private <X> X parsed(Object v, String expected, java.util.function.Function<String, X> parse) {
    if (v instanceof String s) {
      try {
        return parse.apply(s);
      } catch (DateTimeParseException e) {
        // not ISO-8601: reported below
      }
    }
    throw mismatch(expected, v);
  }
}
