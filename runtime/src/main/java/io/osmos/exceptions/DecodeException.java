package io.osmos.exceptions;

/**
 * Stored data does not fit the model: a wrong type, a value out of range, malformed JSON. Names the
 * field path, the expected type and the value found; a decode that fails never returns a half-filled
 * model.
 */
public class DecodeException extends OsmosException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String expected;
  private final String found;

  public DecodeException(String path, String expected, Object found) {
    super("cannot decode field '" + path + "': expected " + expected + " but found "
        + describe(found));
    this.path = path;
    this.expected = expected;
    this.found = describe(found);
  }

  /**
   * Stored data at {@code path} that cannot be read at all: malformed JSON, invalid encoding, a
   * value over a read limit. {@code detail} says what is wrong ("malformed JSON at line 1, column
   * 6: unexpected end of input"), {@code found} shows the data there.
   */
  public DecodeException(
      String path, String expected, Object found, String detail, Throwable cause) {
    super("cannot decode field '" + path + "': " + detail, cause);
    this.path = path;
    this.expected = expected;
    this.found = describe(found);
  }

  /** A failure that concerns no field in particular. */
  public DecodeException(String message, Throwable cause) {
    super(message, cause);
    this.path = null;
    this.expected = null;
    this.found = null;
  }

  /** The dotted path of the field that failed ({@code address.city}, {@code tags[2]}), or null. */
  public String path() {
    return path;
  }

  public String expected() {
    return expected;
  }

  /** A short description of what was found. */
  public String found() {
    return found;
  }

  private static String describe(Object found) {
    if (found == null) {
      return "null";
    }
    String s = found instanceof String str ? '"' + str + '"' : String.valueOf(found);
    if (s.length() > 100) {
      s = s.substring(0, 97) + "...";
    }
    return printable(s);
  }
}
