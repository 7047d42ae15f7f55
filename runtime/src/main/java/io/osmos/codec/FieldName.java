package io.osmos.codec;

import java.nio.charset.StandardCharsets;

/**
 * A stored field name, created once per model so formats can cache their encoded form (JSON keeps
 * the quoted UTF-8 bytes). Obtain instances from {@link FieldNames#name(int)}.
 */
public final class FieldName {
  private final String value;
  private final int index;
  private final byte[] utf8;
  // Formats cache their own encoding here (e.g. jackson's SerializableString); written once, racy
  // but idempotent.
  private volatile Object formatCache;

  FieldName(String value, int index) {
    this.value = value;
    this.index = index;
    this.utf8 = value.getBytes(StandardCharsets.UTF_8);
  }

  /** The stored name. */
  public String value() {
    return value;
  }

  /** Its index in the {@link FieldNames} table it belongs to. */
  public int index() {
    return index;
  }

  /** The stored name as UTF-8; do not modify. */
  public byte[] utf8() {
    return utf8;
  }

  /** A format's cached encoding of this name, or null. */
  public Object formatCache() {
    return formatCache;
  }

  /** Stores a format's encoding of this name (formats share one slot: JSON uses it). */
  public void formatCache(Object encoded) {
    this.formatCache = encoded;
  }

  @Override
  public String toString() {
    return value;
  }
}
