package io.osmos.processor.query;

import java.util.Objects;

/**
 * A JDQL query Osmos cannot read: a syntax error, or a construct of the language Osmos does not
 * evaluate. The message says where (column, or line and column), what was expected and what was
 * found, for example {@code expected a comparison operator after 'price' at column 27, found
 * 'LIKEE'}; the parts are also available separately so that a diagnostic can point at the token.
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
  private final String expected;
  private final String found;

  JdqlException(Reason reason, String message, int offset, int length, String expected, String found) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
    this.offset = offset;
    this.length = length;
    this.expected = expected;
    this.found = found;
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

  /** What would have been right there, in words ("a comparison operator"). */
  public String expected() {
    return expected;
  }

  /** The offending token as written, or "the end of the query". */
  public String found() {
    return found;
  }
}
