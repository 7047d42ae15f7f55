package io.osmos.codec;

/**
 * How readers and writers spell a field path in errors: {@code address.city} for fields, {@code
 * tags[2]} for elements, {@code labels["a key"]} for map keys and names that are not plain.
 */
public final class FieldPath {
  private FieldPath() {}

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
