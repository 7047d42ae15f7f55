package io.osmos.codec;

import java.math.BigDecimal;
import java.util.HashMap;

/**
 * One instance per distinct small value while a format reads schemaless values ({@code @Extra}):
 * the names of an array of objects repeat in every element, as do many values, and a tree keeps an
 * object for each. Sharing the immutable ones (short strings, longs, decimals) keeps a decoded tree
 * a few times the size of its JSON instead of a dozen times. For formats; not thread-safe; one per
 * reader.
 */
public final class SharedValues {
  /** Longer strings rarely repeat. */
  private static final int MAX_LENGTH = 32;

  /** Distinct values kept, so the table stays small however varied the input. */
  private static final int MAX_ENTRIES = 4096;

  private HashMap<Object, Object> seen;

  /** The instance equal to {@code s} seen first, or {@code s}. */
  public String share(String s) {
    return s.length() > MAX_LENGTH ? s : (String) shareValue(s);
  }

  /** Like {@link #share(String)}, for a schemaless leaf; other values are returned as they are. */
  public Object share(Object v) {
    if (v instanceof String s) {
      return share(s);
    }
    if (v instanceof Long n) {
      return n >= -128 && n <= 127 ? n : shareValue(n); // Long.valueOf caches those
    }
    if (v instanceof BigDecimal d && d.precision() <= 18) {
      return shareValue(d); // equal in value and scale
    }
    return v;
  }

  private Object shareValue(Object v) {
    if (seen == null) {
      seen = new HashMap<>();
    }
    Object first = seen.get(v);
    if (first != null) {
      return first;
    }
    if (seen.size() < MAX_ENTRIES) {
      seen.put(v, v);
    }
    return v;
  }
}
