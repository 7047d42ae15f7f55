package io.osmos.data;

import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.HookVetoException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.exceptions.ValidationException;

/**
 * Translates Osmos's exceptions into Jakarta Data's, as a Jakarta Data repository must throw them.
 * The Jakarta exception keeps the Osmos exception as its cause and its message (driver, bucket, key
 * and operation included), and implements {@link OsmosContext}.
 *
 * <table>
 *   <caption>Translations</caption>
 *   <tr><th>Osmos</th><th>Jakarta Data</th></tr>
 *   <tr><td>{@link DuplicateKeyException}</td>
 *       <td>{@link jakarta.data.exceptions.EntityExistsException}</td></tr>
 *   <tr><td>{@link ConcurrentUpdateException}</td>
 *       <td>{@link jakarta.data.exceptions.OptimisticLockingFailureException}</td></tr>
 *   <tr><td>{@link DecodeException}</td>
 *       <td>{@link jakarta.data.exceptions.MappingException}</td></tr>
 *   <tr><td>{@link UnsupportedQueryException}, {@link CapabilityException}</td>
 *       <td>{@link UnsupportedOperationException}</td></tr>
 *   <tr><td>{@link ValidationException}, {@link HookVetoException}</td>
 *       <td>unchanged: they are about the caller's data and hooks, not the store, and Jakarta
 *       Data lets such exceptions through (as it does Bean Validation's)</td></tr>
 *   <tr><td>any other {@link OsmosException}</td>
 *       <td>{@link jakarta.data.exceptions.DataException}</td></tr>
 * </table>
 */
public final class JakartaExceptions {
  private JakartaExceptions() {}

  /** The exception a Jakarta Data repository throws for {@code e}. */
  public static RuntimeException translate(OsmosException e) {
    if (e instanceof DuplicateKeyException) {
      return new OsmosEntityExistsException(e);
    }
    if (e instanceof ConcurrentUpdateException) {
      return new OsmosOptimisticLockingFailureException(e);
    }
    if (e instanceof DecodeException) {
      return new OsmosMappingException(e);
    }
    if (e instanceof UnsupportedQueryException || e instanceof CapabilityException) {
      return new OsmosUnsupportedOperationException(e);
    }
    if (e instanceof ValidationException || e instanceof HookVetoException) {
      return e;
    }
    return new OsmosDataException(e);
  }
}
