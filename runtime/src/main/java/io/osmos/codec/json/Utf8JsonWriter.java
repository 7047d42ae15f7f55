package io.osmos.codec.json;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.io.SerializedString;
import io.osmos.codec.CodecLimits;
import io.osmos.codec.FieldName;
import io.osmos.codec.FieldWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A {@link FieldWriter} that writes UTF-8 JSON straight into a byte array, for {@link JsonFormat}'s
 * own encode methods. Its output is byte for byte what {@link JsonFieldWriter} writes through a
 * generator of {@link JsonFormat}'s factory (the tests compare the two on random input); it exists
 * because that generator, general-purpose, spends much of a small model's encoding time on its own
 * bookkeeping (a context object per level, a check per value, a flush check per token).
 *
 * <p>What it shares with jackson's default {@code UTF8JsonGenerator}, and so must keep:
 *
 * <ul>
 *   <li>strings escape {@code "} and {@code \}, write {@code \b \t \n \f \r} as such, the other
 *       control characters as {@code \}{@code u00XX} (upper-case hex), leave {@code /} and DEL
 *       alone, and write each half of a surrogate pair as its own {@code \}{@code uXXXX} escape
 *       (jackson does not combine pairs by default), so the output is always valid UTF-8;
 *   <li>field names of a model ({@link FieldName}) are written from jackson's {@link
 *       SerializedString#asQuotedUTF8()}, which encodes a surrogate pair as four UTF-8 bytes and
 *       rejects a lone surrogate; dynamic names (map keys) are escaped like string values;
 *   <li>doubles and floats through jackson's {@link NumberOutput} (its fast, shortest round-trip
 *       writer), non-finite ones as the strings {@code "NaN"}, {@code "Infinity"}, {@code
 *       "-Infinity"}; decimals as {@code BigDecimal.toString()}; bytes as padded standard base64;
 * </ul>
 *
 * <p>Unlike jackson it checks {@link CodecLimits} first: a lone surrogate, a string, name or number
 * longer than a reader accepts, or nesting deeper than {@link CodecLimits#MAX_DEPTH} is refused
 * before it is written, so that what this writer accepts every reader reads back.
 *
 * <p>For text ({@link #toText()}) it matches jackson's char-based generator instead, which differs
 * only in that no char from U+0080 up is escaped or encoded: surrogates, paired or not, are kept as
 * they are. The buffer then holds Latin-1, which makes a string by a plain copy (decoding UTF-8
 * would cost more than encoding the document on JDK 17); each char beyond Latin-1 is a zero byte
 * there (which JSON text never holds raw) with the char and its position kept on the side, put in
 * place when the string is made.
 *
 * <p>Structure is checked as cheaply as a comma flag: one state per position says what may come
 * next, and a misplaced call fails with an {@link IllegalStateException} saying what was expected:
 * a value or an object or array inside an object without a name before it, a name outside an object
 * or right after another name, an end that does not match the innermost open object or array, a
 * second top-level value, and (when the bytes are taken) an unclosed object or array or no value at
 * all.
 *
 * <p>The buffer doubles when full; with an output stream it is flushed instead, so memory stays
 * bounded however large the values (long strings, bytes and decimals are written in segments). Each
 * thread keeps one writer (buffer of at most {@link #MAX_KEPT} bytes) for reuse, so encoding
 * allocates little more than its result; a nested encode on the same thread gets a fresh writer.
 * Not thread-safe; an instance must not be used after {@link #release()}.
 */
final class Utf8JsonWriter implements FieldWriter {
  // What may come next at the current position; see the class comment.
  /** Nothing written yet: one value, no comma. */
  private static final int ROOT = 0;

  /** Just after {@code [}: a value or the end, no comma. */
  private static final int ARRAY_FIRST = 1;

  /** After an element: a comma and a value, or the end. */
  private static final int ARRAY_NEXT = 2;

  /** Just after the opening brace: a name or the end, no comma. */
  private static final int OBJECT_FIRST = 3;

  /** After a member: a comma and a name, or the end. */
  private static final int OBJECT_NEXT = 4;

  /** After a name: its value. */
  private static final int MEMBER_VALUE = 5;

  /** After the top-level value: nothing. */
  private static final int DONE = 6;

  /** Initial buffer size; the buffers jackson recycles are 8000 bytes. */
  static final int INITIAL_SIZE = 8192;

  /** Buffers larger than this are dropped after use instead of kept for the thread's next use. */
  static final int MAX_KEPT = 64 * 1024;

  /** Chars of a string escaped per step (so a step needs at most 6 times as many bytes). */
  private static final int SEGMENT = 1024;

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(StandardCharsets.US_ASCII);

  /**
   * For each ASCII char: 0 if it is written as is, the letter of its two-char escape ({@code \n}),
   * or -1 for a {@code \}{@code u00XX} escape.
   */
  private static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = -1;
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
  }

  /** Eight bytes at a time into a byte array. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final ThreadLocal<Utf8JsonWriter> CACHED =
      ThreadLocal.withInitial(() -> new Utf8JsonWriter(INITIAL_SIZE));

  private byte[] buf;
  private int pos;

  /** Where a full buffer is flushed; null to grow the buffer instead. */
  private OutputStream out;

  private int state = ROOT;

  /** The state after a complete value at the current level: ARRAY_NEXT, OBJECT_NEXT or DONE. */
  private int after = DONE;

  /** Open objects and arrays. */
  private int depth;

  /**
   * Levels above this writer's top-level value: 1 for a single value, which is stored inside a
   * model (see {@link CodecLimits#MAX_DEPTH}).
   */
  private int baseDepth;

  /** The {@code after} of each enclosing level, indexed by depth. */
  private byte[] afters = new byte[32];

  /** Writing text, not UTF-8 (see the class comment). */
  private boolean text;

  /** Writing text: the chars beyond Latin-1 and their positions in the buffer. */
  private char[] wideChars = new char[0];

  private int[] widePositions = new int[0];
  private int wideCount;

  /** Writing text with chars beyond Latin-1: where the text is put together. */
  private char[] chars = new char[0];

  private char[] scratch; // for instants, allocated on first use
  private boolean inUse;

  Utf8JsonWriter(int initialSize) {
    buf = new byte[Math.max(initialSize, 16)];
  }

  /**
   * This thread's writer, ready for a new document of bytes: {@code out} receives them (call {@link
   * #finish()} at the end), or, when null, take them with {@link #toByteArray()}. Call {@link
   * #release()} when done, also after a failure.
   */
  static Utf8JsonWriter acquire(OutputStream out) {
    Utf8JsonWriter w = acquire();
    w.out = out;
    return w;
  }

  /**
   * Like {@link #acquire(OutputStream)}, for a document of text: take it with {@link #toText()}.
   */
  static Utf8JsonWriter acquireForText() {
    Utf8JsonWriter w = acquire();
    w.text = true;
    return w;
  }

  private static Utf8JsonWriter acquire() {
    Utf8JsonWriter w = CACHED.get();
    if (w.inUse) {
      // A codec encodes another document while writing this one; the cached writer is taken.
      w = new Utf8JsonWriter(INITIAL_SIZE);
    }
    w.inUse = true;
    return w;
  }

  /** Marks the document as a single value, which is stored one level inside a model. */
  Utf8JsonWriter forValue() {
    baseDepth = 1;
    return this;
  }

  /** Starts a new document for the tests (which create writers without {@link #acquire}). */
  Utf8JsonWriter reset(OutputStream out, boolean text) {
    release();
    this.out = out;
    this.text = text;
    return this;
  }

  /** Readies this writer for the thread's next document. */
  void release() {
    inUse = false;
    out = null;
    text = false;
    wideCount = 0;
    if (wideChars.length > MAX_KEPT / 4) {
      wideChars = new char[0];
      widePositions = new int[0];
    }
    if (chars.length > MAX_KEPT / 2) {
      chars = new char[0];
    }
    pos = 0;
    state = ROOT;
    after = DONE;
    depth = 0;
    baseDepth = 0;
    if (buf.length > MAX_KEPT) {
      buf = new byte[INITIAL_SIZE];
    }
  }

  /** The document written, as a new array. */
  byte[] toByteArray() {
    checkComplete();
    return Arrays.copyOf(buf, pos);
  }

  /** The document written, as text. */
  String toText() {
    checkComplete();
    if (wideCount == 0) {
      return new String(buf, 0, pos, StandardCharsets.ISO_8859_1);
    }
    int n = pos;
    char[] chars = this.chars;
    if (chars.length < n) {
      chars = this.chars = new char[Math.max(n, chars.length * 2)];
    }
    // Latin-1 to chars through a string: both steps are JDK intrinsics, several times faster than
    // a loop here.
    new String(buf, 0, n, StandardCharsets.ISO_8859_1).getChars(0, n, chars, 0);
    for (int i = 0; i < wideCount; i++) {
      chars[widePositions[i]] = wideChars[i];
    }
    return new String(chars, 0, n);
  }

  /** Writing text: notes a char beyond Latin-1 at {@code position} (which holds a zero byte). */
  private void wide(int position, char c) {
    if (wideCount == wideChars.length) {
      int n = Math.max(16, wideCount * 2);
      wideChars = Arrays.copyOf(wideChars, n);
      widePositions = Arrays.copyOf(widePositions, n);
    }
    wideChars[wideCount] = c;
    widePositions[wideCount++] = position;
  }

  /** Writes what the buffer still holds to the stream and flushes it. */
  void finish() {
    checkComplete();
    try {
      out.write(buf, 0, pos);
      pos = 0;
      out.flush();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private void checkComplete() {
    if (state != DONE) {
      throw new IllegalStateException(
          depth > 0
              ? "invalid JSON write: " + depth + " object(s) or array(s) still open at the end"
              : "invalid JSON write: nothing was written, expected one value");
    }
  }

  // ---- buffer --------------------------------------------------------------------------------

  /** Makes room for {@code n} more bytes at {@code pos} (which may move to 0). */
  private void ensure(int n) {
    if (pos + n > buf.length) {
      makeRoom(n);
    }
  }

  private void makeRoom(int n) {
    if (out != null) {
      try {
        out.write(buf, 0, pos);
      } catch (IOException e) {
        throw failed(e);
      }
      pos = 0;
      if (n <= buf.length) {
        return;
      }
    }
    int size = Math.max(buf.length * 2, pos + n);
    if (size < 0) { // overflow
      throw new OutOfMemoryError("JSON document larger than 2 GB");
    }
    buf = Arrays.copyOf(buf, size);
  }

  private static UncheckedIOException failed(IOException e) {
    return new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
  }

  // ---- structure -----------------------------------------------------------------------------

  /**
   * Writes what must precede a value at {@code p} (a comma between array elements) and returns the
   * new position; the caller has made room for one byte. Called only when the state is not {@link
   * #MEMBER_VALUE}, which needs nothing.
   */
  private int separator(int p) {
    switch (state) {
      case ARRAY_NEXT:
        buf[p] = ',';
        return p + 1;
      case ROOT:
      case ARRAY_FIRST:
        return p;
      case OBJECT_FIRST:
      case OBJECT_NEXT:
        throw new IllegalStateException(
            "invalid JSON write: a value inside an object without a name; call name(..) first");
      default: // DONE
        throw new IllegalStateException(
            "invalid JSON write: a second top-level value; a document holds one value");
    }
  }

  private void push(int next) {
    if (depth == afters.length) {
      afters = Arrays.copyOf(afters, depth * 2);
    }
    afters[depth++] = (byte) after;
    if (depth + baseDepth > CodecLimits.MAX_DEPTH) {
      CodecLimits.checkDepth(depth + baseDepth);
    }
    after = next;
  }

  private void pop() {
    after = afters[--depth];
    state = after;
  }

  @Override
  public void beginObject() {
    begin('{', OBJECT_NEXT, OBJECT_FIRST);
  }

  @Override
  public void endObject() {
    end('}', OBJECT_NEXT, OBJECT_FIRST, "endObject()");
  }

  @Override
  public void beginArray() {
    begin('[', ARRAY_NEXT, ARRAY_FIRST);
  }

  @Override
  public void endArray() {
    end(']', ARRAY_NEXT, ARRAY_FIRST, "endArray()");
  }

  private void begin(char open, int next, int first) {
    ensure(2);
    int p = pos;
    if (state != MEMBER_VALUE) {
      p = separator(p);
    }
    buf[p] = (byte) open;
    pos = p + 1;
    push(next);
    state = first;
  }

  private void end(char close, int next, int first, String call) {
    int s = state;
    if (s != next && s != first) {
      throw misplacedEnd(call);
    }
    ensure(1);
    buf[pos++] = (byte) close;
    pop();
  }

  private IllegalStateException misplacedEnd(String call) {
    String where;
    switch (state) {
      case MEMBER_VALUE:
        where = "after a name, where its value belongs";
        break;
      case OBJECT_FIRST:
      case OBJECT_NEXT:
        where = "inside an object; call endObject()";
        break;
      case ARRAY_FIRST:
      case ARRAY_NEXT:
        where = "inside an array; call endArray()";
        break;
      default:
        where = "outside any object or array";
    }
    return new IllegalStateException("invalid JSON write: " + call + " " + where);
  }

  @Override
  public void name(FieldName name) {
    EncodedName e = encoded(name);
    int s = state;
    if (e.inTwoLongs && (s == OBJECT_NEXT || s == OBJECT_FIRST)) {
      // The common case: a short name, the same in every mode, as two 8-byte stores (what lies
      // past its end is overwritten by what follows).
      ensure(16);
      byte[] b = buf;
      int p = pos;
      if (s == OBJECT_NEXT) {
        LONGS.set(b, p, e.withComma0);
        LONGS.set(b, p + 8, e.withComma1);
        pos = p + e.length;
      } else {
        LONGS.set(b, p, e.withoutComma0);
        LONGS.set(b, p + 8, e.withoutComma1);
        pos = p + e.length - 1;
      }
      state = MEMBER_VALUE;
    } else {
      longName(name, e);
    }
  }

  /** {@link #name(FieldName)} for the other names (and misplaced ones). */
  private void longName(FieldName name, EncodedName e) {
    int s = state;
    int from;
    if (s == OBJECT_NEXT) {
      from = 0;
    } else if (s == OBJECT_FIRST) {
      from = 1;
    } else {
      throw misplacedName(name.value());
    }
    byte[] member = text ? e.textMember : e.member;
    if (member == null) {
      if (!text) {
        throw new IllegalArgumentException(
            "cannot write field name \""
                + name.value()
                + "\" as UTF-8 JSON: it holds a lone"
                + " surrogate ("
                + e.problem
                + "); a name must be valid UTF-16");
      }
      // Text with a char beyond Latin-1: as a dynamic name, escaped as jackson's char-based
      // generator escapes names.
      name(name.value());
      return;
    }
    int n = member.length - from;
    ensure(n);
    System.arraycopy(member, from, buf, pos, n);
    pos += n;
    state = MEMBER_VALUE;
  }

  @Override
  public void name(String name) {
    int s = state;
    if (s != OBJECT_NEXT && s != OBJECT_FIRST) {
      throw misplacedName(name);
    }
    CodecLimits.checkName(name);
    ensure(1);
    if (s == OBJECT_NEXT) {
      buf[pos++] = ',';
    }
    quoted(name);
    ensure(1);
    buf[pos++] = ':';
    state = MEMBER_VALUE;
  }

  private IllegalStateException misplacedName(String name) {
    return new IllegalStateException(
        "invalid JSON write: name \""
            + name
            + "\" "
            + (state == MEMBER_VALUE
                ? "right after another name; write the previous name's value first"
                : "outside an object; names belong inside beginObject() .. endObject()"));
  }

  /** A model's field name, encoded once and kept on the name. */
  private static EncodedName encoded(FieldName name) {
    Object cached = name.formatCache();
    if (cached instanceof EncodedName e) {
      return e;
    }
    EncodedName e = new EncodedName(name.value());
    name.formatCache(e);
    return e;
  }

  /**
   * A field name's encoded forms, kept in {@link FieldName#formatCache()}: the slot {@link
   * JsonFieldWriter} keeps a {@link SerializedString} in, so this is one (jackson's writer accepts
   * it) that also holds the bytes this writer copies.
   */
  static final class EncodedName extends SerializedString {
    private static final long serialVersionUID = 1L;

    /**
     * {@code ,"name":} with the name escaped as jackson's UTF-8 generator does ({@link
     * #asQuotedUTF8()}); null if the name holds a lone surrogate, which that rejects.
     */
    final transient byte[] member;

    /**
     * The same for text, as jackson's char-based generator escapes it ({@link #asQuotedChars()}),
     * in Latin-1; null if the name holds a char beyond Latin-1.
     */
    final transient byte[] textMember;

    /** Why {@link #member} is null. */
    final transient String problem;

    /**
     * Whether {@link #member} is also {@link #textMember} and at most 16 bytes long, so that these
     * hold it: its first 16 bytes (zero-padded), with and without the comma, as little-endian
     * longs.
     */
    final transient boolean inTwoLongs;

    final transient long withComma0;
    final transient long withComma1;
    final transient long withoutComma0;
    final transient long withoutComma1;

    /** The length of {@link #member}. */
    final transient int length;

    EncodedName(String name) {
      super(name);
      byte[] escaped;
      String problem = null;
      try {
        escaped = asQuotedUTF8();
      } catch (IllegalArgumentException e) {
        escaped = null;
        problem = e.getMessage();
      }
      this.problem = problem;
      this.member = escaped == null ? null : member(escaped);
      String chars = new String(asQuotedChars());
      if (chars.chars().anyMatch(c -> c > 0xff)) {
        this.textMember = null;
      } else {
        byte[] latin1 = chars.getBytes(StandardCharsets.ISO_8859_1);
        this.textMember = Arrays.equals(latin1, escaped) ? member : member(latin1);
      }
      this.inTwoLongs = member != null && member == textMember && member.length <= 16;
      this.length = member == null ? 0 : member.length;
      byte[] padded = member == null ? new byte[17] : Arrays.copyOf(member, 17);
      withComma0 = (long) LONGS.get(padded, 0);
      withComma1 = (long) LONGS.get(padded, 8);
      withoutComma0 = (long) LONGS.get(padded, 1);
      withoutComma1 = (long) LONGS.get(padded, 9);
    }

    private static byte[] member(byte[] escaped) {
      byte[] member = new byte[escaped.length + 4];
      member[0] = ',';
      member[1] = '"';
      System.arraycopy(escaped, 0, member, 2, escaped.length);
      member[member.length - 2] = '"';
      member[member.length - 1] = ':';
      return member;
    }
  }

  // ---- scalars -------------------------------------------------------------------------------

  @Override
  public void string(String value) {
    int len = value.length();
    if (len > SEGMENT) {
      if (len > CodecLimits.MAX_STRING_CHARS) {
        throw CodecLimits.stringTooLong(len);
      }
      ensure(1);
      if (state != MEMBER_VALUE) {
        pos = separator(pos);
      }
      quoted(value);
      state = after;
      return;
    }
    // The common case (quoted() without a call): short and plain ASCII, in one pass.
    ensure(len + 3);
    byte[] b = buf;
    int p = pos;
    if (state != MEMBER_VALUE) {
      p = separator(p);
    }
    b[p++] = '"';
    int i = plainAscii(value, len, b, p);
    p += i;
    if (i < len) {
      pos = p;
      escaped(value, i, len);
      ensure(1);
      b = buf;
      p = pos;
    }
    b[p] = '"';
    pos = p + 1;
    state = after;
  }

  /**
   * Copies the chars of {@code s} from the first up to the first one that is not printable ASCII or
   * is {@code "} or {@code \\} into {@code b} at {@code p} (which has room for {@code len});
   * returns how many it copied. Indexed from fixed bases, so the JIT drops the bounds checks.
   */
  private static int plainAscii(String s, int len, byte[] b, int p) {
    int i = 0;
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        break;
      }
      b[p + i] = (byte) c;
    }
    return i;
  }

  @Override
  public void stringOrNull(String value) {
    if (value == null) {
      nul();
    } else {
      string(value);
    }
  }

  /** Writes {@code s} quoted and escaped. */
  private void quoted(String s) {
    int len = s.length();
    if (len <= SEGMENT) {
      // The common case: short and (usually) plain ASCII, in one pass.
      ensure(len + 2);
      byte[] b = buf;
      int p = pos;
      b[p++] = '"';
      int i = 0;
      for (; i < len; i++) {
        char c = s.charAt(i);
        if (c >= 0x80 || ESCAPES[c] != 0) {
          break;
        }
        b[p++] = (byte) c;
      }
      pos = p;
      if (i < len) {
        escaped(s, i, len);
      }
    } else {
      ensure(1);
      buf[pos++] = '"';
      chars(s, 0, len);
    }
    ensure(1);
    buf[pos++] = '"';
  }

  /** Writes chars {@code i..len} of {@code s}, escaped, in segments. */
  private void chars(String s, int i, int len) {
    while (i < len) {
      int end = Math.min(len, i + SEGMENT);
      ensure(end - i);
      byte[] b = buf;
      int p = pos;
      for (; i < end; i++) {
        char c = s.charAt(i);
        if (c >= 0x80 || ESCAPES[c] != 0) {
          break;
        }
        b[p++] = (byte) c;
      }
      pos = p;
      if (i < end) {
        escaped(s, i, end);
        i = end;
      }
    }
  }

  /** Writes chars {@code i..end} of {@code s} (at most {@link #SEGMENT}), escaped. */
  private void escaped(String s, int i, int end) {
    ensure(6 * (end - i));
    byte[] b = buf;
    int p = pos;
    for (; i < end; i++) {
      int c = s.charAt(i);
      if (c < 0x80) {
        int e = ESCAPES[c];
        if (e == 0) {
          b[p++] = (byte) c;
        } else if (e > 0) {
          b[p++] = '\\';
          b[p++] = (byte) e;
        } else {
          p = unicodeEscape(b, p, c);
        }
        continue;
      }
      if (text) {
        // Kept as is: Latin-1 in the buffer, beyond that on the side.
        if (c > 0xff) {
          if (Character.isSurrogate((char) c) && !CodecLimits.isPaired(s, i)) {
            pos = p;
            throw CodecLimits.invalidText(s, i, "a string");
          }
          wide(p, (char) c);
          c = 0;
        }
        b[p++] = (byte) c;
        continue;
      }
      if (c < 0x800) {
        b[p++] = (byte) (0xc0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        // Like jackson: each surrogate as its own escape. A lone one is refused: no store keeps it.
        if (!CodecLimits.isPaired(s, i)) {
          pos = p;
          throw CodecLimits.invalidText(s, i, "a string");
        }
        p = unicodeEscape(b, p, c);
      } else {
        b[p++] = (byte) (0xe0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    pos = p;
  }

  private static int unicodeEscape(byte[] b, int p, int c) {
    b[p] = '\\';
    b[p + 1] = 'u';
    b[p + 2] = HEX[(c >> 12) & 0xF];
    b[p + 3] = HEX[(c >> 8) & 0xF];
    b[p + 4] = HEX[(c >> 4) & 0xF];
    b[p + 5] = HEX[c & 0xF];
    return p + 6;
  }

  /** Writes the ASCII text {@code s} (a number's digits) as is, in segments. */
  private void ascii(String s) {
    int len = s.length();
    int i = 0;
    while (i < len) {
      int end = Math.min(len, i + SEGMENT);
      ensure(end - i);
      byte[] b = buf;
      int p = pos;
      for (; i < end; i++) {
        b[p++] = (byte) s.charAt(i);
      }
      pos = p;
    }
  }

  /** Writes a value that is ASCII text without quotes (a number). */
  private void rawValue(String text) {
    int len = text.length();
    if (len > SEGMENT) { // a decimal of many digits
      ensure(1);
      if (state != MEMBER_VALUE) {
        pos = separator(pos);
      }
      ascii(text);
    } else {
      ensure(len + 1);
      int p = pos;
      if (state != MEMBER_VALUE) {
        p = separator(p);
      }
      asciiInto(text, len, buf, p);
      pos = p + len;
    }
    state = after;
  }

  /**
   * Copies {@code len} chars of {@code text}, all ASCII (a number's text), into {@code b} at {@code
   * p}: {@link String#getBytes(int, int, byte[], int)} keeps the low byte of each char, which for
   * ASCII is the char, and copies a Latin-1 string's bytes in one go.
   */
  @SuppressWarnings("deprecation")
  private static void asciiInto(String text, int len, byte[] b, int p) {
    text.getBytes(0, len, b, p);
  }

  /** Writes a value that is quoted ASCII text needing no escapes. */
  private void asciiString(String text) {
    ensure(2);
    if (state != MEMBER_VALUE) {
      pos = separator(pos);
    }
    buf[pos++] = '"';
    ascii(text);
    ensure(1);
    buf[pos++] = '"';
    state = after;
  }

  @Override
  public void int64(long value) {
    ensure(21); // a comma, a sign and 19 digits
    int p = pos;
    if (state != MEMBER_VALUE) {
      p = separator(p);
    }
    pos = NumberOutput.outputLong(value, buf, p);
    state = after;
  }

  @Override
  public void int32(int value) {
    ensure(12); // a comma, a sign and 10 digits
    int p = pos;
    if (state != MEMBER_VALUE) {
      p = separator(p);
    }
    pos = NumberOutput.outputInt(value, buf, p);
    state = after;
  }

  @Override
  public void float64(double value) {
    if (Double.isFinite(value)) {
      rawValue(NumberOutput.toString(value, true));
    } else {
      asciiString(nonFinite(value));
    }
  }

  @Override
  public void float32(float value) {
    // The float's own shortest decimal form, so 0.1f is written as 0.1.
    if (Float.isFinite(value)) {
      rawValue(NumberOutput.toString(value, true));
    } else {
      asciiString(nonFinite(value));
    }
  }

  private static String nonFinite(double value) {
    return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }

  @Override
  public void bool(boolean value) {
    literal(value ? TRUE : FALSE);
  }

  @Override
  public void nul() {
    literal(NULL);
  }

  private void literal(byte[] bytes) {
    ensure(6);
    int p = pos;
    if (state != MEMBER_VALUE) {
      p = separator(p);
    }
    byte[] b = buf;
    for (byte x : bytes) {
      b[p++] = x;
    }
    pos = p;
    state = after;
  }

  @Override
  public void decimal(BigDecimal value) {
    CodecLimits.checkDecimal(value);
    // BigDecimal.toString: exact, keeps the scale, short for huge or tiny exponents.
    rawValue(value.toString());
  }

  @Override
  public void bigInteger(BigInteger value) {
    CodecLimits.checkBigInteger(value);
    rawValue(value.toString());
  }

  @Override
  public void instant(Instant value) {
    if (scratch == null) {
      scratch = new char[IsoInstant.MAX_LENGTH];
    }
    int n = IsoInstant.format(value, scratch);
    if (n < 0) {
      asciiString(value.toString()); // years beyond 0000..9999: '+' or '-', digits, ASCII
      return;
    }
    ensure(n + 3);
    int p = pos;
    if (state != MEMBER_VALUE) {
      p = separator(p);
    }
    byte[] b = buf;
    char[] c = scratch;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      b[p++] = (byte) c[i];
    }
    b[p++] = '"';
    pos = p;
    state = after;
  }

  @Override
  public void bytes(byte[] value) {
    ensure(2);
    if (state != MEMBER_VALUE) {
      pos = separator(pos);
    }
    buf[pos++] = '"';
    base64(value);
    ensure(1);
    buf[pos++] = '"';
    state = after;
  }

  /** Standard base64 with padding, no line breaks ({@link JsonFormat#BASE64} on write). */
  private void base64(byte[] in) {
    int i = 0;
    int whole = in.length - in.length % 3;
    while (i < whole) {
      int end = Math.min(whole, i + 3 * SEGMENT);
      ensure((end - i) / 3 * 4);
      byte[] b = buf;
      int p = pos;
      for (; i < end; i += 3) {
        int bits = (in[i] & 0xff) << 16 | (in[i + 1] & 0xff) << 8 | (in[i + 2] & 0xff);
        b[p] = BASE64[bits >>> 18];
        b[p + 1] = BASE64[(bits >>> 12) & 0x3f];
        b[p + 2] = BASE64[(bits >>> 6) & 0x3f];
        b[p + 3] = BASE64[bits & 0x3f];
        p += 4;
      }
      pos = p;
    }
    int rest = in.length - whole;
    if (rest > 0) {
      ensure(4);
      int bits = (in[i] & 0xff) << 16 | (rest == 2 ? (in[i + 1] & 0xff) << 8 : 0);
      byte[] b = buf;
      int p = pos;
      b[p] = BASE64[bits >>> 18];
      b[p + 1] = BASE64[(bits >>> 12) & 0x3f];
      b[p + 2] = rest == 2 ? BASE64[(bits >>> 6) & 0x3f] : (byte) '=';
      b[p + 3] = '=';
      pos = p + 4;
    }
  }
}
