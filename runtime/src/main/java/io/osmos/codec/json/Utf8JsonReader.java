package io.osmos.codec.json;

import com.fasterxml.jackson.core.io.NumberInput;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldPath;
import io.osmos.codec.FieldReader;
import io.osmos.codec.SharedValues;
import io.osmos.exceptions.DecodeException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link FieldReader} that parses UTF-8 JSON straight from a byte array, without a tokenizer in
 * between: each call reads the next value where the codec asks for it. It gives the same values and
 * the same type-mismatch errors as {@link JsonFieldReader} on jackson for every document, with
 * three deliberate differences: it rejects malformed UTF-8 that jackson lets through (overlong
 * forms, code points beyond U+10FFFF); {@link #bigInteger()} refuses exponents beyond 10^100000
 * instead of computing a number of that many digits (jackson's reader would not finish); and a
 * field value a codec leaves unread is skipped (jackson's reader skips unread array elements but
 * fails on an unread field value).
 *
 * <p>It is strict RFC 8259 JSON: no comments, single quotes, unquoted names, trailing commas,
 * leading zeros, leading plus signs, NaN literals or raw control characters in strings. It keeps
 * jackson's default limits as {@link JsonFormat} configures them: 1000 levels of nesting, numbers
 * of at most 100,000 digits, strings of at most 20,000,000 chars, names of at most 50,000 bytes.
 * Every failure, including truncated input, is a {@link DecodeException} naming the field path.
 *
 * <p>Speed comes from matching field names as raw bytes against the name the model expects next
 * (the stored order is usually the written order), from scanning strings eight bytes at a time and
 * creating them straight from the bytes when they are ASCII without escapes, and from parsing
 * integers and short decimals without intermediate text. Reads do not check for the end of the
 * array: a read past it throws {@link ArrayIndexOutOfBoundsException}, which every public method
 * turns into an "unexpected end of input" error (numbers, which may end the input, are scanned with
 * explicit checks). This is why the reader needs the JSON to end where its array ends: {@link
 * JsonFormat} copies a sub-range before parsing it.
 */
final class Utf8JsonReader implements FieldReader {
  private static final String INT64 = "an int64 (a JSON integer)";
  private static final String FLOAT64 =
      "a float64 (a JSON number, or \"NaN\", \"Infinity\", \"-Infinity\")";
  private static final String FLOAT32 =
      "a float32 (a JSON number within float range, or \"NaN\", \"Infinity\", \"-Infinity\")";
  private static final String DECIMAL = "a decimal (a JSON number)";
  private static final String BYTES = "bytes (a base64 string)";
  private static final String INSTANT = "an Instant (ISO-8601 text, e.g. 2024-05-01T10:15:30Z)";
  private static final String STRING = "a string";
  private static final String VALUE = "a value";
  static final String WELL_FORMED = "well-formed JSON";
  static final String WITHIN_LIMITS = "JSON within the read limits";

  /** Jackson's default limits, as {@link JsonFormat}'s factory keeps or sets them. */
  static final int MAX_DEPTH = 1000;

  static final int MAX_NUMBER_DIGITS = 100_000;

  private static final String AFTER_MEMBER = "expected ',' or '}' after an object member";
  private static final String AFTER_ELEMENT = "expected ',' or ']' after an array element";
  static final int MAX_STRING_CHARS = 20_000_000;
  static final int MAX_NAME_BYTES = 50_000;

  /** Integers beyond 10^100000 are refused rather than computed (jackson's limit as well). */

  // Kinds of open container, for rendering the path.
  private static final byte OBJECT = 0;

  private static final byte MAP = 1;
  private static final byte ARRAY = 2;

  /**
   * Per byte: 0 when it can be copied into a string as is (printable ASCII but {@code "} and {@code
   * \}), else 1. Strings are scanned with this table until a byte that needs a look.
   */
  private static final byte[] PLAIN = new byte[256];

  /** Like {@link #PLAIN}, and {@code ?} needs a look too (see {@link #sawQuestionMark}). */
  private static final byte[] PLAIN_TEXT = new byte[256];

  /**
   * For Latin-1 text (see {@link #source}): every byte from 0x20 is a char as is, but {@code "},
   * {@code \} and {@code ?} (which may stand for a char beyond Latin-1).
   */
  private static final byte[] PLAIN_LATIN1 = new byte[256];

  private static final byte[] HEX = new byte[256];

  /** Eight bytes at a time, for scanning strings. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  /** Per byte: 1 if a JSON value can start with it. */
  private static final byte[] VALUE_START = new byte[256];

  static {
    for (int i = 0; i < 256; i++) {
      PLAIN[i] = (byte) (i < 0x20 || i >= 0x80 || i == '"' || i == '\\' ? 1 : 0);
      PLAIN_TEXT[i] = (byte) (PLAIN[i] != 0 || i == '?' ? 1 : 0);
      PLAIN_LATIN1[i] = (byte) (i < 0x20 || i == '"' || i == '\\' || i == '?' ? 1 : 0);
      HEX[i] = -1;
    }
    for (int i = 0; i < 10; i++) {
      HEX['0' + i] = (byte) i;
      VALUE_START['0' + i] = 1;
    }
    for (char c : new char[] {'"', '{', '[', 't', 'f', 'n', '-'}) {
      VALUE_START[c] = 1;
    }
    for (int i = 0; i < 6; i++) {
      HEX['a' + i] = (byte) (10 + i);
      HEX['A' + i] = (byte) (10 + i);
    }
  }

  private byte[] buf;

  /** Strings shared within the schemaless values this reader builds (see {@link #shared}). */
  private SharedValues strings;

  /** Where the JSON starts (after a byte order mark), for line and column numbers. */
  private int start;

  /** The input was a Java string (converted to UTF-8 by the caller): columns count chars. */
  private final boolean fromText;

  /**
   * For text whose chars are all one byte in Latin-1 (a char beyond it is a {@code ?} there): the
   * text itself, where each {@code ?} byte is looked up, so the bytes need no UTF-8 decoding and
   * any char, a lone surrogate included, is read as jackson's char-based parser reads it. Null for
   * UTF-8 input.
   */
  private final String source;

  /** Which bytes a string value can copy as they are. */
  private final byte[] plain;

  /** Which bytes a field name can be compared by as they are (ASCII only for Latin-1 text). */
  private final byte[] plainName;

  /** {@code "} in every byte, or {@code ?} when the input was text (see {@link #plain}). */
  private final long special;

  /** Bytes from 0x80 are not plain ({@link #HIGH_BITS}), except in Latin-1 text (0). */
  private final long nonAscii;

  private final String prefix;

  /** The next byte to read. Methods update it only once they succeed. */
  private int pos;

  /** Where the value after the last name or array separator starts, until something reads it. */
  private int valueAt = -1;

  /** The innermost container was just opened: no separator before its first member. */
  private boolean first;

  /**
   * A {@code ?} was read inside a string or name. When the input was a Java string, that may be a
   * lone surrogate the UTF-8 conversion replaced; the caller then checks the original text.
   */
  private boolean sawQuestionMark;

  private int depth;
  private byte[] kinds = new byte[8];

  /** Per object level: the field table {@link #nextField} reads it with. */
  private FieldNames[] tables = new FieldNames[8];

  /** Per level: for arrays the current element index, for objects the next expected field. */
  private int[] counters = new int[8];

  /**
   * Per object level, for its table: bit i set when name i is plain (see {@link #plainNames}), so
   * it can be matched by comparing the input with its bytes.
   */
  private long[] plainNames = new long[8];

  /** Per object level, for its table: the table's names prepared for matching. */
  private PlainNames[] known = new PlainNames[8];

  /** The candidates of the last {@link #oneOf} call and their names prepared for matching. */
  private FieldNames oneOfTable;

  private PlainNames oneOfKnown;

  /** Per level, created on first use: a map's current key or the name of an unknown field. */
  private String[] names;

  /**
   * Per level, created on first use: 1 + the position of the quote that opens the name of the
   * unknown field being skipped (0 when none), decoded only if an error needs the path.
   */
  private int[] unknownNameAt;

  private boolean renderingPath;

  /** This thread's reader of UTF-8 bytes is reading a document (see {@link #acquire}). */
  private boolean inUse;

  /** Scratch space for strings with escapes or non-ASCII chars, and for number text. */
  private char[] chars;

  // The last number scanned by scanNumber.
  private int tokenEnd;
  private boolean numNegative;
  private boolean numInteger;

  /** Digits before and after the decimal point. */
  private int numDigits;

  private int numFractionDigits;

  /** The digits (before and after the point) as a long, valid when there are at most 18. */
  private long numMantissa;

  /** The result of {@link #long19}. */
  private long numLong;

  /** The exponent's value, valid when numExponentDigits <= 9. */
  private long numExponent;

  private int numExponentDigits;

  /**
   * @param json UTF-8 JSON; it is read up to its end
   * @param start where the value starts
   * @param prefix where the value sits in an enclosing structure, or null
   * @param fromText whether the bytes are a Java string converted to UTF-8
   */
  Utf8JsonReader(byte[] json, int start, String prefix, boolean fromText) {
    this(json, start, prefix, fromText, null);
  }

  private Utf8JsonReader(byte[] json, int start, String prefix, boolean fromText, String source) {
    this.buf = json;
    this.start = start;
    this.pos = start;
    this.valueAt = start;
    this.prefix = prefix == null || prefix.isEmpty() ? null : prefix;
    this.fromText = fromText;
    this.source = source;
    this.plain = source != null ? PLAIN_LATIN1 : fromText ? PLAIN_TEXT : PLAIN;
    this.plainName = fromText ? PLAIN_TEXT : PLAIN;
    this.special = (fromText ? '?' : '"') * ONES;
    this.nonAscii = source != null ? 0 : HIGH_BITS;
  }

  private static final byte[] NO_INPUT = new byte[0];

  /** Scratch chars kept from one document to the next up to this size. */
  private static final int MAX_KEPT_CHARS = 16 * 1024;

  /** Nesting kept from one document to the next up to this depth. */
  private static final int MAX_KEPT_DEPTH = 64;

  private static final ThreadLocal<Utf8JsonReader> CACHED =
      ThreadLocal.withInitial(() -> new Utf8JsonReader(NO_INPUT, 0, null, false));

  /**
   * This thread's reader of UTF-8 {@code json} from {@code start}, which keeps its scratch space
   * (nesting stacks, chars, the field tables met) from one document to the next; call {@link
   * #release()} when done, also after a failure. A decode nested in another on the same thread gets
   * a fresh reader.
   */
  static Utf8JsonReader acquire(byte[] json, int start) {
    Utf8JsonReader r = CACHED.get();
    if (r.inUse) {
      return new Utf8JsonReader(json, start, null, false);
    }
    r.inUse = true;
    r.buf = json;
    r.start = start;
    r.pos = start;
    r.valueAt = start;
    r.first = false;
    r.depth = 0;
    r.sawQuestionMark = false;
    return r;
  }

  /** Readies this thread's reader for its next document (a fresh reader is just dropped). */
  void release() {
    if (!inUse) {
      return;
    }
    inUse = false;
    buf = NO_INPUT;
    strings = null;
    if (chars != null && chars.length > MAX_KEPT_CHARS) {
      chars = null;
    }
    if (kinds.length > MAX_KEPT_DEPTH) {
      kinds = new byte[8];
      tables = new FieldNames[8];
      counters = new int[8];
      plainNames = new long[8];
      known = new PlainNames[8];
      names = null;
      unknownNameAt = null;
    } else if (names != null) {
      Arrays.fill(names, null); // map keys of the last document
    }
  }

  /**
   * A reader of {@code text} from its Latin-1 encoding {@code latin1} ({@code
   * text.getBytes(ISO_8859_1)}), which must be as long as the text: each char one byte, a char
   * beyond Latin-1 a {@code ?} (a surrogate pair would be one {@code ?} for two chars, so text
   * holding one cannot be read this way).
   */
  static Utf8JsonReader latin1(byte[] latin1, String text, String prefix) {
    if (latin1.length != text.length()) {
      throw new IllegalArgumentException("the Latin-1 bytes do not match the text char by char");
    }
    return new Utf8JsonReader(latin1, 0, prefix, true, text);
  }

  /** Whether a {@code ?} occurred in a string or name (see {@link #sawQuestionMark}). */
  boolean sawQuestionMark() {
    return sawQuestionMark;
  }

  // ---- whitespace and structure -------------------------------------------------------------

  /** The first position at or after {@code p} that is not JSON whitespace. */
  private static int skipWs(byte[] b, int p) {
    while (true) {
      byte c = b[p];
      if (c > ' ') {
        return p;
      }
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        p++;
      } else {
        return p;
      }
    }
  }

  private void push(byte kind) {
    if (depth == kinds.length) {
      grow();
    }
    kinds[depth] = kind;
    counters[depth] = kind == ARRAY ? -1 : 0;
    if (names != null) {
      names[depth] = null;
    }
    if (unknownNameAt != null) {
      unknownNameAt[depth] = 0;
    }
    depth++;
  }

  private void grow() {
    if (depth >= MAX_DEPTH) {
      throw limit(
          "document nesting depth ("
              + (depth + 1)
              + ") exceeds the maximum allowed ("
              + MAX_DEPTH
              + ")",
          pos);
    }
    int size = Math.min(depth * 2, MAX_DEPTH);
    kinds = Arrays.copyOf(kinds, size);
    counters = Arrays.copyOf(counters, size);
    tables = Arrays.copyOf(tables, size);
    plainNames = Arrays.copyOf(plainNames, size);
    known = Arrays.copyOf(known, size);
    if (names != null) {
      names = Arrays.copyOf(names, size);
    }
    if (unknownNameAt != null) {
      unknownNameAt = Arrays.copyOf(unknownNameAt, size);
    }
  }

  @Override
  public void beginObject() {
    try {
      byte[] b = buf;
      int p = pos;
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c != '{') {
        throw mismatch("an object", found(p));
      }
      pos = p + 1;
      push(OBJECT);
      first = true;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput("an object");
    }
  }

  @Override
  public void beginArray() {
    try {
      byte[] b = buf;
      int p = pos;
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c != '[') {
        throw mismatch("an array", found(p));
      }
      pos = p + 1;
      push(ARRAY);
      first = true;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput("an array");
    }
  }

  @Override
  public int nextField(FieldNames fields) {
    return nextField(fields, null);
  }

  @Override
  public int nextField(FieldNames fields, Map<String, Object> extra) {
    try {
      final byte[] b = buf;
      final int level = depth - 1;
      // The reader remembers which table it is in rather than the name of each field, so the
      // path of an error can be rendered without a store per field read.
      if (tables[level] != fields) {
        tables[level] = fields;
        PlainNames k = PlainNames.of(fields);
        known[level] = k;
        plainNames[level] = source != null ? k.latin1 : fromText ? k.text : k.bytes;
      }
      while (true) {
        int p = nextMember('}', AFTER_MEMBER);
        if (p < 0) {
          return -1;
        }
        byte c = b[p];
        if (c != '"') {
          throw malformed(unexpected(p) + ": expected a field name (a string in double quotes)", p);
        }
        int quote = p;
        int nameStart = p + 1;
        int index = -1;
        // The stored order is usually the written order: compare the input with the name expected
        // next. When that name is plain, equal bytes and a quote after them are that name.
        int expected = counters[level];
        if (expected < 64 && (plainNames[level] >>> expected & 1) != 0) {
          PlainNames k = known[level];
          int quoted = k.quotedLength[expected];
          if (quoted <= 16 && nameStart + 16 <= b.length) {
            // The name and its closing quote in one or two 8-byte loads, compared under a mask.
            long v = (long) LONGS.get(b, nameStart);
            if ((v & k.mask0[expected]) == k.head0[expected]
                && (quoted <= 8
                    || ((long) LONGS.get(b, nameStart + 8) & k.mask1[expected])
                        == k.head1[expected])) {
              index = expected;
              p = nameStart + quoted;
            }
          } else {
            byte[] e = fields.name(expected).utf8();
            int len = e.length;
            if (nameStart + len < b.length
                && sameBytes(b, nameStart, e, len)
                && b[nameStart + len] == '"') {
              index = expected;
              p = nameStart + len + 1;
            }
          }
        }
        if (index < 0) {
          int q = scan(b, nameStart, plainName, special, HIGH_BITS);
          if (b[q] == '"') {
            int len = q - nameStart;
            if (len > MAX_NAME_BYTES) {
              throw nameTooLong(len, nameStart);
            }
            index = indexOf(fields, expected, b, nameStart, len);
            p = q + 1;
          } else {
            String name = readName(b, nameStart, q);
            p = tokenEnd;
            index = fields.indexOf(name, expected);
          }
        }
        // From here on, errors are in this member: the path names it.
        if (index >= 0) {
          counters[level] = index + 1;
        } else {
          if (unknownNameAt == null) {
            unknownNameAt = new int[kinds.length];
          }
          unknownNameAt[level] = quote + 1;
        }
        c = b[p];
        if (c <= ' ') {
          p = skipWs(b, p);
          c = b[p];
        }
        if (c != ':') {
          throw malformed(unexpected(p) + ": expected ':' after a field name", p);
        }
        c = b[++p];
        if (c <= ' ') {
          p = skipWs(b, p);
        }
        if (index >= 0) {
          pos = p;
          valueAt = p;
          return index;
        }
        // A field the model does not know: skip it, or collect it.
        pos = p;
        if (extra != null) {
          String name = decodeName(quote);
          extra.put(name, anyValue(p));
        } else {
          pos = skipValue(p, 0);
        }
        unknownNameAt[level] = 0;
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput("a field or the end of the object");
    }
  }

  /** Whether {@code b[off, off + len)} equals {@code e} ({@code len} long, within {@code b}). */
  private static boolean sameBytes(byte[] b, int off, byte[] e, int len) {
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      if ((long) LONGS.get(b, off + i) != (long) LONGS.get(e, i)) {
        return false;
      }
    }
    if (i + 4 <= len) {
      if ((int) INTS.get(b, off + i) != (int) INTS.get(e, i)) {
        return false;
      }
      i += 4;
    }
    for (; i < len; i++) {
      if (b[off + i] != e[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A table's names prepared for matching, computed once per table (readers live for one decode, or
   * are reused by one thread; tables live for the program). Bit i of a mask is set for each of the
   * first 64 names that is plain for that kind of input: no quote, backslash or control char (and
   * in text no {@code ?}, see {@link #sawQuestionMark}; in Latin-1 text only ASCII). Input bytes
   * equal to such a name's UTF-8 and followed by a quote are a string holding that name. Kept in a
   * small table indexed by identity hash; entries are immutable, so threads may race to replace
   * one.
   */
  private static final class PlainNames {
    private static final PlainNames[] CACHE = new PlainNames[256];

    final FieldNames table;

    /** UTF-8 bytes: no quote, backslash or control char. */
    final long bytes;

    /** Text read as UTF-8: nor a {@code ?} (see {@link #sawQuestionMark}). */
    final long text;

    /** Text read as Latin-1: nor a non-ASCII char (the UTF-8 bytes are not the Latin-1 ones). */
    final long latin1;

    /** Per name (of the first 64): its UTF-8 length plus one, for the closing quote. */
    final int[] quotedLength;

    /**
     * Per name of at most 15 bytes: the name and its closing quote as little-endian longs, bytes
     * 0..7 and 8..15, each with the mask of the bytes it holds.
     */
    final long[] head0;

    final long[] mask0;
    final long[] head1;
    final long[] mask1;

    private PlainNames(FieldNames table) {
      this.table = table;
      long bytes = 0;
      long text = 0;
      long latin1 = 0;
      int n = Math.min(table.size(), 64);
      for (int i = 0; i < n; i++) {
        boolean plain = true;
        boolean question = false;
        boolean ascii = true;
        for (byte c : table.name(i).utf8()) {
          plain &= !((c >= 0 && c < 0x20) || c == '"' || c == '\\');
          question |= c == '?';
          ascii &= c >= 0;
        }
        if (plain) {
          bytes |= 1L << i;
          if (!question) {
            text |= 1L << i;
            if (ascii) {
              latin1 |= 1L << i;
            }
          }
        }
      }
      this.bytes = bytes;
      this.text = text;
      this.latin1 = latin1;
      quotedLength = new int[n];
      head0 = new long[n];
      mask0 = new long[n];
      head1 = new long[n];
      mask1 = new long[n];
      for (int i = 0; i < n; i++) {
        byte[] name = table.name(i).utf8();
        byte[] quoted = Arrays.copyOf(name, name.length + 1);
        quoted[name.length] = '"';
        quotedLength[i] = quoted.length;
        for (int j = 0; j < Math.min(quoted.length, 16); j++) {
          long bits = (quoted[j] & 0xFFL) << (8 * (j & 7));
          long mask = 0xFFL << (8 * (j & 7));
          if (j < 8) {
            head0[i] |= bits;
            mask0[i] |= mask;
          } else {
            head1[i] |= bits;
            mask1[i] |= mask;
          }
        }
      }
    }

    static PlainNames of(FieldNames table) {
      int slot = System.identityHashCode(table) & (CACHE.length - 1);
      PlainNames known = CACHE[slot];
      if (known == null || known.table != table) {
        known = new PlainNames(table);
        CACHE[slot] = known;
      }
      return known;
    }
  }

  /**
   * The first position at or after {@code q} whose byte cannot be copied into a string as is
   * ({@link #plain}): eight bytes at a time, then one at a time near the end of the input.
   */
  private int scanPlain(byte[] b, int q) {
    return scan(b, q, plain, special, nonAscii);
  }

  /**
   * The first position at or after {@code q} whose byte {@code cls} marks; {@code extra} and {@code
   * high} say the same to the eight-byte scan: the byte in each lane of {@code extra} is marked,
   * and so is every byte from 0x80 when {@code high} is {@link #HIGH_BITS}.
   */
  private static int scan(byte[] b, int q, byte[] cls, long extra, long high) {
    for (int limit = b.length - 8; q <= limit; q += 8) {
      long v = (long) LONGS.get(b, q);
      long quote = v ^ (ONES * '"');
      long backslash = v ^ (ONES * '\\');
      long other = v ^ extra;
      // A byte is flagged if it is zero after an xor (hasZero), below 0x20, or 0x80 and above.
      // The lowest flagged byte is exact; higher ones may be false positives, never looked at.
      long found =
          ((quote - ONES) & ~quote)
              | ((backslash - ONES) & ~backslash)
              | ((other - ONES) & ~other)
              | ((v - ONES * 0x20) & ~v)
              | (v & high);
      found &= HIGH_BITS;
      if (found != 0) {
        return q + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (cls[b[q] & 0xFF] == 0) {
      q++;
    }
    return q;
  }

  /**
   * The index of the name in {@code b[off, off + len)} (plain ASCII, no escapes) in {@code fields},
   * trying {@code expected} first; -1 if it has none.
   */
  private static int indexOf(FieldNames fields, int expected, byte[] b, int off, int len) {
    int n = fields.size();
    if (expected < n && equal(fields.name(expected).utf8(), b, off, len)) {
      return expected;
    }
    // Out of order: fields are often left out (nulls dropped by other writers), so look ahead
    // from the expected one first.
    for (int i = expected + 1; i < n; i++) {
      if (equal(fields.name(i).utf8(), b, off, len)) {
        return i;
      }
    }
    for (int i = Math.min(expected, n) - 1; i >= 0; i--) {
      if (equal(fields.name(i).utf8(), b, off, len)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean equal(byte[] name, byte[] b, int off, int len) {
    if (name.length != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (name[i] != b[off + i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int oneOf(FieldNames strings) {
    final byte[] b = buf;
    int p = pos;
    try {
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c != '"') {
        return -1;
      }
      if (strings != oneOfTable) {
        oneOfKnown = PlainNames.of(strings);
        oneOfTable = strings;
      }
      // Only names that are the same bytes in every kind of input (ASCII, nothing to escape, no
      // '?'): equal bytes followed by a quote are then a string holding that name.
      long plain = oneOfKnown.latin1;
      int from = p + 1;
      for (int i = 0, n = Math.min(strings.size(), 64); i < n; i++) {
        if ((plain >>> i & 1) == 0) {
          continue;
        }
        byte[] e = strings.name(i).utf8();
        int len = e.length;
        if (from + len < b.length && b[from + len] == '"' && sameBytes(b, from, e, len)) {
          pos = from + len + 1;
          return i;
        }
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      // at the end of the input: the read that follows reports it
    }
    return -1;
  }

  @Override
  public String nextKey() {
    try {
      final byte[] b = buf;
      final int level = depth - 1;
      kinds[level] = MAP;
      int p = nextMember('}', AFTER_MEMBER);
      if (p < 0) {
        return null;
      }
      byte c = b[p];
      if (c != '"') {
        throw malformed(unexpected(p) + ": expected a field name (a string in double quotes)", p);
      }
      String key = readName(b, p + 1, p + 1);
      p = tokenEnd;
      c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c != ':') {
        throw malformed(unexpected(p) + ": expected ':' after a field name", p);
      }
      c = b[++p];
      if (c <= ' ') {
        p = skipWs(b, p);
      }
      if (names == null) {
        names = new String[kinds.length];
      }
      names[level] = key;
      pos = p;
      valueAt = p;
      return key;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput("a key or the end of the object");
    }
  }

  @Override
  public boolean hasNextElement() {
    try {
      final byte[] b = buf;
      int p = nextMember(']', AFTER_ELEMENT);
      if (p < 0) {
        return false;
      }
      byte c = b[p];
      // Checked before the element counts, so the path of the error names the one before.
      if (VALUE_START[c & 0xFF] == 0) {
        throw malformed(unexpected(p) + ": expected a value", p);
      }
      counters[depth - 1]++;
      pos = p;
      valueAt = p;
      return true;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput("an element or the end of the array");
    }
  }

  /**
   * Moves past the separator before the next member of an object or element of an array: the
   * position of its first char, or -1 when {@code close} ends the container (consumed). A value the
   * codec left unread is skipped first. Callers catch the end of the input.
   */
  private int nextMember(char close, String expected) {
    final byte[] b = buf;
    int p = pos;
    while (true) {
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c == close) {
        pos = p + 1;
        depth--;
        first = false;
        return -1;
      }
      if (first) {
        first = false;
        return p;
      }
      if (c == ',') {
        p++;
        return b[p] <= ' ' ? skipWs(b, p) : p;
      }
      if (p != valueAt) {
        throw malformed(unexpected(p) + ": " + expected, p);
      }
      p = skipValue(p, 0); // the codec left the last value unread
    }
  }

  @Override
  public boolean tryNull() {
    byte[] b = buf;
    int p = pos;
    try {
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c == 'n') {
        pos = literal(b, p, "null");
        return true;
      }
      return false;
    } catch (ArrayIndexOutOfBoundsException e) {
      // At the end of the input: the typed read that follows reports what it expected.
      return false;
    }
  }

  @Override
  public void skip() {
    try {
      byte[] b = buf;
      int p = skipWs(b, pos);
      pos = skipValue(p, 0);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(VALUE);
    }
  }

  // ---- scalars ------------------------------------------------------------------------------

  @Override
  public String string() {
    try {
      byte[] b = buf;
      int p = pos;
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c == '"') {
        return readString(b, p + 1);
      }
      throw mismatch(STRING, found(p));
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(STRING);
    }
  }

  @Override
  public String stringOrNull() {
    try {
      byte[] b = buf;
      int p = pos;
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c == '"') {
        return readString(b, p + 1);
      }
      if (c == 'n') {
        pos = literal(b, p, "null");
        return null;
      }
      throw mismatch(STRING, found(p));
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(STRING);
    }
  }

  /** The string whose first char is at {@code from}; moves past its closing quote. */
  private String readString(byte[] b, int from) {
    int q = scanPlain(b, from);
    if (b[q] == '"') {
      int len = q - from;
      if (len > MAX_STRING_CHARS) {
        throw stringTooLong(len, from);
      }
      pos = q + 1;
      return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }
    int n = decodeString(b, from, q, false);
    pos = tokenEnd;
    return new String(chars, 0, n);
  }

  @Override
  public long int64() {
    return readLong(null);
  }

  @Override
  public long requiredInt64(String javaType) {
    return readLong(javaType);
  }

  @Override
  public int requiredInt32(String javaType) {
    long v = readLong(javaType);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw mismatch("int", v);
    }
    return (int) v;
  }

  /** An int64; a null fails naming {@code nullExpected}, or {@link #INT64} when that is null. */
  private long readLong(String nullExpected) {
    final byte[] b = buf;
    int p = pos;
    try {
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      // Fast path: up to 18 digits, no fraction or exponent.
      int q = p;
      boolean negative = c == '-';
      if (negative) {
        c = b[++q];
      }
      long v = c - '0';
      if (v >= 1 && v <= 9) {
        int s = q;
        int d;
        while ((d = b[++q] - '0') >= 0 && d <= 9) {
          v = v * 10 + d;
        }
        byte t = b[q];
        if (q - s <= 18 && t != '.' && t != 'e' && t != 'E') {
          pos = q;
          return negative ? -v : v;
        }
      } else if (v == 0) {
        byte t = b[q + 1];
        if ((t < '0' || t > '9') && t != '.' && t != 'e' && t != 'E') {
          pos = q + 1;
          return 0;
        }
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      // a number at the very end of the input, or truncated: the general path sorts it out
    }
    return readLongSlow(p, nullExpected);
  }

  private long readLongSlow(int p, String nullExpected) {
    try {
      byte[] b = buf;
      p = skipWs(b, p);
      byte c = b[p];
      if (c == '-' || (c >= '0' && c <= '9')) {
        scanNumber(b, p);
        long v = numberAsLong(p);
        pos = tokenEnd;
        return v;
      }
      if (c == 'n') {
        literal(b, p, "null");
        throw mismatch(nullExpected == null ? INT64 : nullExpected, null);
      }
      throw mismatch(INT64, found(p));
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(INT64);
    }
  }

  /** The number just scanned at {@code p} as an int64, as jackson gives it. */
  private long numberAsLong(int p) {
    if (numInteger) {
      if (numDigits <= 18) {
        return numNegative ? -numMantissa : numMantissa;
      }
      if (numDigits == 19 && long19(p)) {
        return numLong;
      }
      throw mismatch(INT64, new Raw(numberText(p)));
    }
    // JSON has one number type: 3.0 and 3e2 are integers too.
    try {
      return parseDecimal(p).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw mismatch(INT64, new Raw(numberText(p)));
    }
  }

  /**
   * For a 19-digit integer just scanned at {@code p}: whether it is within the long range, and then
   * its value in {@link #numLong}.
   */
  private boolean long19(int p) {
    int first = numNegative ? p + 1 : p;
    long head = 0;
    for (int i = first; i < first + 18; i++) {
      head = head * 10 + (buf[i] - '0');
    }
    int last = buf[first + 18] - '0';
    long limit = Long.MAX_VALUE / 10;
    if (head < limit || (head == limit && last <= (numNegative ? 8 : 7))) {
      numLong = numNegative ? -head * 10 - last : head * 10 + last;
      return true;
    }
    return false;
  }

  @Override
  public double float64() {
    try {
      byte[] b = buf;
      int p = skipWs(b, pos);
      byte c = b[p];
      if (c == '-' || (c >= '0' && c <= '9')) {
        scanNumber(b, p);
        double d = numberAsDouble(p);
        if (Double.isInfinite(d)) { // 1e400: out of range, not infinity
          throw mismatch(FLOAT64, new Raw(numberText(p)));
        }
        pos = tokenEnd;
        return d;
      }
      if (c == '"') {
        return nonFinite(b, p, FLOAT64);
      }
      throw mismatch(FLOAT64, found(p));
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(FLOAT64);
    }
  }

  @Override
  public float float32() {
    try {
      byte[] b = buf;
      int p = skipWs(b, pos);
      byte c = b[p];
      if (c == '-' || (c >= '0' && c <= '9')) {
        scanNumber(b, p);
        // Rounded to float from the decimal, not through a double: double rounding would turn
        // 7.038531E-26 into the float after 7.038531E-26f.
        float f = numberAsFloat(p);
        if (Float.isInfinite(f)) { // rounds beyond the float range
          throw mismatch(FLOAT32, new Raw(numberText(p)));
        }
        pos = tokenEnd;
        return f;
      }
      if (c == '"') {
        return (float) nonFinite(b, p, FLOAT32);
      }
      throw mismatch(FLOAT32, found(p));
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(FLOAT32);
    }
  }

  private static final float[] FLOAT_POWERS_OF_TEN = {
    1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f
  };

  /** The number just scanned at {@code p} as a float, correctly rounded from its decimal. */
  private float numberAsFloat(int p) {
    if (numInteger && numDigits <= 18) {
      // A long converts to the nearest float directly; -0 is 0.0, as jackson reads it.
      return (float) (numNegative ? -numMantissa : numMantissa);
    }
    if (!numInteger && numDigits + numFractionDigits <= 18 && numExponentDigits <= 9) {
      // Exact when the digits and the power of ten are both exact floats (Clinger's fast path).
      long m = numMantissa;
      long e10 = numExponent - numFractionDigits;
      if (m < (1L << 24) && e10 >= -10 && e10 <= 10) {
        float f = (float) m;
        f = e10 < 0 ? f / FLOAT_POWERS_OF_TEN[(int) -e10] : f * FLOAT_POWERS_OF_TEN[(int) e10];
        return numNegative ? -f : f;
      }
    }
    return NumberInput.parseFloat(numberText(p), true);
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** The number just scanned at {@code p} as a double, correctly rounded, as jackson gives it. */
  private double numberAsDouble(int p) {
    if (numInteger && numDigits <= 18) {
      // jackson reads integers as long first: -0 is 0.0, not -0.0.
      return (double) (numNegative ? -numMantissa : numMantissa);
    }
    if (!numInteger && numDigits + numFractionDigits <= 18 && numExponentDigits <= 9) {
      // Exact when the digits and the power of ten are both exact doubles (Clinger's fast path).
      long m = numMantissa;
      long e10 = numExponent - numFractionDigits;
      if (m < (1L << 53) && e10 >= -22 && e10 <= 22) {
        double d = (double) m;
        d = e10 < 0 ? d / POWERS_OF_TEN[(int) -e10] : d * POWERS_OF_TEN[(int) e10];
        return numNegative ? -d : d;
      }
    }
    return NumberInput.parseDouble(numberText(p), true);
  }

  /** A string value read as a float64: one of the non-finite names JsonFieldWriter writes. */
  private double nonFinite(byte[] b, int p, String expected) {
    String s = readString(b, p + 1);
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        throw mismatch(expected, s);
    }
  }

  @Override
  public boolean bool() {
    try {
      byte[] b = buf;
      int p = skipWs(b, pos);
      byte c = b[p];
      if (c == 't') {
        pos = literal(b, p, "true");
        return true;
      }
      if (c == 'f') {
        pos = literal(b, p, "false");
        return false;
      }
      throw mismatch("a boolean", found(p));
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput("a boolean");
    }
  }

  @Override
  public byte[] bytes() {
    try {
      byte[] b = buf;
      int p = skipWs(b, pos);
      if (b[p] != '"') {
        throw mismatch(BYTES, found(p));
      }
      String text = readString(b, p + 1);
      try {
        return JsonFormat.BASE64.decode(text);
      } catch (IllegalArgumentException e) {
        throw mismatch(BYTES, text);
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(BYTES);
    }
  }

  @Override
  public BigDecimal decimal() {
    try {
      byte[] b = buf;
      int p = pos;
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      BigDecimal simple = simpleDecimal(b, p);
      if (simple != null) {
        return simple;
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        scanNumber(b, p);
        BigDecimal d;
        try {
          d = numberAsDecimal(p);
        } catch (NumberFormatException | ArithmeticException e) {
          // an exponent BigDecimal cannot hold (1e9999999999)
          throw mismatch(DECIMAL, new Raw(numberText(p)));
        }
        pos = tokenEnd;
        return d;
      }
      throw mismatch(DECIMAL, found(p));
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(DECIMAL);
    }
  }

  /**
   * The common decimal: {@code -?digits(.digits)?} with at most 18 digits and no exponent, read
   * without the general scanner; null for anything else (and at the end of the input), which the
   * general path then reads or rejects. Moves past it.
   */
  private BigDecimal simpleDecimal(byte[] b, int p) {
    try {
      int q = p;
      int c = b[q];
      boolean negative = c == '-';
      if (negative) {
        c = b[++q];
      }
      int start = q;
      long m = c - '0';
      if (m < 0 || m > 9) {
        return null;
      }
      c = b[++q];
      if (m != 0) {
        while (c >= '0' && c <= '9') {
          m = m * 10 + (c - '0');
          c = b[++q];
        }
      }
      int digits = q - start;
      int scale = 0;
      if (c == '.') {
        int fractionStart = ++q;
        c = b[q];
        while (c >= '0' && c <= '9') {
          m = m * 10 + (c - '0');
          c = b[++q];
        }
        scale = q - fractionStart;
        if (scale == 0) {
          return null;
        }
      }
      // A digit here is one after a leading zero: malformed, for the general path to report.
      if (c == 'e' || c == 'E' || (c >= '0' && c <= '9') || digits + scale > 18) {
        return null;
      }
      pos = q;
      return BigDecimal.valueOf(negative ? -m : m, scale);
    } catch (ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** The number just scanned at {@code p}, exactly, with the scale its text has. */
  private BigDecimal numberAsDecimal(int p) {
    int digits = numDigits + numFractionDigits;
    if (digits <= 18 && numExponentDigits <= 9) {
      long unscaled = numNegative ? -numMantissa : numMantissa;
      if (numInteger) {
        return BigDecimal.valueOf(unscaled);
      }
      // |scale| < 10^9 + 18: fits an int.
      return BigDecimal.valueOf(unscaled, (int) (numFractionDigits - numExponent));
    }
    return parseDecimal(p);
  }

  /** The number just scanned at {@code p}, parsed from its text as jackson does. */
  private BigDecimal parseDecimal(int p) {
    int len = tokenEnd - p;
    char[] c = numberChars(p, len);
    return NumberInput.parseBigDecimal(c, 0, len, true);
  }

  @Override
  public Instant instant() {
    try {
      byte[] b = buf;
      int p = pos;
      byte c = b[p];
      if (c <= ' ') {
        p = skipWs(b, p);
        c = b[p];
      }
      if (c != '"') {
        throw mismatch(INSTANT, found(p));
      }
      int from = p + 1;
      int q = scanPlain(b, from);
      int len = q - from;
      if (b[q] == '"' && len <= IsoInstant.MAX_LENGTH) {
        char[] text = scratch(IsoInstant.MAX_LENGTH);
        for (int i = 0; i < len; i++) {
          text[i] = (char) b[from + i];
        }
        Instant fast = IsoInstant.parse(text, 0, len);
        if (fast != null) {
          pos = q + 1;
          return fast;
        }
      }
      String text = readString(b, from);
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw mismatch(INSTANT, text);
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(INSTANT);
    }
  }

  // ---- schemaless ---------------------------------------------------------------------------

  @Override
  public Object any() {
    try {
      int p = skipWs(buf, pos);
      return anyValue(p);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw endOfInput(VALUE);
    }
  }

  /** The value at {@code p} (after whitespace) as a tree; moves past it. */
  private Object anyValue(int p) {
    final byte[] b = buf;
    byte c = b[p];
    switch (c) {
      case '"':
        return shared(readString(b, p + 1));
      case 't':
        pos = literal(b, p, "true");
        return Boolean.TRUE;
      case 'f':
        pos = literal(b, p, "false");
        return Boolean.FALSE;
      case 'n':
        pos = literal(b, p, "null");
        return null;
      case '[':
        {
          push(ARRAY);
          int level = depth - 1;
          ArrayList<Object> list = new ArrayList<>();
          p = skipWs(b, p + 1);
          if (b[p] == ']') {
            pos = p + 1;
            depth--;
            return list;
          }
          while (true) {
            if (VALUE_START[b[p] & 0xFF] == 0) {
              throw malformed(unexpected(p) + ": expected a value", p);
            }
            counters[level]++;
            list.add(anyValue(p));
            p = skipWs(b, pos);
            c = b[p];
            if (c == ']') {
              pos = p + 1;
              depth--;
              list.trimToSize();
              return list;
            }
            if (c != ',') {
              throw malformed(unexpected(p) + ": expected ',' or ']' after an array element", p);
            }
            p = skipWs(b, p + 1);
          }
        }
      case '{':
        {
          push(OBJECT);
          int level = depth - 1;
          if (names == null) {
            names = new String[kinds.length];
          }
          // Small: most objects have a few members, and an empty table per object adds up.
          Map<String, Object> map = new LinkedHashMap<>(4);
          p = skipWs(b, p + 1);
          if (b[p] == '}') {
            pos = p + 1;
            depth--;
            return map;
          }
          while (true) {
            if (b[p] != '"') {
              throw malformed(
                  unexpected(p) + ": expected a field name (a string in double quotes)", p);
            }
            String name = shared(readName(b, p + 1, p + 1));
            p = skipWs(b, tokenEnd);
            if (b[p] != ':') {
              throw malformed(unexpected(p) + ": expected ':' after a field name", p);
            }
            p = skipWs(b, p + 1);
            names[level] = name;
            map.put(name, anyValue(p));
            p = skipWs(b, pos);
            c = b[p];
            if (c == '}') {
              pos = p + 1;
              depth--;
              return map;
            }
            if (c != ',') {
              throw malformed(unexpected(p) + ": expected ',' or '}' after an object member", p);
            }
            p = skipWs(b, p + 1);
          }
        }
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          scanNumber(b, p);
          Object n = numberAsAny(p);
          pos = tokenEnd;
          return shared(n);
        }
        throw malformed(unexpected(p) + ": expected a value", p);
    }
  }

  /**
   * One instance per distinct short string of a schemaless value: the names of an array of objects
   * repeat in every element, and a tree keeps each string it holds.
   */
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

  /** The number just scanned at {@code p}: a Long, a BigInteger or a BigDecimal. */
  private Object numberAsAny(int p) {
    if (numInteger) {
      if (numDigits <= 18) {
        return numNegative ? -numMantissa : numMantissa;
      }
      if (numDigits == 19 && long19(p)) {
        return numLong;
      }
      return NumberInput.parseBigInteger(numberText(p), true);
    }
    // A BigDecimal, exact and with its scale: 1.50 stays 1.50 when the value is written back.
    try {
      return numberAsDecimal(p);
    } catch (NumberFormatException | ArithmeticException e) {
      throw mismatch("a number with an exponent within int range", new Raw(numberText(p)));
    }
  }

  // ---- lexing -------------------------------------------------------------------------------

  /** Checks the literal {@code word} at {@code p}; returns the position after it. */
  private int literal(byte[] b, int p, String word) {
    int n = word.length();
    for (int i = 1; i < n; i++) {
      if (b[p + i] != word.charAt(i)) {
        throw malformed(unrecognizedToken(p), p);
      }
    }
    return p + n;
  }

  private String unrecognizedToken(int p) {
    int q = p;
    while (q < buf.length && q - p < 40 && Character.isLetterOrDigit(buf[q] & 0xFF)) {
      q++;
    }
    String token = q > p ? new String(buf, p, q - p, StandardCharsets.ISO_8859_1) : "";
    return "unrecognized token '"
        + token
        + "': expected a JSON value (a string, number, object,"
        + " array, true, false or null)";
  }

  /**
   * Scans the number at {@code p} (a '-' or a digit), checking JSON's grammar and the length limit,
   * and records its parts in the num* fields. Checks the end of the input explicitly, as a number
   * at the top level ends where the input does.
   */
  private void scanNumber(byte[] b, int p) {
    final int end = b.length;
    int q = p;
    boolean negative = false;
    if (b[q] == '-') {
      negative = true;
      q++;
      if (q >= end) {
        throw malformed("unexpected end of input in a number", q);
      }
    }
    long m = 0;
    int c = b[q];
    int intDigits;
    if (c == '0') {
      q++;
      intDigits = 1;
      if (q < end && isDigit(b[q])) {
        throw malformed("leading zeros are not allowed in a number", q);
      }
    } else if (c >= '1' && c <= '9') {
      int s = q;
      while (q < end && isDigit(c = b[q])) {
        m = m * 10 + (c - '0');
        q++;
      }
      intDigits = q - s;
    } else {
      throw malformed(unexpected(q) + " in a number: expected a digit", q);
    }
    boolean integer = true;
    int fractionDigits = 0;
    if (q < end && b[q] == '.') {
      integer = false;
      q++;
      int s = q;
      while (q < end && isDigit(c = b[q])) {
        m = m * 10 + (c - '0');
        q++;
      }
      fractionDigits = q - s;
      if (fractionDigits == 0) {
        throw malformed(
            (q < end ? unexpected(q) : "end of input")
                + " in a number: the decimal point must be"
                + " followed by a digit",
            q);
      }
    }
    int exponentDigits = 0;
    long exponent = 0;
    if (q < end && (b[q] == 'e' || b[q] == 'E')) {
      integer = false;
      q++;
      boolean negativeExponent = false;
      if (q < end && (b[q] == '+' || b[q] == '-')) {
        negativeExponent = b[q] == '-';
        q++;
      }
      int s = q;
      while (q < end && isDigit(c = b[q])) {
        if (exponent < 1_000_000_000_000L) {
          exponent = exponent * 10 + (c - '0');
        }
        q++;
      }
      exponentDigits = q - s;
      if (exponentDigits == 0) {
        throw malformed(
            (q < end ? unexpected(q) : "end of input")
                + " in a number: the exponent must have a"
                + " digit",
            q);
      }
      if (negativeExponent) {
        exponent = -exponent;
      }
    }
    int length = intDigits + fractionDigits + exponentDigits;
    if (length > MAX_NUMBER_DIGITS) {
      throw limit(
          "number length (" + length + ") exceeds the maximum allowed (" + MAX_NUMBER_DIGITS + ")",
          p);
    }
    tokenEnd = q;
    numNegative = negative;
    numInteger = integer;
    numDigits = intDigits;
    numFractionDigits = fractionDigits;
    numMantissa = m;
    numExponent = exponent;
    numExponentDigits = exponentDigits;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private String numberText(int p) {
    return new String(buf, p, tokenEnd - p, StandardCharsets.ISO_8859_1);
  }

  private char[] numberChars(int p, int len) {
    char[] c = scratch(len);
    for (int i = 0; i < len; i++) {
      c[i] = (char) buf[p + i];
    }
    return c;
  }

  private char[] scratch(int size) {
    char[] c = chars;
    if (c == null || c.length < size) {
      c = new char[Math.max(size, c == null ? 64 : c.length * 2)];
      chars = c;
    }
    return c;
  }

  /**
   * Decodes a string with escapes or non-ASCII chars into {@link #chars}: {@code from} is its first
   * char, {@code [from, q)} plain ASCII. Sets {@link #tokenEnd} past the closing quote.
   *
   * @param name whether it is a field name (jackson refuses lone surrogates escaped in names)
   * @return the number of chars
   */
  private int decodeString(byte[] b, int from, int q, boolean name) {
    int n = q - from;
    char[] out = scratch(Math.max(n + 16, 64));
    for (int i = 0; i < n; i++) {
      out[i] = (char) (b[from + i] & 0xFF);
    }
    int max = name ? Integer.MAX_VALUE : MAX_STRING_CHARS;
    final byte[] cls = plain;
    while (true) {
      // Room for two chars (a surrogate pair) at least.
      if (n + 2 > out.length) {
        out = grown(out, n);
      }
      int c = b[q];
      if (cls[c & 0xFF] == 0) {
        out[n++] = (char) (c & 0xFF);
        q++;
        continue;
      }
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        int ch = escape(b, q);
        q += b[q + 1] == 'u' ? 6 : 2;
        if (name && Character.isSurrogate((char) ch)) {
          if (Character.isLowSurrogate((char) ch)) {
            throw malformed(
                String.format(
                    "unexpected low surrogate in a field name: 0x%04x (no high surrogate before"
                        + " it)",
                    ch),
                q - 1);
          }
          // A high surrogate must be followed by an escaped low one.
          if (b[q] != '\\' || b[q + 1] != 'u') {
            throw malformed(
                String.format(
                    "broken surrogate pair in a field name: 0x%04x is not"
                        + " followed by an escaped low surrogate",
                    ch),
                q);
          }
          int low = escape(b, q);
          if (!Character.isLowSurrogate((char) low)) {
            throw malformed(
                String.format(
                    "broken surrogate pair in a field name: 0x%04x is"
                        + " followed by 0x%04x, not by a low surrogate",
                    ch, low),
                q + 5);
          }
          q += 6;
          out[n++] = (char) ch;
          out[n++] = (char) low;
        } else {
          out[n++] = (char) ch;
        }
      } else if (c >= 0 && c < 0x20) {
        throw malformed(
            String.format(
                "illegal unescaped control character (code %d) in a %s: it must be escaped",
                c, name ? "field name" : "string"),
            q);
      } else if (c == '?') {
        if (source != null) {
          out[n++] = source.charAt(q); // the char, whatever it is: bytes and chars line up
        } else {
          sawQuestionMark = true;
          out[n++] = '?';
        }
        q++;
      } else {
        int cp = utf8(b, q);
        q += cp >>> 24;
        cp &= 0xFFFFFF;
        if (cp >= 0x10000) {
          out[n++] = Character.highSurrogate(cp);
          out[n++] = Character.lowSurrogate(cp);
        } else {
          out[n++] = (char) cp;
        }
      }
    }
    if (n > max) {
      throw stringTooLong(n, from);
    }
    tokenEnd = q + 1;
    return n;
  }

  private char[] grown(char[] out, int n) {
    char[] bigger = Arrays.copyOf(out, Math.max(out.length * 2, n + 16));
    chars = bigger;
    return bigger;
  }

  /**
   * The escape at {@code b[q] == '\\'}: the char it stands for. A {@code \\uXXXX} escape gives the
   * code unit; the caller advances 6 bytes for it ({@code b[q + 1] == 'u'}), else 2.
   */
  private int escape(byte[] b, int q) {
    int e = b[q + 1];
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        int v = 0;
        for (int i = 2; i < 6; i++) {
          int h = HEX[b[q + i] & 0xFF];
          if (h < 0) {
            throw malformed(unexpected(q + i) + ": expected a hex digit in a \\u escape", q + i);
          }
          v = (v << 4) | h;
        }
        return v;
      default:
        throw malformed(
            unexpected(q + 1)
                + " after '\\': not a JSON escape (valid ones are"
                + " \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
            q + 1);
    }
  }

  /**
   * The code point of the UTF-8 sequence at {@code q} (a byte >= 0x80), with its length in the top
   * byte. Rejects what is not well-formed UTF-8 (RFC 3629): stray continuation bytes, overlong
   * forms, surrogates, code points beyond U+10FFFF, truncated sequences.
   */
  private int utf8(byte[] b, int q) {
    int c = b[q] & 0xFF;
    if (c >= 0xC2 && c <= 0xDF) {
      int c1 = b[q + 1];
      if ((c1 & 0xC0) != 0x80) {
        throw badUtf8(q + 1);
      }
      return (2 << 24) | ((c & 0x1F) << 6) | (c1 & 0x3F);
    }
    if (c >= 0xE0 && c <= 0xEF) {
      int c1 = b[q + 1] & 0xFF;
      // E0 needs A0..BF (no overlong forms), ED needs 80..9F (no surrogates).
      int lo = c == 0xE0 ? 0xA0 : 0x80;
      int hi = c == 0xED ? 0x9F : 0xBF;
      if (c1 < lo || c1 > hi) {
        throw badUtf8(q + 1);
      }
      int c2 = b[q + 2];
      if ((c2 & 0xC0) != 0x80) {
        throw badUtf8(q + 2);
      }
      return (3 << 24) | ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
    }
    if (c >= 0xF0 && c <= 0xF4) {
      int c1 = b[q + 1] & 0xFF;
      // F0 needs 90..BF (no overlong forms), F4 needs 80..8F (nothing beyond U+10FFFF).
      int lo = c == 0xF0 ? 0x90 : 0x80;
      int hi = c == 0xF4 ? 0x8F : 0xBF;
      if (c1 < lo || c1 > hi) {
        throw badUtf8(q + 1);
      }
      int c2 = b[q + 2];
      int c3 = b[q + 3];
      if ((c2 & 0xC0) != 0x80) {
        throw badUtf8(q + 2);
      }
      if ((c3 & 0xC0) != 0x80) {
        throw badUtf8(q + 3);
      }
      return (4 << 24)
          | ((c & 0x07) << 18)
          | ((c1 & 0x3F) << 12)
          | ((c2 & 0x3F) << 6)
          | (c3 & 0x3F);
    }
    throw badUtf8(q);
  }

  private DecodeException badUtf8(int at) {
    return malformed(
        String.format("invalid UTF-8: byte 0x%02x is not allowed here", buf[at] & 0xFF), at);
  }

  /**
   * A field name whose first char is at {@code from}, {@code [from, q)} plain: decoded into a
   * String. Sets {@link #tokenEnd} past the closing quote.
   */
  private String readName(byte[] b, int from, int q) {
    q = scanPlain(b, q);
    if (b[q] == '"') {
      int len = q - from;
      if (len > MAX_NAME_BYTES) {
        throw nameTooLong(len, from);
      }
      tokenEnd = q + 1;
      return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }
    int n = decodeString(b, from, q, true);
    String name = new String(chars, 0, n);
    if (tokenEnd - 1 - from > MAX_NAME_BYTES) { // the escaped form is longer than the UTF-8 one
      // Jackson counts UTF-8 bytes in bytes, chars in text.
      int length = fromText ? n : name.getBytes(StandardCharsets.UTF_8).length;
      if (length > MAX_NAME_BYTES) {
        throw nameTooLong(length, from);
      }
    }
    return name;
  }

  /** The name whose opening quote is at {@code quote}, already checked once. */
  private String decodeName(int quote) {
    int end = tokenEnd;
    try {
      return readName(buf, quote + 1, quote + 1);
    } finally {
      tokenEnd = end;
    }
  }

  /** Skips and checks the string whose first char is at {@code q}; returns the position after. */
  private int skipString(byte[] b, int q, boolean name) {
    int from = q;
    while (true) {
      q = scanPlain(b, q);
      int c = b[q];
      if (c == '"') {
        if (name && q - from > MAX_NAME_BYTES) {
          readName(b, from, from); // the exact check, on the decoded name
        }
        return q + 1;
      }
      if (c == '\\') {
        if (name) { // escapes in names follow jackson's surrogate rules: decode the name
          readName(b, from, from);
          return tokenEnd;
        }
        escape(b, q); // checks it
        q += b[q + 1] == 'u' ? 6 : 2;
      } else if (c >= 0 && c < 0x20) {
        throw malformed(
            String.format(
                "illegal unescaped control character (code %d) in a %s: it must be escaped",
                c, name ? "field name" : "string"),
            q);
      } else if (c == '?') {
        if (source == null) {
          sawQuestionMark = true;
        }
        q++;
      } else {
        q += utf8(b, q) >>> 24;
      }
    }
  }

  /**
   * Skips and checks the value at {@code p} (after whitespace), {@code nesting} levels below the
   * reader's current depth; returns the position after it.
   */
  private int skipValue(int p, int nesting) {
    final byte[] b = buf;
    byte c = b[p];
    switch (c) {
      case '"':
        return skipString(b, p + 1, false);
      case 't':
        return literal(b, p, "true");
      case 'f':
        return literal(b, p, "false");
      case 'n':
        return literal(b, p, "null");
      case '[':
        {
          checkNesting(nesting, p);
          p = skipWs(b, p + 1);
          if (b[p] == ']') {
            return p + 1;
          }
          while (true) {
            p = skipWs(b, skipValue(p, nesting + 1));
            c = b[p];
            if (c == ']') {
              return p + 1;
            }
            if (c != ',') {
              throw malformed(unexpected(p) + ": expected ',' or ']' after an array element", p);
            }
            p = skipWs(b, p + 1);
            if (b[p] == ']') {
              throw malformed(unexpected(p) + ": expected a value after ','", p);
            }
          }
        }
      case '{':
        {
          checkNesting(nesting, p);
          p = skipWs(b, p + 1);
          if (b[p] == '}') {
            return p + 1;
          }
          while (true) {
            if (b[p] != '"') {
              throw malformed(
                  unexpected(p) + ": expected a field name (a string in double quotes)", p);
            }
            p = skipWs(b, skipString(b, p + 1, true));
            if (b[p] != ':') {
              throw malformed(unexpected(p) + ": expected ':' after a field name", p);
            }
            p = skipWs(b, skipValue(skipWs(b, p + 1), nesting + 1));
            c = b[p];
            if (c == '}') {
              return p + 1;
            }
            if (c != ',') {
              throw malformed(unexpected(p) + ": expected ',' or '}' after an object member", p);
            }
            p = skipWs(b, p + 1);
          }
        }
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          scanNumber(b, p);
          return tokenEnd;
        }
        throw malformed(unexpected(p) + ": expected a value", p);
    }
  }

  private void checkNesting(int nesting, int p) {
    if (depth + nesting + 1 > MAX_DEPTH) {
      throw limit(
          "document nesting depth ("
              + (depth + nesting + 1)
              + ") exceeds the maximum allowed ("
              + MAX_DEPTH
              + ")",
          p);
    }
  }

  // ---- errors -------------------------------------------------------------------------------

  @Override
  public String path() {
    if (renderingPath) { // an unknown field's name failed to decode while rendering the path
      return "(path unavailable)";
    }
    renderingPath = true;
    try {
      return renderPath();
    } finally {
      renderingPath = false;
    }
  }

  private String renderPath() {
    StringBuilder b = new StringBuilder();
    if (prefix != null) {
      b.append(prefix);
    }
    for (int i = 0; i < depth; i++) {
      switch (kinds[i]) {
        case OBJECT:
          String name = names == null ? null : names[i];
          if (name == null && unknownNameAt != null && unknownNameAt[i] > 0) {
            try {
              name = decodeName(unknownNameAt[i] - 1);
            } catch (RuntimeException e) {
              name = "?";
            }
          }
          if (name == null && counters[i] > 0 && tables[i] != null) {
            name = tables[i].name(counters[i] - 1).value();
          }
          if (name != null) {
            FieldPath.appendName(b, name);
          }
          break;
        case MAP:
          if (names != null && names[i] != null) {
            FieldPath.appendKey(b, names[i]);
          }
          break;
        default:
          if (counters[i] >= 0) {
            b.append('[').append(counters[i]).append(']');
          }
      }
    }
    return b.length() == 0 ? FieldPath.ROOT : b.toString();
  }

  /**
   * What the value at {@code p} (after whitespace) is, for a type mismatch: a string is decoded, a
   * number shown as written, an object or array named. Malformed input fails here.
   */
  private Object found(int p) {
    byte[] b = buf;
    byte c = b[p];
    switch (c) {
      case '{':
        return new Raw("an object");
      case '[':
        return new Raw("an array");
      case '"':
        {
          int saved = pos;
          String s = readString(b, p + 1);
          pos = saved;
          return s;
        }
      case 't':
        literal(b, p, "true");
        return new Raw("true");
      case 'f':
        literal(b, p, "false");
        return new Raw("false");
      case 'n':
        literal(b, p, "null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          scanNumber(b, p);
          return new Raw(numberText(p));
        }
        throw malformed(unexpected(p) + ": expected a value", p);
    }
  }

  /** The byte at {@code p} described for an error message. */
  private String unexpected(int p) {
    if (p >= buf.length) {
      return "unexpected end of input";
    }
    int c = buf[p] & 0xFF;
    if (c >= 0x20 && c < 0x7F && (c != '?' || source == null)) {
      return "unexpected character '" + (char) c + "'";
    }
    if (source != null) {
      return String.format("unexpected character U+%04X", (int) source.charAt(p));
    }
    return String.format("unexpected byte 0x%02x", c);
  }

  /** Reading ran past the end of the input while looking for {@code expected}. */
  private DecodeException endOfInput(String expected) {
    // At the top level before any value: a mismatch, as for any other value of the wrong type.
    if (depth == 0) {
      int p = pos;
      byte[] b = buf;
      while (p < b.length && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t')) {
        p++;
      }
      if (p == b.length) {
        return mismatch(expected, new Raw("the end of the input"));
      }
    }
    return malformed("unexpected end of input", buf.length);
  }

  private DecodeException malformed(String message, int at) {
    return new DecodeException(
        path(), WELL_FORMED, near(at), "malformed JSON" + location(at) + ": " + message, null);
  }

  private DecodeException limit(String message, int at) {
    return new DecodeException(
        path(),
        WITHIN_LIMITS,
        near(at),
        "JSON exceeds a limit" + location(at) + ": " + message,
        null);
  }

  /** What the input holds at {@code at}, for an error: a few chars, or the end of the input. */
  private Raw near(int at) {
    if (at >= buf.length) {
      return new Raw("the end of the input");
    }
    int from = Math.max(at, start);
    int to = Math.min(buf.length, from + 24);
    String text =
        source != null
            ? source.substring(from, to)
            : new String(buf, from, to - from, StandardCharsets.UTF_8);
    return new Raw(text + (to < buf.length ? "..." : ""));
  }

  private DecodeException stringTooLong(int length, int at) {
    return limit(
        "string value length ("
            + length
            + ") exceeds the maximum allowed ("
            + MAX_STRING_CHARS
            + ")",
        at);
  }

  private DecodeException nameTooLong(int length, int at) {
    return limit(
        "name length (" + length + ") exceeds the maximum allowed (" + MAX_NAME_BYTES + ")", at);
  }

  /**
   * " at line L, column C" for byte {@code at}: lines end at LF, CR or CRLF; columns count bytes,
   * or chars when the input was a Java string.
   */
  private String location(int at) {
    byte[] b = buf;
    int end = Math.min(at, b.length);
    int line = 1;
    int lineStart = start;
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (c == '\n') {
        line++;
        lineStart = i + 1;
      } else if (c == '\r') {
        if (i + 1 < end && b[i + 1] == '\n') {
          i++;
        }
        line++;
        lineStart = i + 1;
      }
    }
    int column = at - lineStart;
    if (fromText && source == null) { // UTF-16 units from UTF-8: 4-byte sequences are two
      column = 0;
      for (int i = lineStart; i < end; i++) {
        int c = b[i] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          column += c >= 0xF0 ? 2 : 1;
        }
      }
      column += at - end;
    }
    return " at line " + line + ", column " + (column + 1);
  }

  /** Fails unless only whitespace follows the value just read. */
  void expectEnd() {
    byte[] b = buf;
    int p = pos;
    while (p < b.length && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t')) {
      p++;
    }
    if (p == b.length) {
      return;
    }
    Object found;
    try {
      found = found(p);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw malformed("unexpected end of input", b.length);
    }
    throw new DecodeException(
        path(),
        "nothing after the JSON value",
        found,
        "trailing content after the JSON value"
            + location(p)
            + ": found "
            + (found instanceof String s ? '"' + s + '"' : String.valueOf(found)),
        null);
  }

  /** A found value shown as is, not quoted like a string. */
  private record Raw(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
