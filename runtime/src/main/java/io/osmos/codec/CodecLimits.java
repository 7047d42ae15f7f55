package io.osmos.codec;

import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The limits every format's reader enforces, which every writer checks first, so that whatever a
 * writer accepts its reader reads back equal and one stored document can never make a query fail
 * for good. They are jackson's default read limits, which Osmos's own JSON reader keeps:
 *
 * <ul>
 *   <li>objects and arrays nested at most {@value #MAX_DEPTH} deep, the model's own object
 *       included;
 *   <li>strings of at most {@value #MAX_STRING_CHARS} chars, names (map keys, {@code @Extra}
 *       fields) of at most {@value #MAX_NAME_BYTES} bytes of UTF-8;
 *   <li>numbers of at most {@value #MAX_NUMBER_CHARS} chars of text, and decimals whose exponent
 *       stays within {@value #MAX_EXPONENT} either way (a reader refuses to expand more into an
 *       integer).
 * </ul>
 *
 * <p>Text must also be valid Unicode: a string or name holding a lone surrogate (half of a pair) is
 * refused with a {@link ValidationException}, because UTF-8 stores cannot hold it and would
 * silently replace it. A value over a limit is a {@link LimitExceededException}. Either names the
 * field path; nothing is written.
 */
public final class CodecLimits {
  /** Nesting of objects and arrays, the model's own object counted as 1. */
  public static final int MAX_DEPTH = 1000;

  /** Chars of one string value. */
  public static final int MAX_STRING_CHARS = 20_000_000;

  /** Bytes of UTF-8 of one dynamic name (a map key or an {@code @Extra} field). */
  public static final int MAX_NAME_BYTES = 50_000;

  /** Chars of one number's text (digits, sign, point and exponent). */
  public static final int MAX_NUMBER_CHARS = 100_000;

  /** The largest power of ten, either way, of a decimal's exponent ({@code 1E+100000}). */
  public static final int MAX_EXPONENT = 100_000;

  private CodecLimits() {}

  /**
   * Checks a string value.
   *
   * @throws LimitExceededException when it is longer than {@link #MAX_STRING_CHARS}
   * @throws ValidationException when it holds a lone surrogate
   */
  public static void checkString(String s) {
    if (s.length() > MAX_STRING_CHARS) {
      throw stringTooLong(s.length());
    }
    int bad = loneSurrogate(s);
    if (bad >= 0) {
      throw invalidText(s, bad, "a string");
    }
  }

  /**
   * Checks a dynamic name: a map key or an {@code @Extra} field's name.
   *
   * @throws LimitExceededException when it is longer than {@link #MAX_NAME_BYTES} bytes of UTF-8
   * @throws ValidationException when it holds a lone surrogate
   */
  public static void checkName(String name) {
    int bad = loneSurrogate(name);
    if (bad >= 0) {
      throw invalidText(name, bad, "a name");
    }
    // Three bytes per char at most, so only long names are measured.
    if (name.length() > MAX_NAME_BYTES / 3) {
      int bytes = name.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_NAME_BYTES) {
        throw new LimitExceededException(
            "a name of "
                + bytes
                + " bytes of UTF-8 is longer than"
                + " the "
                + MAX_NAME_BYTES
                + " bytes every reader accepts");
      }
    }
  }

  /**
   * Checks a decimal.
   *
   * @throws LimitExceededException when its text would be longer than {@link #MAX_NUMBER_CHARS} or
   *     its exponent is beyond {@link #MAX_EXPONENT} either way
   */
  public static void checkDecimal(BigDecimal d) {
    // The exponent of the scientific form is -scale + precision - 1; a reader expanding the value
    // into an integer refuses exponents beyond 10^100000, and BigDecimal's own parser beyond the
    // int range, so both sides of the scale are bounded.
    long exponent = -(long) d.scale() + d.precision() - 1;
    if (Math.abs(exponent) > MAX_EXPONENT || Math.abs((long) d.scale()) > MAX_EXPONENT) {
      throw new LimitExceededException(
          "the decimal "
              + abbreviate(d)
              + " has an exponent beyond"
              + " the 10^±"
              + MAX_EXPONENT
              + " every reader accepts");
    }
    // Text: sign, digits, a point and "E+123456" at most.
    if (d.precision() + 12 > MAX_NUMBER_CHARS) {
      int length = d.toString().length();
      if (length > MAX_NUMBER_CHARS) {
        throw numberTooLong(length);
      }
    }
  }

  /**
   * Checks an integer of any size.
   *
   * @throws LimitExceededException when its text would be longer than {@link #MAX_NUMBER_CHARS}
   */
  public static void checkBigInteger(BigInteger i) {
    // log10(2) < 0.30103: at most bitLength * 0.30103 + 1 digits, plus the sign.
    if (i.bitLength() * 0.30103 + 2 > MAX_NUMBER_CHARS) {
      int length = i.toString().length();
      if (length > MAX_NUMBER_CHARS) {
        throw numberTooLong(length);
      }
    }
  }

  /**
   * Checks the depth of an object or array about to be opened.
   *
   * @param depth its depth, the model's own object being 1
   * @throws LimitExceededException when it is deeper than {@link #MAX_DEPTH}
   */
  public static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new LimitExceededException(
          "objects and arrays nested "
              + depth
              + " deep; every"
              + " reader accepts at most "
              + MAX_DEPTH
              + " levels");
    }
  }

  /** The index of the first surrogate in {@code s} that is not half of a pair, or -1. */
  static int loneSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** Whether the surrogate at {@code i} of {@code s} is half of a pair. */
  public static boolean isPaired(CharSequence s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** The error for a string (or name) holding a lone surrogate at {@code index}. */
  public static ValidationException invalidText(String s, int index, String what) {
    return new ValidationException(
        "value", List.of(new Violation("", message(s, index, what), null)));
  }

  private static String message(String s, int index, String what) {
    return "must be valid Unicode text: "
        + what
        + " holding a lone surrogate (\\u"
        + String.format("%04X", (int) s.charAt(index))
        + " at index "
        + index
        + "), which no"
        + " store keeps; pair it or remove it";
  }

  /** The error for a string of {@code length} chars. */
  public static LimitExceededException stringTooLong(long length) {
    return new LimitExceededException(
        "a string of "
            + length
            + " chars is longer than the "
            + MAX_STRING_CHARS
            + " chars every reader accepts");
  }

  private static LimitExceededException numberTooLong(int length) {
    return new LimitExceededException(
        "a number of "
            + length
            + " chars of text is longer than"
            + " the "
            + MAX_NUMBER_CHARS
            + " chars every reader accepts");
  }

  private static String abbreviate(BigDecimal d) {
    String unscaled = d.unscaledValue().toString();
    if (unscaled.length() > 20) {
      unscaled = unscaled.substring(0, 17) + "...";
    }
    return unscaled + " (scale " + d.scale() + ")";
  }

  // ---- locating a refusal --------------------------------------------------------------------

  /**
   * Checks {@code value} as {@code codec} writes it, as one field of a model at {@code path}: what
   * a repository does with the values of a patch before the driver writes them.
   *
   * @throws LimitExceededException naming the path when a value is over a limit
   * @throws ValidationException naming the path when text is not valid Unicode
   */
  public static <V> void check(String model, String path, ValueCodec<V> codec, V value) {
    if (value == null) {
      return;
    }
    LimitChecker checker = new LimitChecker(model, path);
    codec.write(value, checker);
  }

  /**
   * What a format throws when its writer refused part of a model with {@code failure}: the same
   * refusal naming the field path (found by running {@code encode}, the model's encoding, again
   * into a writer that tracks the path and writes nothing), or {@code failure} itself when that
   * finds none.
   *
   * @param model the model's name, for the message
   */
  public static OsmosException locate(
      String model, Consumer<FieldWriter> encode, OsmosException failure) {
    LimitChecker checker = new LimitChecker(model, null);
    try {
      encode.accept(checker);
    } catch (LimitExceededException | ValidationException located) {
      return located;
    } catch (RuntimeException other) {
      return failure;
    }
    return failure;
  }
}
