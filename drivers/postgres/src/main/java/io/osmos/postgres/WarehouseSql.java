package io.osmos.postgres;

import io.osmos.UnsupportedQueryException;

/**
 * Checks that warehouse SQL is one query that can stand inside parentheses, as in {@code SELECT *
 * FROM (<sql>) AS q}: a single statement (semicolons only inside literals, identifiers and
 * comments, or trailing) with balanced parentheses. Once wrapped, PostgreSQL itself rejects
 * anything that is not a query: {@code INSERT}, {@code DROP}, data-modifying {@code WITH}, {@code
 * SELECT INTO} are syntax errors inside a subquery.
 *
 * <p>The scanner knows PostgreSQL's lexical forms: {@code '...'} (with {@code ''}), {@code
 * E'...'} (with backslash escapes), {@code "..."}, {@code $tag$...$tag$}, {@code --} and nested
 * {@code /* *}{@code /} comments.
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
          throw new UnsupportedQueryException("the warehouse query holds more than one statement"
              + " (text follows the ';' at position " + end + "); give one SELECT");
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
            throw new UnsupportedQueryException("the warehouse query closes a parenthesis it did"
                + " not open (position " + i + "); give one SELECT");
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
      throw new UnsupportedQueryException("the warehouse query leaves " + depth + " parenthesis"
          + (depth == 1 ? "" : "es") + " open; give one SELECT");
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

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
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
    throw new UnsupportedQueryException("the warehouse query has an unterminated "
        + (quote == '"' ? "quoted identifier" : "string") + " starting at position " + i
        + "; give one SELECT");
  }

  /** The index after a dollar-quoted string at {@code i}, or after the '$' when it is not one. */
  private static int dollar(String sql, int i) {
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j))
        || sql.charAt(j) == '_')) {
      j++;
    }
    boolean tag = j < sql.length() && sql.charAt(j) == '$'
        && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)));
    if (!tag || (i > 0 && isIdentifierPart(sql.charAt(i - 1)))) {
      return i + 1; // a parameter ($1) or part of an identifier
    }
    String delimiter = sql.substring(i, j + 1);
    int close = sql.indexOf(delimiter, j + 1);
    if (close < 0) {
      throw new UnsupportedQueryException("the warehouse query has an unterminated "
          + delimiter + " string starting at position " + i + "; give one SELECT");
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
    throw new UnsupportedQueryException("the warehouse query has an unterminated comment"
        + " starting at position " + i + "; give one SELECT");
  }
}
