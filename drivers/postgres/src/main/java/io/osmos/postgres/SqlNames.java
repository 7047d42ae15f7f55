package io.osmos.postgres;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * SQL identifiers and literals the driver builds from bucket, schema and field names. Names are
 * validated, then always double-quoted, so no name can break out of its place in a statement;
 * values never go through here (they are bound parameters).
 */
final class SqlNames {
  /** PostgreSQL truncates identifiers longer than this many bytes. */
  static final int MAX_IDENTIFIER_BYTES = 63;

  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_-]{1,63}");

  private SqlNames() {}

  /**
   * Checks a bucket, topic-table or schema name: the processor's rule for buckets ({@code
   * [A-Za-z0-9_-]{1,63}}), which also fits PostgreSQL's identifier length.
   *
   * @throws IllegalArgumentException naming what was wrong
   */
  static String checkName(String what, String name) {
    if (name == null || !BUCKET.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + name
              + "' is not a valid name for a"
              + " PostgreSQL table or schema here: use 1 to 63 letters, digits, '_' or '-'");
    }
    return name;
  }

  /** {@code name} as a quoted identifier: {@code "name"}, inner quotes doubled. */
  static String quote(String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a usable SQL identifier: '" + name + "'");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
      throw new IllegalArgumentException(
          "SQL identifier '"
              + name
              + "' is longer than "
              + MAX_IDENTIFIER_BYTES
              + " bytes; PostgreSQL would truncate it");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"}. */
  static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  /**
   * A derived object name {@code base + "__" + suffix} (an index, a log table). When that is longer
   * than PostgreSQL keeps, it is cut and ends with a hash of the full name instead, so two long
   * names never collide by truncation.
   */
  static String derived(String base, String suffix) {
    String full = base + "__" + suffix;
    byte[] bytes = full.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_IDENTIFIER_BYTES) {
      return full;
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    String hash = HexFormat.of().toHexDigits((int) crc.getValue());
    StringBuilder cut = new StringBuilder();
    int budget = MAX_IDENTIFIER_BYTES - hash.length() - 1;
    int used = 0;
    for (int i = 0; i < full.length(); ) {
      int cp = full.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + n > budget) {
        break;
      }
      cut.appendCodePoint(cp);
      used += n;
      i += Character.charCount(cp);
    }
    return cut + "_" + hash;
  }

  /** {@code text} as a SQL string literal ({@code 'it''s'}); for names embedded in DDL only. */
  static String literal(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a SQL literal cannot hold a NUL character");
    }
    // standard_conforming_strings (on by default since 9.1) keeps backslashes literal; the E''
    // form would not depend on it, but then backslashes must be doubled too.
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
