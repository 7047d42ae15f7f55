package io.osmos.codec;

import io.osmos.annotations.Converter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The codecs for every supported field type, and combinators for containers and converters. */
public final class Codecs {
  private Codecs() {}

  public static final ValueCodec<String> STRING =
      new ValueCodec<>() {
        @Override
        public void write(String value, FieldWriter out) {
          out.string(value);
        }

        @Override
        public String read(FieldReader in) {
          return in.string();
        }

        @Override
        public String readOrNull(FieldReader in) {
          return in.stringOrNull();
        }

        @Override
        public FieldType type() {
          return FieldType.STRING;
        }
      };
  public static final ValueCodec<Boolean> BOOLEAN =
      scalar(FieldType.BOOLEAN, (v, out) -> out.bool(v), FieldReader::bool);
  public static final ValueCodec<Byte> BYTE =
      scalar(FieldType.INT32, (v, out) -> out.int32(v), FieldReader::int8);
  public static final ValueCodec<Short> SHORT =
      scalar(FieldType.INT32, (v, out) -> out.int32(v), FieldReader::int16);
  public static final ValueCodec<Integer> INT =
      scalar(FieldType.INT32, (v, out) -> out.int32(v), FieldReader::int32);
  public static final ValueCodec<Long> LONG =
      scalar(FieldType.INT64, (v, out) -> out.int64(v), FieldReader::int64);
  public static final ValueCodec<Float> FLOAT =
      scalar(FieldType.FLOAT32, (v, out) -> out.float32(v), FieldReader::float32);
  public static final ValueCodec<Double> DOUBLE =
      scalar(FieldType.FLOAT64, (v, out) -> out.float64(v), FieldReader::float64);
  public static final ValueCodec<Character> CHAR =
      scalar(FieldType.STRING, (v, out) -> out.string(String.valueOf(v)), FieldReader::char16);
  public static final ValueCodec<BigDecimal> DECIMAL =
      scalar(FieldType.DECIMAL, (v, out) -> out.decimal(v), FieldReader::decimal);
  public static final ValueCodec<BigInteger> BIG_INTEGER =
      scalar(FieldType.BIG_INTEGER, (v, out) -> out.bigInteger(v), FieldReader::bigInteger);
  public static final ValueCodec<byte[]> BYTES =
      scalar(FieldType.BYTES, (v, out) -> out.bytes(v), FieldReader::bytes);
  public static final ValueCodec<UUID> UUID_CODEC =
      scalar(FieldType.UUID, (v, out) -> out.uuid(v), FieldReader::uuid);
  public static final ValueCodec<Instant> INSTANT =
      scalar(FieldType.INSTANT, (v, out) -> out.instant(v), FieldReader::instant);
  public static final ValueCodec<LocalDate> LOCAL_DATE =
      scalar(FieldType.LOCAL_DATE, (v, out) -> out.localDate(v), FieldReader::localDate);
  public static final ValueCodec<LocalDateTime> LOCAL_DATE_TIME =
      scalar(
          FieldType.LOCAL_DATE_TIME, (v, out) -> out.localDateTime(v), FieldReader::localDateTime);
  public static final ValueCodec<Duration> DURATION =
      scalar(FieldType.DURATION, (v, out) -> out.duration(v), FieldReader::duration);

  /** Writes one value; used to build scalar codecs from lambdas. */
  @FunctionalInterface
  public interface Writer<V> {
    void write(V value, FieldWriter out);
  }

  /** Reads one value; used to build scalar codecs from lambdas. */
  @FunctionalInterface
  public interface Reader<V> {
    V read(FieldReader in);
  }

  /** A codec from a writer, a reader and a type. */
  public static <V> ValueCodec<V> scalar(FieldType type, Writer<V> writer, Reader<V> reader) {
    return new ValueCodec<>() {
      @Override
      public void write(V value, FieldWriter out) {
        writer.write(value, out);
      }

      @Override
      public V read(FieldReader in) {
        return reader.read(in);
      }

      @Override
      public FieldType type() {
        return type;
      }
    };
  }

  /**
   * An enum stored by constant name. Takes {@code MyEnum.values()} so no reflection is needed to
   * find the constants.
   */
  public static <E extends Enum<E>> ValueCodec<E> enumeration(E[] constants) {
    Map<String, E> byName = new HashMap<>(constants.length * 2);
    List<String> names = new ArrayList<>(constants.length);
    for (E e : constants) {
      byName.put(e.name(), e);
      names.add(e.name());
    }
    FieldType type = FieldType.enumeration(names);
    E[] byIndex = constants.clone();
    FieldNames table = FieldNames.of(names.toArray(new String[0]));
    return new ValueCodec<>() {
      @Override
      public void write(E value, FieldWriter out) {
        out.string(value.name());
      }

      @Override
      public E read(FieldReader in) {
        int i = in.oneOf(table);
        return i >= 0 ? byIndex[i] : constant(in, in.string());
      }

      @Override
      public E readOrNull(FieldReader in) {
        int i = in.oneOf(table);
        if (i >= 0) {
          return byIndex[i];
        }
        String s = in.stringOrNull();
        return s == null ? null : constant(in, s);
      }

      private E constant(FieldReader in, String s) {
        E e = byName.get(s);
        if (e == null) {
          throw in.mismatch("one of " + names, s);
        }
        return e;
      }

      @Override
      public FieldType type() {
        return type;
      }
    };
  }

  /** A list; null elements are kept. The list read back is unmodifiable. */
  public static <E> ValueCodec<List<E>> list(ValueCodec<E> element) {
    FieldType type = FieldType.list(element.type());
    return new ValueCodec<>() {
      @Override
      public void write(List<E> value, FieldWriter out) {
        out.beginArray();
        for (E e : value) {
          if (e == null) {
            out.nul();
          } else {
            element.write(e, out);
          }
        }
        out.endArray();
      }

      @Override
      public List<E> read(FieldReader in) {
        in.beginArray();
        Elements stack = ELEMENTS.get();
        int base = stack.size;
        try {
          while (in.hasNextElement()) {
            stack.push(element.readOrNull(in));
          }
          return Collections.unmodifiableList(Arrays.asList(stack.popFrom(base)));
        } finally {
          stack.clear(base);
        }
      }

      @Override
      public FieldType type() {
        return type;
      }
    };
  }

  private static final ThreadLocal<Elements> ELEMENTS = ThreadLocal.withInitial(Elements::new);

  /**
   * Per thread, the elements of the lists being read, so that each list is made once at its size: a
   * list read while another is (a list in an element) stacks its elements above the outer's.
   * Cleared as each list is made, so it holds no element after a decode.
   */
  private static final class Elements {
    /** Slots kept from one decode to the next up to this many. */
    private static final int MAX_KEPT = 4096;

    Object[] slots = new Object[64];
    int size;

    void push(Object e) {
      if (size == slots.length) {
        slots = Arrays.copyOf(slots, size * 2);
      }
      slots[size++] = e;
    }

    /** The elements from {@code base} to the top, as an array of their own. */
    @SuppressWarnings("unchecked")
    <E> E[] popFrom(int base) {
      return (E[]) Arrays.copyOfRange(slots, base, size);
    }

    /** Drops the elements from {@code base} up. */
    void clear(int base) {
      Arrays.fill(slots, base, size, null);
      size = base;
      if (base == 0 && slots.length > MAX_KEPT) {
        slots = new Object[64];
      }
    }
  }

  /**
   * A set, stored as an array in iteration order; read back as an unmodifiable insertion-ordered
   * set.
   */
  public static <E> ValueCodec<Set<E>> set(ValueCodec<E> element) {
    FieldType type = FieldType.set(element.type());
    return new ValueCodec<>() {
      @Override
      public void write(Set<E> value, FieldWriter out) {
        out.beginArray();
        for (E e : value) {
          if (e == null) {
            out.nul();
          } else {
            element.write(e, out);
          }
        }
        out.endArray();
      }

      @Override
      public Set<E> read(FieldReader in) {
        in.beginArray();
        Set<E> set = new LinkedHashSet<>();
        while (in.hasNextElement()) {
          set.add(element.readOrNull(in));
        }
        return Collections.unmodifiableSet(set);
      }

      @Override
      public FieldType type() {
        return type;
      }
    };
  }

  /** A map with String keys, stored as an object; read back as an unmodifiable ordered map. */
  public static <V> ValueCodec<Map<String, V>> map(ValueCodec<V> value) {
    FieldType type = FieldType.map(value.type());
    return new ValueCodec<>() {
      @Override
      public void write(Map<String, V> map, FieldWriter out) {
        out.beginObject();
        for (Map.Entry<String, V> e : map.entrySet()) {
          out.name(e.getKey());
          if (e.getValue() == null) {
            out.nul();
          } else {
            value.write(e.getValue(), out);
          }
        }
        out.endObject();
      }

      @Override
      public Map<String, V> read(FieldReader in) {
        in.beginObject();
        Map<String, V> map = new LinkedHashMap<>();
        String key;
        while ((key = in.nextKey()) != null) {
          map.put(key, value.readOrNull(in));
        }
        return Collections.unmodifiableMap(map);
      }

      @Override
      public FieldType type() {
        return type;
      }
    };
  }

  /**
   * An {@code Optional}: empty is stored as null. Callers still see null for a missing value and
   * must turn it into {@code Optional.empty()}; {@link ValueCodec#read} never returns an empty
   * optional because it is only called for non-null values.
   */
  public static <V> ValueCodec<Optional<V>> optional(ValueCodec<V> value) {
    return new ValueCodec<>() {
      @Override
      public void write(Optional<V> v, FieldWriter out) {
        if (v.isPresent()) {
          value.write(v.get(), out);
        } else {
          out.nul();
        }
      }

      @Override
      public Optional<V> read(FieldReader in) {
        return Optional.of(value.read(in));
      }

      @Override
      public FieldType type() {
        return value.type();
      }
    };
  }

  /** A field stored through a user's {@link Converter}. */
  public static <A, S> ValueCodec<A> converted(Converter<A, S> converter, ValueCodec<S> stored) {
    return new ValueCodec<>() {
      @Override
      public void write(A value, FieldWriter out) {
        S s = converter.toStored(value);
        if (s == null) {
          out.nul();
        } else {
          stored.write(s, out);
        }
      }

      @Override
      public A read(FieldReader in) {
        S s = stored.read(in);
        try {
          return converter.fromStored(s);
        } catch (RuntimeException e) {
          throw in.mismatch("a value its converter accepts (" + e.getMessage() + ")", s);
        }
      }

      @Override
      public FieldType type() {
        return stored.type();
      }
    };
  }
}
