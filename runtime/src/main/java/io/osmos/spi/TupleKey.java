package io.osmos.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Order-preserving encoding of (composite) keys, as FoundationDB's tuple layer and Beneath use it:
 * comparing two encodings byte by byte (unsigned) orders them like the tuples, element by element.
 * Ordered stores (Bigtable rows, sorted sets, {@code bytea} columns) use it for keys and index
 * entries so range reads and prefix reads are plain byte ranges.
 *
 * <p>Elements: null, String (UTF-8, ordered by code point; see {@link #utf8}), byte[], integral
 * numbers (one encoding for byte to long, variable length), Boolean, Float/Double (total order,
 * -0.0 before 0.0), UUID, and, beyond FoundationDB's set, Instant (seconds and nanos), LocalDate
 * and LocalDateTime (fixed width, sign-flipped). Enums are encoded as their names by the caller.
 *
 * <p>Strings and byte arrays end with 0x00 and escape their own 0x00 bytes as 0x00 0xFF, so the
 * encoding of {@code "a"} is a byte prefix of the encoding of {@code "a\0b"}. A range of the
 * encodings that start with complete elements therefore ends at {@link #afterElements}, never at
 * {@link #prefixEnd}, which would take in such longer strings.
 */
public final class TupleKey {
  private static final int NULL = 0x00;
  private static final int BYTES = 0x01;
  private static final int STRING = 0x02;
  private static final int INT_ZERO = 0x14;
  private static final int DOUBLE = 0x21;
  private static final int FALSE = 0x26;
  private static final int TRUE = 0x27;
  private static final int UUID_CODE = 0x30;
  private static final int INSTANT = 0x40;
  private static final int LOCAL_DATE = 0x41;
  private static final int LOCAL_DATE_TIME = 0x42;

  private TupleKey() {}

  /** Encodes the elements in order. */
  public static byte[] encode(Object... elements) {
    Out out = new Out(32);
    for (Object e : elements) {
      encodeElement(out, e);
    }
    return out.toByteArray();
  }

  /**
   * An upper bound of {@code encode(elements).length}, computed without encoding: a string takes at
   * most three bytes per UTF-16 char plus its type and terminator bytes. Callers that only need to
   * know that a key fits a limit call this first and encode only when the bound exceeds it.
   * Elements of a type the encoding does not take give {@link Integer#MAX_VALUE}.
   */
  public static int maxEncodedSize(Object... elements) {
    long size = 0;
    for (Object e : elements) {
      size += maxElementSize(e);
    }
    return (int) Math.min(size, Integer.MAX_VALUE);
  }

  private static long maxElementSize(Object e) {
    if (e == null || e instanceof Boolean) {
      return 1;
    } else if (e instanceof String s) {
      return 2 + 3L * s.length();
    } else if (e instanceof Long
        || e instanceof Integer
        || e instanceof Short
        || e instanceof Byte
        || e instanceof Double
        || e instanceof Float
        || e instanceof LocalDate) {
      return 9;
    } else if (e instanceof byte[] b) {
      return 2 + 2L * b.length;
    } else if (e instanceof Character) {
      return 5;
    } else if (e instanceof UUID) {
      return 17;
    } else if (e instanceof Instant || e instanceof LocalDateTime) {
      return 13;
    } else if (e instanceof Enum<?> en) {
      return 2 + 3L * en.name().length();
    }
    return Integer.MAX_VALUE;
  }

  /** Encodes a list of elements in order. */
  public static byte[] encode(List<?> elements) {
    return encode(elements.toArray());
  }

  /**
   * The encoding of a string prefix: every string element whose code points start with those of
   * {@code prefix} encodes to bytes that start with this (no terminator), and no other does.
   */
  public static byte[] stringPrefix(Object[] leading, String prefix) {
    Out out = new Out(32);
    for (Object e : leading) {
      encodeElement(out, e);
    }
    out.write(STRING);
    text(out, prefix, true);
    return out.toByteArray();
  }

  /**
   * The bytes of a string as its elements hold them, unescaped: UTF-8, except that a lone surrogate
   * (which UTF-8 cannot hold, and {@code String.getBytes} turns into {@code '?'}) is the three-byte
   * form of its code point, as in WTF-8. So distinct strings never share bytes, byte order is code
   * point order, and the bytes of valid Unicode text are its UTF-8. Drivers that name things by a
   * string's bytes (a Redis key, a Riak key or index term) use this, so that two different strings
   * never name one thing.
   */
  public static byte[] utf8(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        Out out = new Out(n + 8);
        text(out, s, false);
        return out.toByteArray();
      }
    }
    // No surrogate, so nothing for the JDK's encoder to replace: its UTF-8 is exact, and faster.
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The string whose {@link #utf8} bytes are {@code bytes}.
   *
   * @throws IllegalArgumentException for bytes that {@link #utf8} never writes (not UTF-8)
   */
  public static String fromUtf8(byte[] bytes) {
    return decodeText(bytes, 0);
  }

  /**
   * The first byte string after every encoding that starts with the complete elements {@code
   * elements} ({@code elements + 0xFF}): what follows a complete element is another element, whose
   * type code is below 0xFF, or a continuation of an escaped 0x00 (0x00 0xFF), which makes a longer
   * string and sorts at or after this. FoundationDB ends the range of a tuple prefix the same way.
   * The range {@code [elements, afterElements(elements))} holds exactly the encodings whose leading
   * elements equal those encoded in {@code elements}.
   */
  public static byte[] afterElements(byte[] elements) {
    byte[] end = Arrays.copyOf(elements, elements.length + 1);
    end[elements.length] = (byte) 0xFF;
    return end;
  }

  /**
   * The smallest byte string greater than every byte string that starts with {@code prefix}: the
   * prefix with trailing 0xFF bytes dropped and the last byte incremented (FoundationDB's {@code
   * strinc}). Null when there is none (all bytes 0xFF). This is the end of a range of byte
   * prefixes, such as {@link #stringPrefix}; the range of complete elements ends at {@link
   * #afterElements}.
   */
  public static byte[] prefixEnd(byte[] prefix) {
    int n = prefix.length;
    while (n > 0 && (prefix[n - 1] & 0xFF) == 0xFF) {
      n--;
    }
    if (n == 0) {
      return null;
    }
    byte[] end = Arrays.copyOf(prefix, n);
    end[n - 1]++;
    return end;
  }

  /** The smallest byte string greater than {@code key}: {@code key + 0x00}. */
  public static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /** Compares two encodings as unsigned bytes. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /**
   * Decodes every element. Integers come back as Long, floats as Double, and the extra types as
   * Instant, LocalDate and LocalDateTime.
   *
   * @throws IllegalArgumentException for bytes that are not a tuple encoding
   */
  public static Object[] decode(byte[] bytes) {
    List<Object> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < bytes.length) {
      int start = pos[0];
      try {
        out.add(decodeElement(bytes, pos));
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "not a key encoding: date or time out of range at byte " + start, e);
      }
    }
    return out.toArray();
  }

  private static void encodeElement(Out out, Object e) {
    if (e == null) {
      out.write(NULL);
    } else if (e instanceof String s) {
      out.write(STRING);
      text(out, s, true);
      out.write(0x00);
    } else if (e instanceof byte[] b) {
      out.write(BYTES);
      escaped(out, b);
      out.write(0x00);
    } else if (e instanceof Long
        || e instanceof Integer
        || e instanceof Short
        || e instanceof Byte) {
      encodeInt(out, ((Number) e).longValue());
    } else if (e instanceof Character c) {
      encodeElement(out, String.valueOf(c));
    } else if (e instanceof Boolean b) {
      out.write(b ? TRUE : FALSE);
    } else if (e instanceof Double || e instanceof Float) {
      out.write(DOUBLE);
      long bits = Double.doubleToLongBits(((Number) e).doubleValue());
      bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
      out.writeLong(bits);
    } else if (e instanceof UUID u) {
      out.write(UUID_CODE);
      out.writeLong(u.getMostSignificantBits());
      out.writeLong(u.getLeastSignificantBits());
    } else if (e instanceof Instant t) {
      out.write(INSTANT);
      out.writeLong(t.getEpochSecond() ^ Long.MIN_VALUE);
      out.writeInt(t.getNano());
    } else if (e instanceof LocalDate d) {
      out.write(LOCAL_DATE);
      out.writeLong(d.toEpochDay() ^ Long.MIN_VALUE);
    } else if (e instanceof LocalDateTime t) {
      out.write(LOCAL_DATE_TIME);
      out.writeLong(t.toEpochSecond(ZoneOffset.UTC) ^ Long.MIN_VALUE);
      out.writeInt(t.getNano());
    } else if (e instanceof Enum<?> en) {
      encodeElement(out, en.name());
    } else {
      throw new IllegalArgumentException(
          "cannot encode a "
              + e.getClass().getName()
              + " in a key; keys and indexes take"
              + " strings, integers, booleans, floats, UUIDs, instants and dates");
    }
  }

  private static void encodeInt(Out out, long n) {
    if (n == 0) {
      out.write(INT_ZERO);
      return;
    }
    if (n > 0) {
      int len = (64 - Long.numberOfLeadingZeros(n) + 7) / 8;
      out.write(INT_ZERO + len);
      writeLow(out, n, len);
    } else {
      long abs = n == Long.MIN_VALUE ? Long.MIN_VALUE : -n; // 2^63 as unsigned
      int len = (64 - Long.numberOfLeadingZeros(abs) + 7) / 8;
      out.write(INT_ZERO - len);
      writeLow(out, n - 1, len);
    }
  }

  private static void writeLow(Out out, long v, int len) {
    for (int i = len - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xFF);
    }
  }

  private static void escaped(Out out, byte[] b) {
    for (byte x : b) {
      out.write(x & 0xFF);
      if (x == 0) {
        out.write(0xFF);
      }
    }
  }

  /**
   * Writes the code points of {@code s} in UTF-8, a lone surrogate as the three bytes of its code
   * point, and each 0x00 as 0x00 0xFF when {@code escape}.
   */
  private static void text(Out out, String s, boolean escape) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.write(c);
        if (c == 0 && escape) {
          out.write(0xFF);
        }
      } else if (c < 0x800) {
        out.write(0xC0 | c >> 6);
        out.write(0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.write(0xF0 | cp >> 18);
        out.write(0x80 | ((cp >> 12) & 0x3F));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      } else {
        out.write(0xE0 | c >> 12);
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      }
    }
  }

  /**
   * Decodes what {@link #text} wrote (unescaped). Anything else (overlong forms, code points beyond
   * U+10FFFF, a surrogate pair written as two three-byte halves, truncated sequences) is rejected,
   * so that every string has one encoding.
   */
  private static String decodeText(byte[] b, int at) {
    // The JDK's decoder writes U+FFFD for whatever is not UTF-8, surrogates included: without
    // one, its result is exact, and it is much faster than the loop below.
    String fast = new String(b, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) {
      return fast;
    }
    StringBuilder out = new StringBuilder(b.length);
    boolean loneHigh = false; // the last char was a surrogate written on its own
    int i = 0;
    while (i < b.length) {
      int x = b[i] & 0xFF;
      int cp;
      int len;
      if (x < 0x80) {
        cp = x;
        len = 1;
      } else if (x >= 0xC2 && x < 0xE0) {
        cp = x & 0x1F;
        len = 2;
      } else if (x >= 0xE0 && x < 0xF0) {
        cp = x & 0x0F;
        len = 3;
      } else if (x >= 0xF0 && x < 0xF5) {
        cp = x & 0x07;
        len = 4;
      } else {
        throw badText(at, i);
      }
      if (i + len > b.length) {
        throw badText(at, i);
      }
      for (int k = 1; k < len; k++) {
        int y = b[i + k] & 0xFF;
        if ((y & 0xC0) != 0x80) {
          throw badText(at, i);
        }
        cp = (cp << 6) | (y & 0x3F);
      }
      if ((len == 3 && cp < 0x800)
          || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))
          || (loneHigh && Character.isLowSurrogate((char) cp) && len == 3)) {
        throw badText(at, i);
      }
      loneHigh = len == 3 && Character.isHighSurrogate((char) cp);
      out.appendCodePoint(cp);
      i += len;
    }
    return out.toString();
  }

  private static IllegalArgumentException badText(int element, int offset) {
    return new IllegalArgumentException(
        "not a key encoding: the string at byte "
            + element
            + " is not UTF-8 (byte "
            + offset
            + " of its text)");
  }

  private static Object decodeElement(byte[] b, int[] pos) {
    int code = b[pos[0]++] & 0xFF;
    switch (code) {
      case NULL:
        return null;
      case BYTES:
        return unescape(b, pos);
      case STRING:
        {
          int start = pos[0] - 1;
          return decodeText(unescape(b, pos), start);
        }
      case DOUBLE:
        {
          long bits = readLong(b, pos);
          bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
          return Double.longBitsToDouble(bits);
        }
      case FALSE:
        return Boolean.FALSE;
      case TRUE:
        return Boolean.TRUE;
      case UUID_CODE:
        return new UUID(readLong(b, pos), readLong(b, pos));
      case INSTANT:
        {
          long s = readLong(b, pos) ^ Long.MIN_VALUE;
          return Instant.ofEpochSecond(s, readInt(b, pos));
        }
      case LOCAL_DATE:
        return LocalDate.ofEpochDay(readLong(b, pos) ^ Long.MIN_VALUE);
      case LOCAL_DATE_TIME:
        {
          long s = readLong(b, pos) ^ Long.MIN_VALUE;
          return LocalDateTime.ofEpochSecond(s, readInt(b, pos), ZoneOffset.UTC);
        }
      default:
        if (code >= INT_ZERO - 8 && code <= INT_ZERO + 8) {
          int len = Math.abs(code - INT_ZERO);
          need(b, pos, len);
          long u = 0;
          for (int i = 0; i < len; i++) {
            u = (u << 8) | (b[pos[0]++] & 0xFF);
          }
          if (code >= INT_ZERO) {
            if (len == 8 && u < 0) {
              throw new IllegalArgumentException("integer in key exceeds the long range");
            }
            return u;
          }
          // Eight bytes hold n - 1 for n in [MIN, -2^56]: anything below 2^63 - 1 is under MIN.
          if (len == 8 && u >= 0 && u != Long.MAX_VALUE) {
            throw new IllegalArgumentException("integer in key exceeds the long range");
          }
          return len == 8 ? u + 1 : u - (1L << (8 * len)) + 1;
        }
        throw new IllegalArgumentException(
            "not a key encoding: unknown type code 0x"
                + Integer.toHexString(code)
                + " at byte "
                + (pos[0] - 1));
    }
  }

  private static byte[] unescape(byte[] b, int[] pos) {
    Out out = new Out(16);
    while (true) {
      need(b, pos, 1);
      int x = b[pos[0]++] & 0xFF;
      if (x == 0) {
        if (pos[0] < b.length && (b[pos[0]] & 0xFF) == 0xFF) {
          out.write(0);
          pos[0]++;
          continue;
        }
        return out.toByteArray();
      }
      out.write(x);
    }
  }

  private static long readLong(byte[] b, int[] pos) {
    need(b, pos, 8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[pos[0]++] & 0xFF);
    }
    return v;
  }

  private static int readInt(byte[] b, int[] pos) {
    need(b, pos, 4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (b[pos[0]++] & 0xFF);
    }
    return v;
  }

  private static void need(byte[] b, int[] pos, int n) {
    if (pos[0] + n > b.length) {
      throw new IllegalArgumentException("not a key encoding: truncated at byte " + pos[0]);
    }
  }

  /** A growable byte buffer without synchronization. */
  private static final class Out extends ByteArrayOutputStream {
    Out(int size) {
      super(size);
    }

    @Override
    public void write(int b) {
      if (count == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[count++] = (byte) b;
    }

    void writeLong(long v) {
      for (int i = 7; i >= 0; i--) {
        write((int) (v >>> (8 * i)) & 0xFF);
      }
    }

    void writeInt(int v) {
      for (int i = 3; i >= 0; i--) {
        write((v >>> (8 * i)) & 0xFF);
      }
    }
  }
}
