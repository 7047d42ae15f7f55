package io.osmos.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.osmos.memory.fixtures.Visit;
import io.osmos.memory.fixtures.Visit_;
import io.osmos.query.Condition;
import io.osmos.query.Query;
import io.osmos.query.StringProperty;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every range computed from tuple encodings, checked exhaustively against the definition of its
 * condition: for all strings of up to three (two, for entries of several elements) symbols from an
 * alphabet of neighbours of the encoding's special bytes (U+0000, which is escaped, U+0001, the
 * ends of each UTF-8 length, a surrogate pair, the highest code point and lone surrogates), the
 * empty string included, the entries inside the range of {@code eq}, {@code gt}, {@code gte},
 * {@code lt}, {@code lte} and {@code prefix} are exactly those whose value the condition selects.
 * Strings order by code point (as their UTF-8 bytes do, not by UTF-16 unit like {@code compareTo}),
 * and a prefix is a prefix of code points.
 */
class KeyRangeExactnessTest {
  private static final String[] ALPHABET = {
    "\0",
    "\u0001",
    "a",
    "\u007F",
    "\u0080",
    "\u00FF",
    "\uFFFF",
    "\uD83D\uDE00",
    "\uDBFF\uDFFF",
    "\uD800",
    "\uDFFF"
  };

  private static final List<String> UP_TO_3 = strings(3);
  private static final List<String> UP_TO_2 = strings(2);

  /** The six conditions: how to build each on a property, and which values it selects. */
  private enum Op {
    EQ((p, v) -> p.eq(v), (s, v) -> cmp(s, v) == 0),
    GT((p, v) -> p.gt(v), (s, v) -> cmp(s, v) > 0),
    GTE((p, v) -> p.gte(v), (s, v) -> cmp(s, v) >= 0),
    LT((p, v) -> p.lt(v), (s, v) -> cmp(s, v) < 0),
    LTE((p, v) -> p.lte(v), (s, v) -> cmp(s, v) <= 0),
    PREFIX((p, v) -> p.prefix(v), KeyRangeExactnessTest::startsWithCodePoints);

    final BiFunction<StringProperty<Visit>, String, Query<Visit>> query;
    final BiPredicate<String, String> selects;

    Op(
        BiFunction<StringProperty<Visit>, String, Query<Visit>> query,
        BiPredicate<String, String> selects) {
      this.query = query;
      this.selects = selects;
    }

    Condition<Visit> on(StringProperty<Visit> p, String v) {
      return query.apply(p, v).conditions().get(0);
    }
  }

  private static List<String> strings(int maxLength) {
    Set<String> out = new LinkedHashSet<>();
    out.add("");
    List<String> last = List.of("");
    for (int n = 1; n <= maxLength; n++) {
      List<String> next = new ArrayList<>();
      for (String s : last) {
        for (String c : ALPHABET) {
          next.add(s + c);
        }
      }
      out.addAll(next);
      last = next;
    }
    return List.copyOf(out);
  }

  /** Compares by code point, a lone surrogate being the code point of its value. */
  private static int cmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Whether the code points of {@code s} start with those of {@code prefix}. */
  private static boolean startsWithCodePoints(String s, String prefix) {
    // As chars, but a prefix ending in a high surrogate that s pairs with a low one ends inside
    // a code point of s.
    int n = prefix.length();
    return s.startsWith(prefix)
        && !(n > 0
            && Character.isHighSurrogate(prefix.charAt(n - 1))
            && n < s.length()
            && Character.isLowSurrogate(s.charAt(n)));
  }

  private static String show(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.chars()
        .forEach(
            c ->
                b.append(
                    c >= 0x20 && c < 0x7F
                        ? String.valueOf((char) c)
                        : String.format("\\u%04X", c)));
    return b.append('"').toString();
  }

  // ---- the encoding itself ----------------------------------------------------------------------

  @Test
  void everyStringRoundTripsAndOrdersByCodePoint() {
    byte[][] enc = new byte[UP_TO_3.size()][];
    for (int i = 0; i < enc.length; i++) {
      String s = UP_TO_3.get(i);
      enc[i] = TupleKey.encode(s);
      assertEquals(s, TupleKey.decode(enc[i])[0], () -> "round trip of " + show(s));
      assertArrayEquals(
          enc[i], TupleKey.encode(TupleKey.decode(enc[i])), () -> "re-encoding " + show(s));
    }
    for (int i = 0; i < enc.length; i++) {
      for (int j = 0; j < enc.length; j++) {
        int want = Integer.signum(cmp(UP_TO_3.get(i), UP_TO_3.get(j)));
        if (want != Integer.signum(TupleKey.compare(enc[i], enc[j]))) {
          fail(
              show(UP_TO_3.get(i))
                  + " vs "
                  + show(UP_TO_3.get(j))
                  + ": encodings compare "
                  + TupleKey.compare(enc[i], enc[j])
                  + ", code points "
                  + want);
        }
      }
    }
  }

  // ---- a single element (keys, and the re-check of one value) -----------------------------------

  @Test
  void rangesOfASingleElementHoldExactlyTheSelectedValues() {
    List<byte[]> enc = new ArrayList<>();
    for (String s : UP_TO_3) {
      enc.add(TupleKey.encode(s));
    }
    byte[] nullEntry = TupleKey.encode((Object) null);
    for (Op op : Op.values()) {
      for (String v : UP_TO_3) {
        Condition<Visit> c = op.on(Visit_.user, v);
        KeyRange r = KeyRange.of(c, new byte[0]);
        if (r.contains(nullEntry)) {
          fail(op + " " + show(v) + " takes null");
        }
        for (int i = 0; i < enc.size(); i++) {
          String s = UP_TO_3.get(i);
          boolean want = op.selects.test(s, v);
          if (r.contains(enc.get(i)) != want) {
            fail(op + " " + show(v) + ": range " + (want ? "misses " : "takes ") + show(s));
          }
          // The re-check of each candidate (Memory, Redis): every operand of up to two chars.
          if (v.length() <= 2 && KeyRange.matches(c, s) != want) {
            fail(op + " " + show(v) + ": matches() " + (want ? "rejects " : "accepts ") + show(s));
          }
        }
      }
    }
  }

  // ---- entries of several elements --------------------------------------------------------------

  /** Index entries (value, key...) and composite keys: the value first, other elements after. */
  @Test
  void rangesOnTheLeadingElementHoldExactlyTheSelectedEntries() {
    Object[][] keys = {{""}, {"\0"}, {"a"}, {"\uFFFF"}, {0L}, {"a", 7L}};
    List<Object[]> tuples = new ArrayList<>();
    for (String s : UP_TO_2) {
      for (Object[] k : keys) {
        tuples.add(with(s, k));
      }
    }
    Entries entries = new Entries(tuples);
    for (Op op : Op.values()) {
      for (String v : UP_TO_2) {
        KeyRange r = KeyRange.of(op.on(Visit_.user, v), new byte[0]);
        check(op + " " + show(v), r, entries, e -> op.selects.test((String) e[0], v));
      }
    }
  }

  /** A condition after equal leading elements: a composite key's second field, for instance. */
  @Test
  void rangesAfterEqualLeadingElementsStayWithinThem() {
    String[] leading = {"", "\0", "\0\0", "a", "a\0", "a\u0001", "\uFFFF", "\uD83D\uDE00"};
    List<Object[]> tuples = new ArrayList<>();
    for (String l : leading) {
      for (String s : UP_TO_2) {
        tuples.add(new Object[] {l, s, 1L});
      }
    }
    Entries entries = new Entries(tuples);
    for (String l : leading) {
      byte[] prefix = TupleKey.encode(l);
      for (Op op : Op.values()) {
        for (String v : UP_TO_2) {
          KeyRange r = KeyRange.of(op.on(Visit_.user, v), prefix);
          check(
              "after " + show(l) + ", " + op + " " + show(v),
              r,
              entries,
              e -> e[0].equals(l) && op.selects.test((String) e[1], v));
        }
      }
    }
  }

  /**
   * The lookup service's plans: on the primary index (region, user, seq), eq on the region and a
   * condition on the user, or a condition on the region alone; on the user index (user, region,
   * user, seq), a condition on the user.
   */
  @Test
  void indexRangePlansHoldExactlyTheSelectedEntries() {
    String[] regions = {"", "\0", "a", "a\0", "a\0\0", "\uFFFF"};
    List<Object[]> primaryTuples = new ArrayList<>();
    List<Object[]> userTuples = new ArrayList<>();
    for (String region : regions) {
      for (String user : UP_TO_2) {
        primaryTuples.add(new Object[] {region, user, 3L});
        userTuples.add(new Object[] {user, region, user, 3L});
      }
    }
    Entries primary = new Entries(primaryTuples);
    Entries byUser = new Entries(userTuples);
    for (Op op : Op.values()) {
      for (String v : UP_TO_2) {
        IndexRange users = IndexRange.plan(Visit_.MODEL, op.query.apply(Visit_.user, v));
        assertEquals(1, users.index(), "a condition on user alone reads the user index");
        check(
            "user index, " + op + " " + show(v),
            users.range(),
            byUser,
            e -> op.selects.test((String) e[0], v));
      }
      for (String v : regions) {
        IndexRange r = IndexRange.plan(Visit_.MODEL, op.query.apply(Visit_.region, v));
        assertEquals(0, r.index());
        check(
            "primary, region " + op + " " + show(v),
            r.range(),
            primary,
            e -> op.selects.test((String) e[0], v));
      }
      for (String region : regions) {
        for (String v : UP_TO_2) {
          IndexRange r =
              IndexRange.plan(
                  Visit_.MODEL, Visit_.region.eq(region).and(op.query.apply(Visit_.user, v)));
          assertEquals(0, r.index());
          check(
              "primary, region = " + show(region) + ", user " + op + " " + show(v),
              r.range(),
              primary,
              e -> e[0].equals(region) && op.selects.test((String) e[1], v));
        }
      }
    }
  }

  private static Object[] with(Object first, Object[] rest) {
    Object[] out = new Object[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  /** Tuples and their encodings. */
  private record Entries(List<Object[]> tuples, List<byte[]> encodings) {
    Entries(List<Object[]> tuples) {
      this(tuples, tuples.stream().map(TupleKey::encode).toList());
    }
  }

  private static void check(
      String what, KeyRange r, Entries entries, Function<Object[], Boolean> selects) {
    for (int i = 0; i < entries.tuples().size(); i++) {
      Object[] e = entries.tuples().get(i);
      boolean want = selects.apply(e);
      if (r.contains(entries.encodings().get(i)) != want) {
        List<String> shown = new ArrayList<>();
        for (Object x : e) {
          shown.add(x instanceof String s ? show(s) : String.valueOf(x));
        }
        fail(what + ": the range " + (want ? "misses " : "takes ") + shown);
      }
    }
  }
}
