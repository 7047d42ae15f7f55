package io.osmos.benchmarks.codec;

import java.time.Instant;

/**
 * The hand-written codec's ISO-8601 instants ({@code 2026-10-09T08:53:20.120Z}, the form {@link
 * Instant#toString()} gives) without {@code DateTimeFormatter}, for years 0000..9999.
 */
public final class IsoInstants {
  public static final int MAX_LENGTH = 30;

  private IsoInstants() {}

  /** Writes {@code t} into {@code buf}; returns the length. Falls back to toString out of range. */
  public static int format(Instant t, char[] buf) {
    long s = t.getEpochSecond();
    if (s < -62_167_219_200L || s > 253_402_300_799L) {
      String text = t.toString();
      text.getChars(0, text.length(), buf, 0);
      return text.length();
    }
    long days = Math.floorDiv(s, 86_400L);
    int sod = (int) Math.floorMod(s, 86_400L);
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    int doe = (int) (z - era * 146_097);
    int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int day = doy - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
    put(buf, 0, year, 4);
    buf[4] = '-';
    put(buf, 5, month, 2);
    buf[7] = '-';
    put(buf, 8, day, 2);
    buf[10] = 'T';
    put(buf, 11, sod / 3600, 2);
    buf[13] = ':';
    put(buf, 14, sod / 60 % 60, 2);
    buf[16] = ':';
    put(buf, 17, sod % 60, 2);
    int n = 19;
    int nano = t.getNano();
    if (nano != 0) {
      buf[n++] = '.';
      if (nano % 1_000_000 == 0) {
        put(buf, n, nano / 1_000_000, 3);
        n += 3;
      } else if (nano % 1000 == 0) {
        put(buf, n, nano / 1000, 6);
        n += 6;
      } else {
        put(buf, n, nano, 9);
        n += 9;
      }
    }
    buf[n++] = 'Z';
    return n;
  }

  /** Parses {@code yyyy-MM-ddTHH:mm:ss[.f]Z}, or returns null for anything else. */
  public static Instant parse(char[] c, int off, int len) {
    if (len < 20
        || len > MAX_LENGTH
        || c[off + 4] != '-'
        || c[off + 7] != '-'
        || c[off + 10] != 'T'
        || c[off + 13] != ':'
        || c[off + 16] != ':'
        || c[off + len - 1] != 'Z') {
      return null;
    }
    int year = num(c, off, 4);
    int month = num(c, off + 5, 2);
    int day = num(c, off + 8, 2);
    int hour = num(c, off + 11, 2);
    int minute = num(c, off + 14, 2);
    int second = num(c, off + 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int nano = 0;
    if (len > 20) {
      int digits = len - 21;
      if (c[off + 19] != '.' || digits < 1) {
        return null;
      }
      nano = num(c, off + 20, digits);
      if (nano < 0) {
        return null;
      }
      for (int i = digits; i < 9; i++) {
        nano *= 10;
      }
    }
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    int yoe = (int) (y - era * 400);
    int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long epochDay = era * 146_097 + doe - 719_468;
    return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nano);
  }

  private static int num(char[] c, int off, int count) {
    int v = 0;
    for (int i = 0; i < count; i++) {
      int d = c[off + i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static void put(char[] buf, int off, int value, int count) {
    for (int i = off + count - 1; i >= off; i--) {
      buf[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
