package io.osmos.processor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated queries (fixed seeds, so every run reads the same ones): the canonical form of a plan
 * is JDQL that reads back into the same plan, and any text either reads or fails with a {@link
 * JdqlException} that points inside the text.
 */
class JdqlRoundTripTest {
  private static final String[] ATTRIBUTES = {
    "title", "price", "address.city", "id(this)", "LOWER(title)", "UPPER(name)", "this.stock"
  };
  private static final String[] LITERALS = {
    "'x'",
    "'it''s'",
    "''",
    "42",
    "-7",
    "9.99",
    "-0.5",
    "TRUE",
    "false",
    "Status.ACTIVE",
    "com.acme.Kind.A",
    "LOCAL DATE",
    "local datetime",
    "1e3",
    "12L"
  };

  @Test
  void canonicalFormReadsBackIntoTheSamePlan() {
    Random random = new Random(14);
    for (int i = 0; i < 1000; i++) {
      String q = new Generator(random).query();
      String canonical;
      try {
        canonical = JdqlParser.parse(q).toString();
      } catch (JdqlException e) {
        throw new AssertionError("a generated query does not read: " + q, e);
      }
      String jdql =
          canonical.startsWith("FIND")
              ? canonical.substring("FIND".length())
              : canonical.startsWith("COUNT")
                  ? "SELECT COUNT(THIS)" + canonical.substring("COUNT".length())
                  : canonical;
      String again = JdqlParser.parse(jdql).toString();
      assertEquals(canonical, again, "read back from " + q);
    }
  }

  @Test
  void damagedQueriesReadOrFailWithAPlace() {
    Random random = new Random(7);
    String[] junk = {
      "(", ")", ",", "'", ":", "?", "AND", "NOT", "=", "+", "#", "\"", "ESCAPE", "."
    };
    for (int i = 0; i < 1000; i++) {
      String q = new Generator(random).query();
      List<String> tokens = new ArrayList<>(List.of(q.split(" ")));
      int at = random.nextInt(tokens.size());
      switch (random.nextInt(3)) {
        case 0:
          tokens.remove(at);
          break;
        case 1:
          tokens.add(at, junk[random.nextInt(junk.length)]);
          break;
        default:
          String t = tokens.get(at);
          tokens.set(at, t.substring(0, random.nextInt(t.length() + 1)));
      }
      String damaged = String.join(" ", tokens);
      try {
        JdqlParser.parse(damaged);
      } catch (JdqlException e) {
        assertTrue(
            e.offset() >= 0 && e.offset() + e.length() <= damaged.length(),
            e.offset() + "+" + e.length() + " outside " + damaged);
        assertTrue(e.getMessage().contains("column "), e.getMessage());
      } catch (RuntimeException e) {
        fail("reading '" + damaged + "' failed with " + e, e);
      }
    }
  }

  /** Writes a random query of the subset, with keywords in random case. */
  private static final class Generator {
    private final Random random;
    private final boolean named;

    Generator(Random random) {
      this.random = random;
      this.named = random.nextBoolean();
    }

    String query() {
      switch (random.nextInt(8)) {
        case 0:
          return kw("DELETE") + " " + kw("FROM") + " Book" + where();
        case 1:
          StringBuilder u = new StringBuilder(kw("UPDATE") + " Book " + kw("SET") + " ");
          for (int i = random.nextInt(3); i >= 0; i--) {
            String a = pick("title", "price", "address.city", "this.stock");
            u.append(a).append(" = ");
            switch (random.nextInt(3)) {
              case 0:
                u.append(kw("NULL"));
                break;
              case 1:
                u.append(a)
                    .append(' ')
                    .append(pick("+", "-", "*", "/"))
                    .append(' ')
                    .append(operand());
                break;
              default:
                u.append(operand());
            }
            u.append(i > 0 ? " , " : "");
          }
          return u + where();
        default:
          return select();
      }
    }

    private String where() {
      return random.nextBoolean() ? " " + kw("WHERE") + " " + condition(3) : "";
    }

    private String select() {
      StringBuilder q = new StringBuilder();
      if (random.nextInt(4) == 0) {
        String selected = pick("title", "address.city", "id(this)", "COUNT(THIS)", "count(this)");
        q.append(kw("SELECT")).append(' ').append(selected).append(' ');
      }
      if (random.nextBoolean()) {
        q.append(kw("FROM")).append(" Book ");
      }
      if (random.nextInt(5) > 0) {
        q.append(kw("WHERE")).append(' ').append(condition(3)).append(' ');
      }
      if (random.nextBoolean()) {
        q.append(kw("ORDER")).append(' ').append(kw("BY")).append(' ');
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
          q.append(i > 0 ? " , " : "").append(pick(ATTRIBUTES));
          int d = random.nextInt(3);
          q.append(d == 0 ? "" : d == 1 ? " " + kw("ASC") : " " + kw("DESC"));
        }
      }
      return q.toString().trim();
    }

    private String condition(int depth) {
      int choice = random.nextInt(depth > 0 ? 10 : 6);
      String a = pick(ATTRIBUTES);
      switch (choice) {
        case 0:
          return a + " " + pick("=", "<>", "<", "<=", ">", ">=") + " " + operand();
        case 1:
          // JDQL writes an enum constant on the right only: on the left it reads as a path
          String left = operand();
          while (left.contains(".") && Character.isLetter(left.charAt(0))) {
            left = operand();
          }
          return left + " " + pick("=", "<>", "<", "<=", ">", ">=") + " " + a;
        case 2:
          return a
              + not()
              + " "
              + kw("BETWEEN")
              + " "
              + operand()
              + " "
              + kw("AND")
              + " "
              + operand();
        case 3:
          StringBuilder in = new StringBuilder(a + not() + " " + kw("IN") + " ( " + operand());
          for (int i = random.nextInt(3); i > 0; i--) {
            in.append(" , ").append(operand());
          }
          return in.append(" )").toString();
        case 4:
          return a
              + not()
              + " "
              + kw("LIKE")
              + " "
              + (random.nextBoolean() ? "'a%_'" : parameter())
              + (random.nextBoolean() ? " " + kw("ESCAPE") + " '!'" : "");
        case 5:
          return a + " " + kw("IS") + not() + " " + kw("NULL");
        case 6:
          return kw("NOT") + " " + condition(depth - 1);
        case 7:
          return "( " + condition(depth - 1) + " )";
        case 8:
          return condition(depth - 1) + " " + kw("AND") + " " + condition(depth - 1);
        default:
          return condition(depth - 1) + " " + kw("OR") + " " + condition(depth - 1);
      }
    }

    private String not() {
      return random.nextInt(3) == 0 ? " " + kw("NOT") : "";
    }

    private String operand() {
      return random.nextBoolean() ? parameter() : pick(LITERALS);
    }

    private String parameter() {
      return named ? ":" + pick("a", "b", "max") : "?" + (1 + random.nextInt(3));
    }

    private String kw(String keyword) {
      switch (random.nextInt(3)) {
        case 0:
          return keyword;
        case 1:
          return keyword.toLowerCase(Locale.ROOT);
        default:
          return keyword.charAt(0) + keyword.substring(1).toLowerCase(Locale.ROOT);
      }
    }

    private String pick(String... options) {
      return options[random.nextInt(options.length)];
    }
  }
}
