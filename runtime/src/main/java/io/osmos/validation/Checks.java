package io.osmos.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.IDN;
import java.util.regex.Pattern;

/**
 * Value checks that generated validation code calls for constraints too long to inline. They follow
 * Jakarta Validation's reference implementation, so a model validates the same with Osmos as with
 * Hibernate Validator.
 */
public final class Checks {
  private static final String ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~\\u0080-\\uFFFF-]+";
  private static final String QUOTED =
      "\"(?:[a-z0-9!#$%&'*.(),<>\\[\\]:; @+/=?^_`{|}~\\u0080-\\uFFFF-]|\\\\\\\\|\\\\\")+\"";
  private static final Pattern LOCAL_PART =
      Pattern.compile(
          "(?:" + ATOM + "|" + QUOTED + ")(?:\\.(?:" + ATOM + "|" + QUOTED + "))*",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
  private static final Pattern IP_LITERAL = Pattern.compile("\\[(?:IPv6:)?[0-9A-Fa-f:.]+\\]");

  private Checks() {}

  /**
   * Whether {@code value} is a well-formed email address, as {@code @Email} means it: a local part
   * of at most 64 characters (atoms or quoted strings separated by dots), {@code @}, and a domain
   * name (internationalized names allowed) or an IP literal in brackets. Null and the empty string
   * pass, as in Jakarta Validation; combine with {@code @NotBlank} to require a value.
   */
  public static boolean isEmail(String value) {
    if (value == null || value.isEmpty()) {
      return true;
    }
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1) {
      return false;
    }
    String local = value.substring(0, at);
    String domain = value.substring(at + 1);
    return local.length() <= 64 && LOCAL_PART.matcher(local).matches() && isDomain(domain);
  }

  private static boolean isDomain(String domain) {
    if (domain.startsWith("[")) {
      return IP_LITERAL.matcher(domain).matches();
    }
    if (domain.endsWith(".")) {
      return false;
    }
    String ascii;
    try {
      ascii = IDN.toASCII(domain);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (ascii.isEmpty() || ascii.length() > 253) {
      return false;
    }
    for (String label : ascii.split("\\.", -1)) {
      if (label.length() > 63 || !LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code value} has at most {@code integer} digits before the decimal point and {@code
   * fraction} after it ({@code @Digits}).
   */
  public static boolean digits(BigDecimal value, int integer, int fraction) {
    BigDecimal n = value.stripTrailingZeros();
    int integerDigits = n.precision() - n.scale();
    int fractionDigits = n.scale() < 0 ? 0 : n.scale();
    return integer >= integerDigits && fraction >= fractionDigits;
  }

  /** {@link #digits(BigDecimal, int, int)} for integers. */
  public static boolean digits(long value, int integer, int fraction) {
    return digits(BigDecimal.valueOf(value), integer, fraction);
  }

  /** {@link #digits(BigDecimal, int, int)} for big integers. */
  public static boolean digits(BigInteger value, int integer, int fraction) {
    return digits(new BigDecimal(value), integer, fraction);
  }

  /** {@link #digits(BigDecimal, int, int)} for floating point numbers; NaN and infinities fail. */
  public static boolean digits(double value, int integer, int fraction) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return false;
    }
    return digits(new BigDecimal(Double.toString(value)), integer, fraction);
  }
}
