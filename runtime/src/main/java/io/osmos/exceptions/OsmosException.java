package io.osmos.exceptions;

/**
 * The root of every error Osmos throws. Errors raised by a repository or driver name the driver,
 * bucket, key and operation involved (whichever apply) and keep the client library's exception as
 * the cause.
 */
public class OsmosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private String driver;
  private String bucket;
  private String key;
  private String operation;

  /**
   * @param message what went wrong; control characters in it (from stored data, keys, server
   *     replies) are escaped, so a message is always one line of a log
   */
  public OsmosException(String message) {
    super(printable(message));
  }

  public OsmosException(String message, Throwable cause) {
    super(printable(message), cause);
  }

  /**
   * Adds context where it is still unknown (a driver may already have named the key); returns this
   * exception for {@code throw e.in(...)}.
   */
  public OsmosException in(String driver, String bucket, Object key, String operation) {
    if (this.driver == null) {
      this.driver = driver;
    }
    if (this.bucket == null) {
      this.bucket = bucket;
    }
    if (this.key == null && key != null) {
      this.key = abbreviate(String.valueOf(key));
    }
    if (this.operation == null) {
      this.operation = operation;
    }
    return this;
  }

  /** The driver, as {@code name (kind)}, e.g. {@code db (redis)}; null if unknown. */
  public String driver() {
    return driver;
  }

  public String bucket() {
    return bucket;
  }

  /** The key involved, abbreviated to 200 characters; null if none. */
  public String key() {
    return key;
  }

  /** The operation: get, save, update, find, publish, ... */
  public String operation() {
    return operation;
  }

  /** The message without the context suffix. */
  public String detail() {
    return super.getMessage();
  }

  @Override
  public String getMessage() {
    StringBuilder b = new StringBuilder(String.valueOf(super.getMessage()));
    if (driver != null || bucket != null || key != null || operation != null) {
      b.append(" [");
      String sep = "";
      if (operation != null) {
        b.append("operation=").append(operation);
        sep = ", ";
      }
      if (driver != null) {
        b.append(sep).append("driver=").append(driver);
        sep = ", ";
      }
      if (bucket != null) {
        b.append(sep).append("bucket=").append(bucket);
        sep = ", ";
      }
      if (key != null) {
        b.append(sep).append("key=").append(key);
      }
      b.append(']');
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return printable(s.length() <= 200 ? s : s.substring(0, 197) + "...");
  }

  /**
   * {@code s} as one line of text for messages and logs: every control or format character (line
   * breaks, escape sequences, bidirectional overrides), line and paragraph separator, lone
   * surrogate, private-use or unassigned code point is written as {@code \}{@code uxxxx}, so text
   * from data can neither start a new log line nor change how the line reads.
   */
  public static String printable(String s) {
    if (s == null) {
      return null;
    }
    int i = 0;
    int n = s.length();
    while (i < n) {
      int cp = s.codePointAt(i);
      if (needsEscape(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == n) {
      return s;
    }
    StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
    while (i < n) {
      int cp = s.codePointAt(i);
      if (needsEscape(cp)) {
        for (char c : Character.toChars(cp)) {
          b.append(String.format("\\u%04x", (int) c));
        }
      } else {
        b.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  /** Whether {@link #printable} escapes the code point {@code cp}. */
  public static boolean needsEscape(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE;
  }
}
