package io.osmos.processor.query;

/**
 * Where a piece of a query sits in the text it was read from: the JDQL of a {@code @Query} value,
 * or the name of a query method. Diagnostics use it to point at the offending token.
 *
 * @param offset the index of the first character, from 0
 * @param length the number of characters, 0 for a position between characters (such as the end of
 *     the text)
 */
public record Span(int offset, int length) {
  /** A span for pieces that have no place in any text (for example an implied entity). */
  public static final Span NONE = new Span(-1, 0);

  /** Checks the bounds. */
  public Span {
    if (offset < -1 || length < 0) {
      throw new IllegalArgumentException(
          "a span needs an offset from 0 (-1 for NONE) and a length from 0, found "
              + offset
              + "+"
              + length);
    }
  }

  /** The index just after the last character. */
  public int end() {
    return offset + length;
  }

  /** The smallest span that covers this one and {@code other}; {@link #NONE} is ignored. */
  public Span to(Span other) {
    if (this.equals(NONE)) {
      return other;
    }
    if (other.equals(NONE)) {
      return this;
    }
    int start = Math.min(offset, other.offset);
    return new Span(start, Math.max(end(), other.end()) - start);
  }

  /**
   * Where this span starts, in words: {@code "column 27"} for one-line text, {@code "line 2, column
   * 5"} when the text has several lines. Columns and lines count from 1.
   *
   * @param text the text this span points into
   */
  public String position(String text) {
    if (offset < 0) {
      return "an implied position";
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = offset - lineStart + 1;
    return text.indexOf('\n') < 0 ? "column " + column : "line " + line + ", column " + column;
  }
}
