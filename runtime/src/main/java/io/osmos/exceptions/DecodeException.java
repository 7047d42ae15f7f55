package io.osmos.exceptions;

/**
 * Stored data does not fit the model: a wrong type, a value out of range, malformed JSON. Names the
 * field path, the expected type and the value found; a decode that fails never returns a
 * half-filled model.
 */
public class DecodeException extends OsmosException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String expected;
  private final String found;
  private final boolean missing;

  public DecodeException(String path, String expected, Object found) {
    super(
        "cannot decode field '"
            + path
            + "': expected "
            + expected
            + " but found "
            + describe(found));
    this.path = path;
    this.expected = expected;
    this.found = describe(found);
    this.missing = false;
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
    this.missing = false;
  }

  private DecodeException(String path, String expected, String message) {
    super(message);
    this.path = path;
    this.expected = expected;
    this.found = "nothing";
    this.missing = true;
  }

  /**
   * A stored object lacks a field that must have a value: a primitive, or a field that must not be
   * null, without {@code @Default}.
   *
   * @param path the field's path, e.g. {@code address.zip}
   * @param field the type and field that declare it, e.g. {@code Address.zip}
   * @param expected what the field holds, e.g. {@code int} or {@code String (@NotNull)}
   */
  public static DecodeException missing(String path, String field, String expected) {
    return new DecodeException(
        path,
        expected,
        "cannot decode field '"
            + path
            + "': it is missing from the stored document, and "
            + field
            + " is "
            + article(expected)
            + expected
            + " without @Default (declare"
            + " @Default(\"...\") to give documents stored without it a value)");
  }

  private static String article(String expected) {
    return expected.isEmpty() || "aeiouAEIOU".indexOf(expected.charAt(0)) < 0 ? "a " : "an ";
  }

  /** A failure that concerns no field in particular. */
  public DecodeException(String message, Throwable cause) {
    super(message, cause);
    this.path = null;
    this.expected = null;
    this.found = null;
    this.missing = false;
  }

  /** The dotted path of the field that failed ({@code address.city}, {@code tags[2]}), or null. */
  public String path() {
    return path;
  }

  public String expected() {
    return expected;
  }

  /** Whether the field at {@link #path()} was missing from the stored document. */
  public boolean missing() {
    return missing;
  }

  /** A short description of what was found ({@code nothing} for a missing field). */
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
