package io.osmos.bigquery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What BigQuery's dry run says a GoogleSQL text is ({@code statistics.query.statementType}): {@code
 * SCRIPT} for several statements or a procedural statement ({@code DECLARE}, {@code SET}, {@code
 * BEGIN}, {@code COMMIT}, {@code EXECUTE IMMEDIATE}, {@code CALL}, ...), else the kind of its one
 * statement: {@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code
 * TRUNCATE_TABLE}, {@code CREATE_TABLE}, {@code CREATE_TABLE_AS_SELECT}, {@code CREATE_VIEW},
 * {@code DROP_TABLE}, {@code ALTER_TABLE}, {@code EXPORT_DATA}, {@code LOAD_DATA}, {@code GRANT},
 * ... Statements end at semicolons outside GoogleSQL's strings ({@code '...'}, {@code "..."},
 * {@code '''...'''}, {@code """..."""}, with {@code r}/{@code b} prefixes and backslash escapes),
 * quoted names ({@code `...`}) and comments ({@code #}, {@code --}, {@code /* *}{@code /}, not
 * nested).
 */
final class FakeStatementTypes {
  private FakeStatementTypes() {}

  private static final Set<String> PROCEDURAL =
      Set.of(
          "DECLARE",
          "SET",
          "BEGIN",
          "COMMIT",
          "ROLLBACK",
          "EXECUTE",
          "CALL",
          "IF",
          "LOOP",
          "WHILE",
          "REPEAT",
          "FOR",
          "BREAK",
          "LEAVE",
          "CONTINUE",
          "ITERATE",
          "RAISE",
          "RETURN",
          "CASE");
  private static final Pattern AS_QUERY =
      Pattern.compile("(?is).*\\bAS\\s*\\(?\\s*(SELECT|WITH)" + "\\b.*");

  /** The statement type of {@code sql}, as BigQuery's dry run reports it. */
  static String of(String sql) {
    List<String> statements = statements(sql);
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("Syntax error: Unexpected end of script at [1:1]");
    }
    if (statements.size() > 1) {
      return "SCRIPT";
    }
    List<String> words = words(statements.get(0), 4);
    String first = words.isEmpty() ? "" : words.get(0);
    if (PROCEDURAL.contains(first)) {
      return "SCRIPT";
    }
    return switch (first) {
      case "SELECT", "WITH", "FROM", "VALUES" -> "SELECT";
      case "INSERT", "UPDATE", "DELETE", "MERGE", "GRANT", "REVOKE", "ASSERT" -> first;
      case "TRUNCATE" -> "TRUNCATE_TABLE";
      case "EXPORT" -> "EXPORT_" + after(words, 1);
      case "LOAD" -> "LOAD_DATA";
      case "CREATE" -> {
        String object = object(words.subList(1, words.size()));
        yield object.equals("TABLE") && AS_QUERY.matcher(statements.get(0)).matches()
            ? "CREATE_TABLE_AS_SELECT"
            : "CREATE_" + object;
      }
      case "DROP", "ALTER" -> first + "_" + object(words.subList(1, words.size()));
      default ->
          throw new IllegalArgumentException(
              "Syntax error: Unexpected identifier \"" + first + "\" at [1:1]");
    };
  }

  /**
   * The statements of {@code sql}, without the blank ones (a trailing semicolon ends the last).
   *
   * @throws IllegalArgumentException for an unclosed string, name or comment, in BigQuery's words
   */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean content = false;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"') {
        end = stringEnd(sql, i);
        content = true;
      } else if (c == '`') {
        end = closing(sql, i + 1, "`", "Unclosed identifier literal", i);
        content = true;
      } else if (c == '#' || sql.startsWith("--", i)) {
        int nl = sql.indexOf('\n', i);
        end = nl < 0 ? sql.length() : nl;
      } else if (sql.startsWith("/*", i)) {
        int close = sql.indexOf("*/", i + 2);
        if (close < 0) {
          throw new IllegalArgumentException(
              "Syntax error: Unclosed comment at [" + position(sql, i) + "]");
        }
        end = close + 2;
      } else if (c == ';') {
        if (content) {
          out.add(current.toString().strip());
        }
        current.setLength(0);
        content = false;
        i++;
        continue;
      } else {
        end = i + 1;
        content |= !Character.isWhitespace(c);
      }
      current.append(sql, i, end);
      i = end;
    }
    if (content) {
      out.add(current.toString().strip());
    }
    return out;
  }

  /** The index after the string literal whose quote is at {@code i}, triple-quoted or not. */
  private static int stringEnd(String sql, int i) {
    char q = sql.charAt(i);
    String quote =
        sql.startsWith(String.valueOf(q).repeat(3), i)
            ? String.valueOf(q).repeat(3)
            : String.valueOf(q);
    return closing(sql, i + quote.length(), quote, "Unclosed string literal", i);
  }

  /** The index after {@code quote} from {@code from} on; a backslash escapes the next character. */
  private static int closing(String sql, int from, String quote, String what, int start) {
    int j = from;
    while (j < sql.length()) {
      if (sql.charAt(j) == '\\') {
        j += 2;
      } else if (sql.startsWith(quote, j)) {
        return j + quote.length();
      } else if (quote.length() == 1 && quote.charAt(0) != '`' && sql.charAt(j) == '\n') {
        break; // a one-quote string ends on its line
      } else {
        j++;
      }
    }
    throw new IllegalArgumentException(
        "Syntax error: " + what + " at [" + position(sql, start) + "]");
  }

  /** The first {@code n} words of a statement, upper case, after comments and parentheses. */
  private static List<String> words(String statement, int n) {
    String s = statement.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)(#|--).*$", " ");
    List<String> words = new ArrayList<>();
    for (String w : s.split("[\\s]+", -1)) {
      String word = w.replaceAll("^\\(+", "").toUpperCase(Locale.ROOT);
      if (!word.isEmpty() && words.size() < n) {
        words.add(word.replaceAll("[^A-Z_].*$", ""));
      }
    }
    return words;
  }

  /** The kind of object a CREATE, DROP or ALTER is about: {@code TABLE}, {@code VIEW}, ... */
  private static String object(List<String> words) {
    List<String> kind = new ArrayList<>();
    for (String w : words) {
      switch (w) {
        case "OR", "REPLACE", "TEMP", "TEMPORARY", "IF", "NOT", "EXISTS" -> {}
        case "EXTERNAL",
            "MATERIALIZED",
            "SNAPSHOT",
            "ROW",
            "ACCESS",
            "SEARCH",
            "VECTOR",
            "TABLE",
            "VIEW",
            "SCHEMA",
            "FUNCTION",
            "PROCEDURE",
            "MODEL",
            "POLICY",
            "INDEX" ->
            kind.add(w);
        default -> {
          return kind.isEmpty() ? w : String.join("_", kind);
        }
      }
    }
    return kind.isEmpty() ? "TABLE" : String.join("_", kind);
  }

  private static String after(List<String> words, int i) {
    return i < words.size() ? words.get(i) : "";
  }

  private static String position(String sql, int index) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < index; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return line + ":" + col;
  }
}
