package io.osmos.data;

import io.osmos.exceptions.OsmosException;

/**
 * What Osmos knew when a Jakarta Data repository failed: the driver, bucket, key and operation.
 * Every Jakarta exception a generated repository throws implements it, and keeps the Osmos
 * exception it stands for as its cause, so a handler can catch Jakarta's type and still log Osmos's
 * context:
 *
 * <pre>{@code
 * try {
 *   books.insert(book);
 * } catch (EntityExistsException e) {
 *   if (e instanceof OsmosContext c) {
 *     log.warn("{} already stored in {}", c.key(), c.bucket());
 *   }
 * }
 * }</pre>
 */
public interface OsmosContext {
  /** The Osmos exception this one stands for (also its cause). */
  OsmosException osmosException();

  /** The driver, as {@code name (kind)}; null if unknown. */
  default String driver() {
    return osmosException().driver();
  }

  /** The bucket; null if unknown. */
  default String bucket() {
    return osmosException().bucket();
  }

  /** The key involved, abbreviated; null if none. */
  default String key() {
    return osmosException().key();
  }

  /** The operation: insert, save, find, ... */
  default String operation() {
    return osmosException().operation();
  }
}
