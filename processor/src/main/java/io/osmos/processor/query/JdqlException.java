package io.osmos.processor.query;

import java.util.Objects;
import java.util.Optional;

/**
 * A JDQL query Osmos cannot read: a syntax error, or a construct of the language Osmos does not
 * evaluate. The message says where (column, or line and column), what was expected and what was
 * found, for example {@code expected a comparison operator after 'price' at column 27, found
 * 'LIKEE'}; the parts are also available separately so that a diagnostic can point at the token or
 * word its own sentence: {@code found() + " at " + position()} names the offending token and {@link
 * #hint()} what to do about it.
 */
public final class JdqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the query cannot be read. */
  public enum Reason {
    /** The text is not JDQL. */
    SYNTAX,
    /** The text is JDQL, but uses something Osmos does not evaluate (arithmetic, say). */
    UNSUPPORTED
  }

  private final Reason reason;
  private final int offset;
  private final int length;
  private final String position;
  private final String expected;
  private final String found;
  private final String hint;

  JdqlException(
      Reason reason,
      String message,
      int offset,
      int length,
      String position,
      String expected,
      String found,
      String hint) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
    this.offset = offset;
    this.length = length;
    this.position = Objects.requireNonNull(position);
    this.expected = expected;
    this.found = Objects.requireNonNull(found);
    this.hint = hint;
  }

  /** Whether the text is not JDQL, or is JDQL Osmos does not evaluate. */
  public Reason reason() {
    return reason;
  }

  /** The index in the query text of the offending token, from 0. */
  public int offset() {
    return offset;
  }

  /** The length of the offending token; 0 at the end of the text. */
  public int length() {
    return length;
  }

  /** The offending token's place in the query text. */
  public Span span() {
    return new Span(offset, length);
  }

  /**
   * Where the offending token starts, in words: {@code "column 27"}, or {@code "line 2, column 5"}
   * in a query of several lines.
   */
  public String position() {
    return position;
  }

  /**
   * For a {@link Reason#SYNTAX} error, what would have been right there, in words ("a comparison
   * operator"); empty for {@link Reason#UNSUPPORTED}, where the token is in the right place but
   * Osmos does not evaluate it.
   */
  public Optional<String> expected() {
    return Optional.ofNullable(expected);
  }

  /** The offending token as written, quoted ({@code 'LIKEE'}), or "the end of the query". */
  public String found() {
    return found;
  }

  /**
   * What to do: for {@link Reason#UNSUPPORTED} why Osmos does not evaluate the construct and what
   * to write instead; for {@link Reason#SYNTAX} a suggestion when there is one ("did you mean
   * LIKE?").
   */
  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}
