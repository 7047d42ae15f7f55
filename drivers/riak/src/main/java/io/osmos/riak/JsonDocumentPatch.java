package io.osmos.riak;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.osmos.codec.FieldDescriptor.Role;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.query.NumberProperty;
import io.osmos.query.Patch;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link Patch} to a stored JSON document, member by member: patched members get their
 * new value, the version member the new version, and every other member (fields of the model and
 * fields it does not know) is copied exactly as stored. Riak has no server-side field update, so
 * this is the "modify" of the driver's read-modify-write.
 */
final class JsonDocumentPatch {
  private JsonDocumentPatch() {}

  /**
   * The patched document.
   *
   * @param newVersion the version to store, or -1 to leave the version member alone
   * @throws IllegalArgumentException for a patch of the key or version, or an increment that
   *     overflows its field
   * @throws DecodeException when the stored document is not a JSON object or a field to increment
   *     does not hold a number
   */
  static <T> byte[] apply(
      ModelSchema<T, ?> schema, byte[] stored, List<Patch.Op<T>> ops, long newVersion) {
    Map<String, Patch.Op<T>> byName = new LinkedHashMap<>();
    for (Patch.Op<T> op : ops) {
      Role role = op.property().descriptor().role();
      if (role == Role.KEY || role == Role.VERSION) {
        throw new IllegalArgumentException(
            "a patch cannot change the "
                + role.name().toLowerCase(Locale.ROOT)
                + " field '"
                + op.property().name()
                + "'");
      }
      byName.put(op.property().storedName(), op);
    }
    String versionName = newVersion >= 0 ? schema.versionField() : null;
    ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length + 64);
    try (JsonParser p = JsonFormat.createParser(stored);
        JsonGenerator g = JsonFormat.createGenerator(out)) {
      FieldWriter w = JsonFormat.writer(g);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException("the stored document is not a JSON object", null);
      }
      g.writeStartObject();
      Set<String> seen = new HashSet<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (!seen.add(name)) {
          p.skipChildren(); // a repeated member: the first one counts, as for the patch
          continue;
        }
        Patch.Op<T> op = byName.get(name);
        if (op != null) {
          Object current = null;
          if (op instanceof Patch.Increment<T> inc) {
            current = readCurrent(inc.property(), p);
          } else {
            p.skipChildren();
          }
          write(w, name, op, current);
        } else if (name.equals(versionName)) {
          p.skipChildren();
          g.writeFieldName(name);
          g.writeNumber(newVersion);
        } else {
          g.writeFieldName(name);
          g.copyCurrentStructureExact(p);
        }
      }
      for (Map.Entry<String, Patch.Op<T>> e : byName.entrySet()) {
        if (!seen.contains(e.getKey())) {
          write(w, e.getKey(), e.getValue(), null);
        }
      }
      if (versionName != null && !seen.contains(versionName)) {
        g.writeFieldName(versionName);
        g.writeNumber(newVersion);
      }
      g.writeEndObject();
    } catch (IOException e) {
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        throw new DecodeException("the stored document is not valid JSON: " + e.getMessage(), e);
      }
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Number readCurrent(NumberProperty<?, ?> p, JsonParser parser) {
    FieldReader r = JsonFormat.reader(parser, p.storedName());
    return r.tryNull() ? null : p.codec().read(r);
  }

  @SuppressWarnings("unchecked")
  private static <T> void write(FieldWriter w, String name, Patch.Op<T> op, Object current) {
    w.name(name);
    if (op instanceof Patch.Set<T, ?> set) {
      writeValue(set.property(), set.value(), w);
      return;
    }
    Patch.Increment<T> inc = (Patch.Increment<T>) op;
    NumberProperty<T, ?> p = inc.property();
    Number c = (Number) current;
    Number delta = inc.delta();
    FieldType.Kind kind = p.descriptor().type().kind();
    switch (kind) {
      case FLOAT32 -> w.float32((float) ((c == null ? 0 : c.doubleValue()) + delta.doubleValue()));
      case FLOAT64 -> w.float64((c == null ? 0 : c.doubleValue()) + delta.doubleValue());
      case DECIMAL, BIG_INTEGER -> {
        BigDecimal sum =
            (c == null ? BigDecimal.ZERO : new BigDecimal(c.toString()))
                .add(new BigDecimal(delta.toString()));
        if (kind == FieldType.Kind.BIG_INTEGER) {
          if (sum.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(
                "cannot increment the integer field '" + p.name() + "' by " + delta);
          }
          w.bigInteger(sum.toBigIntegerExact());
        } else {
          w.decimal(sum);
        }
      }
      default -> {
        if ((delta instanceof Double || delta instanceof Float)
            && delta.doubleValue() != Math.rint(delta.doubleValue())) {
          throw new IllegalArgumentException(
              "cannot increment the integer field '" + p.name() + "' by " + delta);
        }
        long base = c == null ? 0 : c.longValue();
        long sum;
        try {
          sum = Math.addExact(base, delta.longValue());
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException(
              "incrementing '" + p.name() + "' (" + base + ") by " + delta + " overflows a long");
        }
        // The field's own codec says whether the sum fits its type (int, short, byte, ...).
        try {
          JsonFormat.decodeValue((ValueCodec<Object>) p.codec(), Long.toString(sum));
        } catch (DecodeException e) {
          throw new IllegalArgumentException(
              "incrementing '"
                  + p.name()
                  + "' ("
                  + base
                  + ") by "
                  + delta
                  + " leaves the range of its type");
        }
        w.int64(sum);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T, V> void writeValue(Property<T, V> p, Object value, FieldWriter w) {
    if (value == null) {
      w.nul();
    } else {
      p.codec().write((V) value, w);
    }
  }
}
