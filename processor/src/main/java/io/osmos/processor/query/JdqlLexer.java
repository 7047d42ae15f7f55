package io.osmos.processor.query;

import java.util.ArrayList;
import java.util.List;

/** Splits JDQL text into tokens. Characters that start no token become {@link Kind#UNKNOWN}. */
final class JdqlLexer {
  enum Kind {
    IDENTIFIER,
    STRING,
    INTEGER,
    DECIMAL,
    NAMED_PARAMETER,
    POSITIONAL_PARAMETER,
    SYMBOL,
    UNKNOWN,
    END
  }

  /**
   * One token. {@code value} is the string's content for {@link Kind#STRING}, the name or position
   * (without {@code :}/{@code ?}) for parameters, the text otherwise.
   */
  record Token(Kind kind, String text, String value, int offset) {
    int end() {
      return offset + text.length();
    }

    Span span() {
      return new Span(offset, text.length());
    }

    boolean is(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isKeyword(String keyword) {
      return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }
  }

  private final String text;
  private int pos;

  private JdqlLexer(String text) {
    this.text = text;
  }

  static List<Token> tokens(String text) {
    JdqlLexer lexer = new JdqlLexer(text);
    List<Token> tokens = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (t.kind() != Kind.END);
    return tokens;
  }

  private Token next() {
    while (pos < text.length() && isWhitespace(text.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= text.length()) {
      return new Token(Kind.END, "", "", pos);
    }
    char c = text.charAt(pos);
    if (Character.isJavaIdentifierStart(c)) {
      pos++;
      while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
        pos++;
      }
      return token(Kind.IDENTIFIER, start);
    }
    if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
      return number(start);
    }
    if (c == '\'') {
      return string(start);
    }
    if (c == ':'
        && pos + 1 < text.length()
        && Character.isJavaIdentifierStart(text.charAt(pos + 1))) {
      pos++;
      while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(
          Kind.NAMED_PARAMETER, text.substring(start, pos), text.substring(start + 1, pos), start);
    }
    if (c == '?' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
      pos++;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
      return new Token(
          Kind.POSITIONAL_PARAMETER,
          text.substring(start, pos),
          text.substring(start + 1, pos),
          start);
    }
    for (String symbol : new String[] {"<>", "<=", ">=", "||", "!=", "=="}) {
      if (text.startsWith(symbol, pos)) {
        pos += 2;
        return token(
            symbol.equals("!=") || symbol.equals("==") ? Kind.UNKNOWN : Kind.SYMBOL, start);
      }
    }
    pos++;
    return token("=<>(),.+-*/".indexOf(c) >= 0 ? Kind.SYMBOL : Kind.UNKNOWN, start);
  }

  private Token token(Kind kind, int start) {
    String s = text.substring(start, pos);
    return new Token(kind, s, s, start);
  }

  // A Java decimal literal: digits (with underscores between them), an optional fraction and
  // exponent, and an optional type suffix (L for integers; F or D for decimals).
  private Token number(int start) {
    boolean decimal = false;
    digits();
    if (pos < text.length()
        && text.charAt(pos) == '.'
        && !(pos + 1 < text.length() && Character.isJavaIdentifierStart(text.charAt(pos + 1)))) {
      decimal = true;
      pos++;
      digits();
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < text.length() && isDigit(text.charAt(pos))) {
        decimal = true;
        digits();
      } else {
        pos = mark;
      }
    }
    Kind kind = decimal ? Kind.DECIMAL : Kind.INTEGER;
    if (pos < text.length()) {
      char s = text.charAt(pos);
      if (!decimal && (s == 'L' || s == 'l')) {
        pos++;
      } else if (s == 'F' || s == 'f' || s == 'D' || s == 'd') {
        pos++;
        kind = Kind.DECIMAL;
      }
    }
    // "12abc" is one bad token, not a number followed by an identifier.
    if (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
      while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
        pos++;
      }
      return token(Kind.UNKNOWN, start);
    }
    return token(kind, start);
  }

  private void digits() {
    while (pos < text.length()
        && (isDigit(text.charAt(pos))
            || (text.charAt(pos) == '_'
                && pos + 1 < text.length()
                && (isDigit(text.charAt(pos + 1)) || text.charAt(pos + 1) == '_')))) {
      pos++;
    }
  }

  private Token string(int start) {
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= text.length()) {
        throw JdqlParser.error(
            JdqlException.Reason.SYNTAX,
            text,
            start,
            text.length() - start,
            "a closing quote (') for the string that starts",
            null,
            JdqlParser.END_OF_QUERY,
            null);
      }
      char c = text.charAt(pos++);
      if (c == '\'') {
        if (pos < text.length() && text.charAt(pos) == '\'') {
          value.append('\'');
          pos++;
        } else {
          break;
        }
      } else {
        value.append(c);
      }
    }
    return new Token(Kind.STRING, text.substring(start, pos), value.toString(), start);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }
}
