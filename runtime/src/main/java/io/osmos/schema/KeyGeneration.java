package io.osmos.schema;

/** How a missing key is generated on insert. */
public enum KeyGeneration {
  /** The key must be given (composite keys, other types). */
  NONE,
  /** A String key: the store's own id where it has one, else 20 random bytes as hex. */
  STRING,
  /** A random UUID. */
  UUID,
  /** A {@code long}/{@code Long} from a per-bucket sequence (starting at 1). */
  LONG
}
