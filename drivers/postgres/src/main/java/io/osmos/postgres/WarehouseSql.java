package io.osmos.postgres;

import io.osmos.exceptions.UnsupportedQueryException;

/**
 * A first look at warehouse SQL, for early and precise messages: one statement (semicolons only
 * inside literals, identifiers and comments, or trailing, which are cut off) with balanced
 * parentheses, so that it fits in {@code SELECT * FROM (<sql>) AS q}. It is not what keeps the
 * database safe: the server checks the text again, as one statement that must be a query in a
 * read-only transaction (see {@link PostgresWarehouse}), so a text this scanner reads differently
 * from PostgreSQL can only be refused, never run as more than one query.
 *
 * <p>The scanner follows PostgreSQL's lexical rules: {@code '...'} (with {@code ''}), {@code
 * E'...'} (with backslash escapes), {@code "..."}, {@code $tag$...$tag$}, {@code --} and nested
 * {@code /* *}{@code /} comments; identifiers and dollar-quote tags are made of ASCII letters,
 * digits, {@code _} and every non-ASCII character, as in PostgreSQL's scanner.
 */
final class WarehouseSql {
  private WarehouseSql() {}

  /**
   * The query without trailing semicolons and blanks.
   *
   * @throws UnsupportedQueryException when it is not exactly one statement that fits inside
   *     parentheses
   */
  static String single(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new UnsupportedQueryException("the warehouse query is empty; give one SELECT");
    }
    int depth = 0;
    int end = -1;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char ch = sql.charAt(i);
      if (end >= 0) {
        if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
          i = lineEnd(sql, i);
        } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
          i = commentEnd(sql, i);
        } else if (ch == ';' || Character.isWhitespace(ch)) {
          i++;
        } else {
          throw new UnsupportedQueryException(
              "the warehouse query holds more than one statement"
                  + " (text follows the ';' at position "
                  + end
                  + "); give one SELECT");
        }
        continue;
      }
      switch (ch) {
        case '\'' -> i = quoted(sql, i, '\'', escapesBackslash(sql, i));
        case '"' -> i = quoted(sql, i, '"', false);
        case '$' -> i = dollar(sql, i);
        case '-' -> i = i + 1 < n && sql.charAt(i + 1) == '-' ? lineEnd(sql, i) : i + 1;
        case '/' -> i = i + 1 < n && sql.charAt(i + 1) == '*' ? commentEnd(sql, i) : i + 1;
        case '(' -> {
          depth++;
          i++;
        }
        case ')' -> {
          depth--;
          if (depth < 0) {
            throw new UnsupportedQueryException(
                "the warehouse query closes a parenthesis it did"
                    + " not open (position "
                    + i
                    + "); give one SELECT");
          }
          i++;
        }
        case ';' -> {
          end = i;
          i++;
        }
        default -> i++;
      }
    }
    if (depth != 0) {
      throw new UnsupportedQueryException(
          "the warehouse query leaves "
              + depth
              + " parenthesis"
              + (depth == 1 ? "" : "es")
              + " open; give one SELECT");
    }
    String body = end >= 0 ? sql.substring(0, end) : sql;
    return body.strip();
  }

  /** Whether the quote at {@code i} opens an E'...' string (backslash escapes). */
  private static boolean escapesBackslash(String sql, int i) {
    if (i == 0 || Character.toLowerCase(sql.charAt(i - 1)) != 'e') {
      return false;
    }
    return i == 1 || !isIdentifierPart(sql.charAt(i - 2));
  }

  /** PostgreSQL's {@code ident_cont}: any byte of a non-ASCII character counts as a letter. */
  private static boolean isIdentifierPart(char c) {
    return isTagPart(c) || c == '$';
  }

  /** PostgreSQL's {@code dolq_cont}: a dollar-quote tag has no '$' inside. */
  private static boolean isTagPart(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c >= 0x80;
  }

  /** The index after the literal or identifier that starts at {@code i}. */
  private static int quoted(String sql, int i, char quote, boolean backslash) {
    int j = i + 1;
    while (j < sql.length()) {
      char c = sql.charAt(j);
      if (backslash && c == '\\') {
        j += 2;
      } else if (c == quote) {
        if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        j++;
      }
    }
    throw new UnsupportedQueryException(
        "the warehouse query has an unterminated "
            + (quote == '"' ? "quoted identifier" : "string")
            + " starting at position "
            + i
            + "; give one SELECT");
  }

  /** The index after a dollar-quoted string at {@code i}, or after the '$' when it is not one. */
  private static int dollar(String sql, int i) {
    int j = i + 1;
    while (j < sql.length() && isTagPart(sql.charAt(j))) {
      j++;
    }
    char first = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
    boolean tag =
        j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || first < '0' || first > '9');
    if (!tag || (i > 0 && isIdentifierPart(sql.charAt(i - 1)))) {
      return i + 1; // a parameter ($1) or part of an identifier
    }
    String delimiter = sql.substring(i, j + 1);
    int close = sql.indexOf(delimiter, j + 1);
    if (close < 0) {
      throw new UnsupportedQueryException(
          "the warehouse query has an unterminated "
              + delimiter
              + " string starting at position "
              + i
              + "; give one SELECT");
    }
    return close + delimiter.length();
  }

  private static int lineEnd(String sql, int i) {
    int nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length() : nl + 1;
  }

  /** The index after the (nested) block comment at {@code i}. */
  private static int commentEnd(String sql, int i) {
    int depth = 0;
    int j = i;
    while (j < sql.length() - 1) {
      if (sql.charAt(j) == '/' && sql.charAt(j + 1) == '*') {
        depth++;
        j += 2;
      } else if (sql.charAt(j) == '*' && sql.charAt(j + 1) == '/') {
        depth--;
        j += 2;
        if (depth == 0) {
          return j;
        }
      } else {
        j++;
      }
    }
    throw new UnsupportedQueryException(
        "the warehouse query has an unterminated comment"
            + " starting at position "
            + i
            + "; give one SELECT");
  }
}
