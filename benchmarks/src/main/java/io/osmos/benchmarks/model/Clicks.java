package io.osmos.benchmarks.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deterministic {@link Click}s for the stream-backend benchmarks and their tests. */
public final class Clicks {
  /** Distinct users; click {@code n} belongs to user {@code n % USERS}. */
  public static final int USERS = 100;

  /** Distinct pages, the values of the secondary index. */
  public static final int PAGES = 20;

  private static final Instant BASE = Instant.parse("2026-03-01T12:00:00Z");
  private static final String PAYLOAD;

  static {
    // ~900 bytes of printable, escape-free text: with the other fields about 1 KB of JSON
    StringBuilder b = new StringBuilder(900);
    for (int i = 0; b.length() < 900; i++) {
      b.append("ctx").append(i).append('=').append(Integer.toHexString(i * 2654435)).append(';');
    }
    PAYLOAD = b.toString();
  }

  private Clicks() {}

  /** The user of click {@code n}. */
  public static String user(int n) {
    return String.format("user-%03d", n % USERS);
  }

  /** Click {@code n}: its user, sequence number n, a time n milliseconds after a fixed base. */
  public static Click click(int n) {
    return new Click(
        user(n),
        n,
        BASE.plusMillis(n),
        "/page/" + (n % PAGES),
        "https://example.com/r/" + (n % 7),
        PAYLOAD);
  }

  /** Clicks 0 to {@code count - 1}. */
  public static List<Click> clicks(int count) {
    List<Click> out = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      out.add(click(n));
    }
    return List.copyOf(out);
  }
}
