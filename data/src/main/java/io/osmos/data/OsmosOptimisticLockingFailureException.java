package io.osmos.data;

import io.osmos.exceptions.OsmosException;

/**
 * An update or delete found no stored entity with the given key and version: Jakarta's form of
 * Osmos's {@code ConcurrentUpdateException}, or of an update of a missing entity. Its message is
 * the Osmos message, context included, and its cause the Osmos exception.
 */
public final class OsmosOptimisticLockingFailureException
    extends jakarta.data.exceptions.OptimisticLockingFailureException implements OsmosContext {
  private static final long serialVersionUID = 1L;

  private final transient OsmosException osmos;

  /** The Jakarta exception standing for {@code osmos}. */
  public OsmosOptimisticLockingFailureException(OsmosException osmos) {
    super(osmos.getMessage(), osmos);
    this.osmos = osmos;
  }

  @Override
  public OsmosException osmosException() {
    return osmos;
  }
}
