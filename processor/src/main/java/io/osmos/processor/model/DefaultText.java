package io.osmos.processor.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the text of a {@code @Default} means for a field's type: whether it is a value of the type,
 * and if not, what would be. The check stage reports the problems; the write stage turns valid text
 * into a Java expression.
 */
public final class DefaultText {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  private DefaultText() {}

  /**
   * Why {@code text} is not a default of {@code type}.
   *
   * @param expected what a valid text is, as a phrase: {@code an int (a whole number from ...)}
   * @param example a valid text
   */
  public record Problem(String expected, String example) {}

  /** Whether a {@code @Default} can be written for {@code type} at all. */
  public static boolean supports(TypeInfo type) {
    if (type instanceof TypeInfo.Scalar s) {
      return s.kind() != ScalarKind.BYTES;
    }
    return type instanceof TypeInfo.Enumeration || empties(type);
  }

  /** Whether the default of {@code type} is always empty: a list, set or map. */
  public static boolean empties(TypeInfo type) {
    return type instanceof TypeInfo.ListOf
        || type instanceof TypeInfo.SetOf
        || type instanceof TypeInfo.MapOf;
  }

  /** Why {@code text} is no value of {@code type} (one {@link #supports}), or null when it is. */
  public static Problem problem(TypeInfo type, String text) {
    if (type instanceof TypeInfo.Enumeration e) {
      return e.constants().contains(text)
          ? null
          : new Problem(
              "a constant of "
                  + e.name().simpleName()
                  + " ("
                  + String.join(", ", e.constants())
                  + ")",
              e.constants().isEmpty() ? "" : e.constants().get(0));
    }
    if (!(type instanceof TypeInfo.Scalar s)) {
      return null;
    }
    return switch (s.kind()) {
      case STRING, BYTES -> null;
      case BOOLEAN ->
          text.equals("true") || text.equals("false")
              ? null
              : new Problem("a boolean (true or false)", "false");
      case BYTE -> integer(text, Byte.MIN_VALUE, Byte.MAX_VALUE, "a byte");
      case SHORT -> integer(text, Short.MIN_VALUE, Short.MAX_VALUE, "a short");
      case INT -> integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
      case LONG -> integer(text, Long.MIN_VALUE, Long.MAX_VALUE, "a long");
      case FLOAT ->
          DECIMAL.matcher(text).matches() && Float.isFinite(Float.parseFloat(text))
              ? null
              : new Problem("a float (a decimal number such as 1.5 or -2e3)", "0.0");
      case DOUBLE ->
          DECIMAL.matcher(text).matches() && Double.isFinite(Double.parseDouble(text))
              ? null
              : new Problem("a double (a decimal number such as 1.5 or -2e3)", "0.0");
      case CHAR -> text.length() == 1 ? null : new Problem("a char (exactly one character)", "x");
      case DECIMAL ->
          DECIMAL.matcher(text).matches() && scaleFits(text)
              ? null
              : new Problem("a BigDecimal (a decimal number such as 1.50)", "0.00");
      case BIG_INTEGER ->
          INTEGER.matcher(text).matches()
              ? null
              : new Problem("a BigInteger (a whole number)", "0");
      case UUID -> uuid(text);
      case INSTANT ->
          parses(() -> Instant.parse(text))
              ? null
              : new Problem("an Instant (ISO-8601 in UTC)", "1970-01-01T00:00:00Z");
      case LOCAL_DATE ->
          parses(() -> LocalDate.parse(text))
              ? null
              : new Problem("a LocalDate (yyyy-MM-dd)", "2000-01-01");
      case LOCAL_DATE_TIME ->
          parses(() -> LocalDateTime.parse(text))
              ? null
              : new Problem("a LocalDateTime (ISO-8601)", "2000-01-01T00:00:00");
      case DURATION ->
          parses(() -> Duration.parse(text)) ? null : new Problem("a Duration (ISO-8601)", "PT0S");
    };
  }

  private static Problem integer(String text, long min, long max, String what) {
    Problem p = new Problem(what + " (a whole number from " + min + " to " + max + ")", "0");
    if (!INTEGER.matcher(text).matches()) {
      return p;
    }
    try {
      long v = Long.parseLong(text);
      return v < min || v > max ? p : null;
    } catch (NumberFormatException e) {
      return p;
    }
  }

  private static boolean scaleFits(String text) {
    try {
      new BigDecimal(text);
      return true;
    } catch (NumberFormatException | ArithmeticException e) {
      return false;
    }
  }

  private static Problem uuid(String text) {
    try {
      if (UUID.fromString(text).toString().equalsIgnoreCase(text)) {
        return null;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    return new Problem("a UUID (8-4-4-4-12 hex digits)", "00000000-0000-0000-0000-000000000000");
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
