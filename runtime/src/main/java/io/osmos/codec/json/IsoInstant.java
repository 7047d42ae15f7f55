package io.osmos.codec.json;

import java.time.Instant;

/**
 * Allocation-free ISO-8601 formatting and parsing of instants in the years 0000 to 9999, in exactly
 * the form {@link Instant#toString()} produces ({@code 2024-05-01T10:15:30.120Z}: seconds always
 * present, the fraction in groups of three digits). {@code Instant.toString} and {@code
 * Instant.parse} go through {@code DateTimeFormatter}, which allocates a dozen objects per call and
 * dominates the cost of decoding a typical model; callers fall back to them outside the fast range.
 *
 * <p>Public for Osmos's other formats (the flat format writes instants as this text); {@link
 * #toText} and {@link #fromText} are exactly {@code Instant.toString} and {@code Instant.parse},
 * only faster.
 */
public final class IsoInstant {
  /** Enough for {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
  static final int MAX_LENGTH = 30;

  private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private IsoInstant() {}

  /** Exactly {@code t.toString()}. */
  public static String toText(Instant t) {
    char[] buf = new char[MAX_LENGTH];
    int n = format(t, buf);
    return n < 0 ? t.toString() : new String(buf, 0, n);
  }

  /**
   * Exactly {@code Instant.parse(text)}.
   *
   * @throws java.time.format.DateTimeParseException for text that is not an ISO-8601 instant
   */
  public static Instant fromText(CharSequence text) {
    int len = text.length();
    if (len <= MAX_LENGTH) {
      char[] buf = new char[len];
      for (int i = 0; i < len; i++) {
        buf[i] = text.charAt(i);
      }
      Instant fast = parse(buf, 0, len);
      if (fast != null) {
        return fast;
      }
    }
    return Instant.parse(text);
  }

  /**
   * Writes {@code t} into {@code buf} (at least {@link #MAX_LENGTH} long).
   *
   * @return the number of chars written, or -1 when the year is outside 0000..9999
   */
  static int format(Instant t, char[] buf) {
    long seconds = t.getEpochSecond();
    if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
      return -1;
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    int dayOfEra = (int) (z - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int mp = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    digits(buf, 0, year, 4);
    buf[4] = '-';
    digits(buf, 5, month, 2);
    buf[7] = '-';
    digits(buf, 8, day, 2);
    buf[10] = 'T';
    digits(buf, 11, secondOfDay / 3600, 2);
    buf[13] = ':';
    digits(buf, 14, secondOfDay / 60 % 60, 2);
    buf[16] = ':';
    digits(buf, 17, secondOfDay % 60, 2);
    int n = 19;
    int nano = t.getNano();
    if (nano != 0) {
      buf[n++] = '.';
      if (nano % 1_000_000 == 0) {
        digits(buf, n, nano / 1_000_000, 3);
        n += 3;
      } else if (nano % 1000 == 0) {
        digits(buf, n, nano / 1000, 6);
        n += 6;
      } else {
        digits(buf, n, nano, 9);
        n += 9;
      }
    }
    buf[n++] = 'Z';
    return n;
  }

  /**
   * Parses {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}.
   *
   * @return the instant, or null when the text is not in that exact form or names an invalid date
   *     or time; callers then defer to {@link Instant#parse}, which accepts more forms (offsets,
   *     leap seconds, {@code 24:00}, wide years) and produces the error for bad text
   */
  static Instant parse(char[] s, int off, int len) {
    if (len < 20
        || len > MAX_LENGTH
        || s[off + 4] != '-'
        || s[off + 7] != '-'
        || s[off + 10] != 'T'
        || s[off + 13] != ':'
        || s[off + 16] != ':'
        || s[off + len - 1] != 'Z') {
      return null;
    }
    int year = number(s, off, 4);
    int month = number(s, off + 5, 2);
    int day = number(s, off + 8, 2);
    int hour = number(s, off + 11, 2);
    int minute = number(s, off + 14, 2);
    int second = number(s, off + 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int nano = 0;
    int fractionLength = len - 21; // chars between the '.' and the 'Z'
    if (len > 20) {
      if (s[off + 19] != '.' || fractionLength < 1) {
        return null;
      }
      nano = number(s, off + 20, fractionLength);
      if (nano < 0) {
        return null;
      }
      for (int i = fractionLength; i < 9; i++) {
        nano *= 10;
      }
    }
    long epochDay = epochDay(year, month, day);
    return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nano);
  }

  /** The decimal value of {@code count} ASCII digits, or -1 if any char is not a digit. */
  private static int number(char[] s, int off, int count) {
    int v = 0;
    for (int i = 0; i < count; i++) {
      int d = s[off + i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static void digits(char[] buf, int off, int value, int count) {
    for (int i = off + count - 1; i >= off; i--) {
      buf[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a valid proleptic Gregorian date (inverse of the one above). */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    int yearOfEra = (int) (y - era * 400);
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
