package io.osmos.codec;

/**
 * How readers and writers spell a field path in errors: {@code address.city} for fields, {@code
 * tags[2]} for elements, {@code labels["a key"]} for map keys and names that are not plain.
 */
public final class FieldPath {
  /** The path of the outermost value, when an error concerns it rather than a field in it. */
  public static final String ROOT = "(root)";

  private FieldPath() {}

  /**
   * The path of field {@code name} of the object at {@code objectPath}: {@code address.city}, or
   * just {@code city} when the object is the {@link #ROOT}.
   */
  public static String child(String objectPath, String name) {
    StringBuilder b = new StringBuilder();
    if (!ROOT.equals(objectPath)) {
      b.append(objectPath);
    }
    appendName(b, name);
    return b.toString();
  }

  /** Appends a field name: {@code .name}, or {@code ["name"]} when it is not plain. */
  public static void appendName(StringBuilder b, String name) {
    if (isPlain(name)) {
      if (b.length() > 0) {
        b.append('.');
      }
      b.append(name);
    } else {
      appendKey(b, name);
    }
  }

  /** Appends a map key as {@code ["key"]}, escaping quotes and backslashes. */
  public static void appendKey(StringBuilder b, String key) {
    b.append("[\"");
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    b.append("\"]");
  }

  private static boolean isPlain(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
