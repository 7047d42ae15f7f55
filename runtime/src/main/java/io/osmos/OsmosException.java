package io.osmos;

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
   * {@code s} with every control character (C0, DEL, C1, and the line and paragraph separators)
   * escaped as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, so text from data
   * cannot start a new line in a log or move a terminal's cursor.
   */
  static String printable(String s) {
    if (s == null) {
      return null;
    }
    int i = 0;
    int n = s.length();
    while (i < n && !isControl(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (!isControl(c)) {
        b.append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else {
        b.append(String.format("\\u%04X", (int) c));
      }
    }
    return b.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
